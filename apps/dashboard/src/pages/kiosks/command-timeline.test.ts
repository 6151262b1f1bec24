import { describe, expect, it } from 'vitest';
import { commandTimeline } from './command-timeline';
import { command } from './fixtures';

const summary = (steps: ReturnType<typeof commandTimeline>) => steps.map((s) => `${s.status}:${s.state}`);

describe('command timeline', () => {
  it('shows a pending command with everything after it still to come', () => {
    expect(summary(commandTimeline(command()))).toEqual([
      'pending:current',
      'sent:upcoming',
      'acknowledged:upcoming',
      'succeeded:upcoming',
    ]);
  });

  it('marks a step the kiosk went past without stopping as skipped', () => {
    const steps = commandTimeline(
      command({ status: 'succeeded', sentAt: '2026-12-07T10:00:01Z', completedAt: '2026-12-07T10:00:03Z' }),
    );
    expect(summary(steps)).toEqual([
      'pending:done',
      'sent:done',
      'acknowledged:skipped',
      'succeeded:succeeded',
    ]);
    expect(steps[3].at).toBe('2026-12-07T10:00:03Z');
  });

  it('ends a failed command on its failure with the kiosk’s error from the history', () => {
    const steps = commandTimeline(
      command({
        status: 'failed',
        error: 'disk full',
        history: [
          { from: null, to: 'pending', at: '2026-12-07T10:00:00Z' },
          { from: 'pending', to: 'sent', at: '2026-12-07T10:00:01Z' },
          { from: 'sent', to: 'acknowledged', at: '2026-12-07T10:00:02Z' },
          { from: 'acknowledged', to: 'failed', at: '2026-12-07T10:00:09Z', detail: 'printer jammed' },
        ],
      }),
    );
    expect(summary(steps)).toEqual(['pending:done', 'sent:done', 'acknowledged:done', 'failed:failed']);
    expect(steps[3]).toMatchObject({ at: '2026-12-07T10:00:09Z', detail: 'printer jammed' });
  });

  it('shows an expired command that was never delivered', () => {
    expect(
      summary(commandTimeline(command({ status: 'expired', completedAt: '2026-12-07T10:02:03Z' }))),
    ).toEqual(['pending:done', 'sent:skipped', 'acknowledged:skipped', 'expired:failed']);
  });
});
