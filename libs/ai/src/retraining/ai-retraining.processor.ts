import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { AiRetrainingJob, QueueName, RetrainModelJob } from '@app/contracts';
import { RetrainingResult, RetrainingService } from './retraining.service';

/** The worker side of `ai-retraining`: one retraining at a time per worker. */
@Processor(QueueName.AiRetraining)
export class AiRetrainingProcessor {
  constructor(private readonly retraining: RetrainingService) {}

  @Process({ name: AiRetrainingJob.Retrain, concurrency: 1 })
  retrain(job: Job<RetrainModelJob>): Promise<RetrainingResult> {
    return this.retraining.run(String(job.id), job.data, (p) => job.progress(p));
  }
}
