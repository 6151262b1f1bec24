import { InjectQueue } from '@nestjs/bull';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import { notFound } from '@app/core';
import { QueueName } from '@app/contracts';
import { RetrainingJobDto } from '../../dto/retraining.dto';
import type { RetrainingResult } from '../../retraining.service';
import { GetRetrainingJobQuery } from './get-retraining-job.query';

interface JobProgress {
  stage?: string;
  percent?: number;
  detail?: string;
}

@QueryHandler(GetRetrainingJobQuery)
export class GetRetrainingJobHandler implements IQueryHandler<GetRetrainingJobQuery, RetrainingJobDto> {
  constructor(@InjectQueue(QueueName.AiRetraining) private readonly queue: Queue) {}

  async execute({ jobId }: GetRetrainingJobQuery): Promise<RetrainingJobDto> {
    const job = /^\d{1,18}$/.test(jobId) ? await this.queue.getJob(jobId) : null;
    if (!job) throw notFound('Job');
    const bullState = await job.getState();
    const state =
      bullState === 'completed' || bullState === 'failed' || bullState === 'active' ? bullState : 'waiting';
    const raw: unknown = job.progress();
    const p: JobProgress = typeof raw === 'object' && raw !== null ? (raw as JobProgress) : {};
    const dto: RetrainingJobDto = {
      id: String(job.id),
      state,
      progress: state === 'completed' ? 100 : (p.percent ?? 0),
      stage: state === 'completed' ? 'done' : state === 'failed' ? 'failed' : (p.stage ?? 'waiting'),
    };
    if (p.detail !== undefined && state === 'active') dto.detail = p.detail;
    if (state === 'completed') {
      const r = job.returnvalue as RetrainingResult;
      dto.result = { version: r.version, promoted: r.promoted, reason: r.reason };
    }
    if (state === 'failed') dto.error = job.failedReason ?? 'unknown error';
    return dto;
  }
}
