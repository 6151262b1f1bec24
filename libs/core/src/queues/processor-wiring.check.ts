import { Injectable, Logger, Module, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import { DiscoveredProcessor, findProcessorProblems } from './processor-check';
import { QUEUE_OWNERS } from './queues';
import { QUEUE_JOB_NAMES, QueueName } from '@app/contracts';

// Metadata keys written by @nestjs/bull's @Processor() and @Process() decorators.
const QUEUE_METADATA = 'bull:module_queue';
const PROCESS_METADATA = 'bull:module_queue_process';

/**
 * Refuses to start a process whose Bull processors do not cover every job name exactly once, for
 * the queues of the domain modules enabled in it.
 */
@Injectable()
export class ProcessorWiringCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProcessorWiring');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    // Absent only where the check is compiled on its own (tests): then every queue is checked.
    @Optional() @InjectAppConfig() private readonly config?: AppConfig,
  ) {}

  discover(): DiscoveredProcessor[] {
    const found: DiscoveredProcessor[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const queueMeta = Reflect.getMetadata(QUEUE_METADATA, metatype) as { name?: string } | undefined;
      if (!queueMeta) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (prototype as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const processMeta = Reflect.getMetadata(PROCESS_METADATA, fn) as { name?: string } | undefined;
        if (!processMeta) continue;
        found.push({
          queue: queueMeta.name ?? 'default',
          jobName: processMeta.name,
          handler: `${metatype.name}.${method}`,
        });
      }
    }
    return found;
  }

  onApplicationBootstrap(): void {
    const discovered = this.discover();
    const enabled = this.config?.enabledModules;
    const queues = Object.values(QueueName).filter((q) => !enabled || enabled.has(QUEUE_OWNERS[q]));
    const problems = findProcessorProblems(discovered, QUEUE_JOB_NAMES, queues);
    if (problems.length) {
      throw new Error(`Bull processor wiring is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    this.logger.log(`${discovered.length} job processor(s) wired`);
  }
}

@Module({ imports: [DiscoveryModule], providers: [ProcessorWiringCheck] })
export class ProcessorWiringModule {}
