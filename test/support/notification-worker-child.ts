/**
 * A worker process for tests that must kill one for real (SIGKILL mid-delivery): started with
 * `fork()`, configured from the JSON in WORKER_ENV, says "ready" over IPC once its processors run.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@app/core';
import { WorkerModule } from '../../apps/worker/src/worker.module';

async function main(): Promise<void> {
  const config = loadAppConfig(JSON.parse(process.env.WORKER_ENV ?? '{}') as Record<string, string>);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  await app.init();
  process.send?.('ready');
}

void main().catch((e: Error) => {
  process.stderr.write(`worker child failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
