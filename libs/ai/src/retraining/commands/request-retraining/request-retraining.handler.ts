import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { AiRetrainingJob, DomainError, QueueName, Role } from '@app/core';
import { RetrainingAcceptedDto } from '../../dto/retraining.dto';
import { RequestRetrainingCommand } from './request-retraining.command';

@CommandHandler(RequestRetrainingCommand)
export class RequestRetrainingHandler implements ICommandHandler<
  RequestRetrainingCommand,
  RetrainingAcceptedDto
> {
  constructor(@InjectQueue(QueueName.AiRetraining) private readonly queue: Queue) {}

  async execute({ user, dataSource }: RequestRetrainingCommand): Promise<RetrainingAcceptedDto> {
    // Real telemetry is the fleet owner's data: only admins may train on it.
    if (dataSource !== 'synthetic' && user.role !== Role.Admin) {
      throw new DomainError('forbidden', `Training on ${dataSource} data needs role admin`);
    }
    const job = await this.queue.add(AiRetrainingJob.Retrain, {
      dataSource,
      trigger: 'manual',
      requestedBy: user.id,
    });
    return { jobId: String(job.id) };
  }
}
