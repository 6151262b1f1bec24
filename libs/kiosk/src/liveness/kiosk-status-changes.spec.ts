import { EventBus } from '@nestjs/cqrs';
import {
  KioskCameBackEvent,
  KioskStatusChangedEvent,
  KioskWentOfflineEvent,
  KioskWentStaleEvent,
} from '@app/contracts';
import { KioskStatusChanges, StatusRow } from './kiosk-status-changes';

const row = (previous: StatusRow['previous'], status: StatusRow['status']): StatusRow => ({
  kiosk_id: 7,
  previous,
  status,
  connected: status !== 'offline',
  reporting: status === 'online',
  peripherals_ok: true,
  can_sell: 'full',
});

describe('KioskStatusChanges', () => {
  const published: unknown[] = [];
  const changes = new KioskStatusChanges({
    publish: (e: unknown) => published.push(e),
  } as unknown as EventBus);
  beforeEach(() => (published.length = 0));

  it.each([
    ['online', 'stale', KioskWentStaleEvent],
    ['stale', 'offline', KioskWentOfflineEvent],
    ['online', 'offline', KioskWentOfflineEvent],
    ['offline', 'online', KioskCameBackEvent],
    ['stale', 'online', KioskCameBackEvent],
  ] as const)('%s → %s publishes the status change and %p', (from, to, named) => {
    changes.publish([row(from, to)]);
    expect(published).toHaveLength(2);
    expect(published[0]).toBeInstanceOf(KioskStatusChangedEvent);
    expect((published[0] as KioskStatusChangedEvent).previous).toBe(from);
    expect((published[0] as KioskStatusChangedEvent).snapshot).toMatchObject({ kioskId: 7, status: to });
    expect(published[1]).toBeInstanceOf(named);
  });

  it('publishes only the generic change for commanded states, and nothing when the status holds', () => {
    changes.publish([row('online', 'blocked'), row('online', 'online')]);
    expect(published).toHaveLength(1);
    expect(published[0]).toBeInstanceOf(KioskStatusChangedEvent);
  });
});
