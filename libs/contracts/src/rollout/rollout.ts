/**
 * Staged rollouts (CONTRACT.md §8 "Rollouts"): the vocabulary the rollout module, the admin feed and
 * the webhooks share.
 */
export const ROLLOUT_STATUSES = ['draft', 'running', 'paused', 'completed', 'aborted', 'cancelled'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];
export const FINAL_ROLLOUT_STATUSES: readonly RolloutStatus[] = ['completed', 'aborted', 'cancelled'];

/** One wave's progress, as `GET /rollouts/{id}` shows it. */
export interface RolloutWaveView {
  index: number;
  kiosks: number;
  succeeded: number;
  failed: number;
  pending: number;
  /** ISO 8601; absent before the wave started. */
  startedAt?: string;
  /** ISO 8601; absent before every kiosk of the wave finished. */
  finishedAt?: string;
}

/** What holds the next wave back while the rollout runs (null: nothing, or not running). */
export interface RolloutHold {
  guard: 'wait' | 'wave_in_progress' | 'maintenance_window' | 'alerts' | 'sales';
  detail: string;
}

/** `rollout_updated` (admin feed) and `rollout.updated` (webhook): the rollout after a change. */
export interface RolloutUpdatedPayload {
  id: string;
  name: string;
  status: RolloutStatus;
  currentWave: number | null;
  waves: RolloutWaveView[];
  reason: string | null;
  /** ISO 8601, server clock. */
  at: string;
}
