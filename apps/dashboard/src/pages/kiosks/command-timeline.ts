import { isFinal, type CommandDto, type CommandStatus } from './live-merge';

export type StepState = 'done' | 'skipped' | 'current' | 'succeeded' | 'failed' | 'upcoming';

export interface TimelineStep {
  status: CommandStatus;
  at: string | null;
  state: StepState;
  /** The kiosk's error text on a failed final step. */
  detail: string | null;
}

const ORDER: readonly CommandStatus[] = ['pending', 'sent', 'acknowledged'];

/**
 * The lifecycle of a command as steps: pending → sent → acknowledged → its final status (or
 * "succeeded" still to come). Times come from the history when it is loaded (GET /commands/{id}),
 * otherwise from the resource's own timestamps. A step the command went past without stopping
 * (a kiosk may answer `success` without a `processing` first) is shown as skipped.
 */
export function commandTimeline(cmd: CommandDto): TimelineStep[] {
  const fromHistory = (s: CommandStatus) => cmd.history?.find((h) => h.to === s)?.at ?? null;
  const fieldTime: Partial<Record<CommandStatus, string | null>> = {
    pending: cmd.createdAt,
    sent: cmd.sentAt,
    acknowledged: cmd.acknowledgedAt,
  };
  const timeOf = (s: CommandStatus) => fromHistory(s) ?? fieldTime[s] ?? null;
  const final = isFinal(cmd.status);
  const reached = final ? ORDER.length : ORDER.indexOf(cmd.status);

  const steps: TimelineStep[] = ORDER.map((status, i) => {
    const at = timeOf(status);
    let state: StepState = 'upcoming';
    if (i < reached) state = at ? 'done' : 'skipped';
    else if (i === reached) state = 'current';
    return { status, at, state, detail: null };
  });
  const last = final ? cmd.status : 'succeeded';
  steps.push({
    status: last,
    at: final ? (fromHistory(last) ?? cmd.completedAt) : null,
    state: !final ? 'upcoming' : last === 'succeeded' ? 'succeeded' : 'failed',
    detail:
      final && last !== 'succeeded' ? (cmd.history?.find((h) => h.to === last)?.detail ?? cmd.error) : null,
  });
  return steps;
}
