/** A retraining job's state, progress and result (`GET /ai/jobs/{id}`). */
export class GetRetrainingJobQuery {
  constructor(readonly jobId: string) {}
}
