import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { DomainError, notFound, unprocessable } from '@app/core';
import {
  COMMANDS_ISSUED_ELSEWHERE,
  CommandsJob,
  FanOutBulkCommandJob,
  QueueName,
  ResolvedKioskTargets,
  ResolveKioskTargetsQuery,
} from '@app/contracts';
import { CommandBatchRepository } from '../../repositories/command-batch.repository';
import { CommandMetrics } from '../../services/command-metrics';
import { validateCommandParams } from '../../services/command-params';
import { CreateBulkCommandCommand } from './create-bulk-command.command';

export interface AcceptedBulkCommand {
  batchId: string;
  count: number;
}

/**
 * Accepts a bulk command: resolves the target kiosks the caller may command, records the batch and
 * hands the fan-out to the worker, so 10,000 kiosks cost the request one INSERT and one job.
 */
@CommandHandler(CreateBulkCommandCommand)
export class CreateBulkCommandHandler implements ICommandHandler<
  CreateBulkCommandCommand,
  AcceptedBulkCommand
> {
  constructor(
    private readonly batches: CommandBatchRepository,
    private readonly queries: QueryBus,
    @InjectQueue(QueueName.Commands) private readonly queue: Queue<FanOutBulkCommandJob>,
    private readonly metrics: CommandMetrics,
  ) {}

  async execute(c: CreateBulkCommandCommand): Promise<AcceptedBulkCommand> {
    // A refund belongs to one payment: there is no bulk form of it, whoever asks.
    const route = COMMANDS_ISSUED_ELSEWHERE[c.command];
    if (route) {
      this.metrics.refused.inc({ reason: `${c.command}_outside_its_route` });
      throw unprocessable(`A ${c.command} command is issued only through ${route}, never in bulk`, [
        { field: 'command', message: `${c.command} is issued through ${route}` },
      ]);
    }
    if ((c.target.kioskIds === undefined) === (c.target.tag === undefined)) {
      throw new DomainError('invalid', 'Give exactly one of kioskIds or tag', [
        { field: 'kioskIds', message: 'exactly one of kioskIds or tag is required' },
      ]);
    }
    const problems = validateCommandParams(c.command, c.params);
    if (problems.length) throw new DomainError('invalid', 'Invalid command parameters', problems);
    const { kioskIds, missing } = await this.queries.execute<ResolveKioskTargetsQuery, ResolvedKioskTargets>(
      new ResolveKioskTargetsQuery(c.issuer, c.target),
    );
    if (missing.length) throw notFound(`Kiosk ${missing.slice(0, 10).join(', ')}`);
    const batch = await this.batches.create({
      command: c.command,
      params: c.params,
      target: c.target,
      kioskIds,
      ttlSeconds: c.ttlSeconds,
      count: kioskIds.length,
      createdBy: c.issuer.id,
      createdAt: new Date(),
      fannedOutAt: null,
    });
    // jobId = batch id: enqueuing twice (a retried request) still fans out once.
    await this.queue.add(CommandsJob.FanOutBulkCommand, { batchId: batch.id }, { jobId: batch.id });
    return { batchId: batch.id, count: kioskIds.length };
  }
}
