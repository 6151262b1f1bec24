import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '@app/core';
import { DATASET_REFUSAL_REASONS, DatasetRefusalReason } from './dataset-refusal';

/** Prometheus metrics of `POST /ai/datasets`: refusals by reason, accepted files, parse time. */
@Injectable()
export class DatasetUploadMetrics {
  readonly parseSeconds: Histogram<'outcome'>;
  private readonly refused: Counter<'reason'>;
  private readonly accepted: Counter;

  constructor(metrics: MetricsService) {
    this.refused = new Counter({
      name: 'ai_dataset_uploads_refused_total',
      help: 'Dataset uploads refused, by reason (caps, bad files, busy, client gone)',
      labelNames: ['reason'],
      registers: [metrics.registry],
    });
    // Every reason is exported from the start (0), so a rate() over it never starts blank.
    for (const reason of DATASET_REFUSAL_REASONS) this.refused.labels(reason);
    this.accepted = new Counter({
      name: 'ai_dataset_uploads_accepted_total',
      help: 'Dataset uploads parsed and stored',
      registers: [metrics.registry],
    });
    this.parseSeconds = new Histogram({
      name: 'ai_dataset_parse_seconds',
      help: 'Wall time of one dataset parse in its worker thread, upload streaming included, by outcome',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
  }

  refusedFor(reason: DatasetRefusalReason): void {
    this.refused.labels(reason).inc();
  }

  acceptedOne(): void {
    this.accepted.inc();
  }
}
