import type { Schema } from '@kiosk-fleet/sdk';
import type { CommandUpdatedEvent, FeedReading, KioskStatusEvent } from '../../feed';
import type { KioskDto } from './kiosk-filters';

export type { CommandUpdatedEvent, FeedReading, KioskStatusEvent };
export type KioskStateDto = Schema<'KioskStateDto'>;
export type CommandDto = Schema<'CommandDto'>;
export type CommandStatus = Schema<'CommandStatus'>;

/** The newest event per kiosk of a batch (a burst may carry several changes of one kiosk). */
function newestPerKiosk(events: readonly KioskStatusEvent[]): Map<number, KioskStatusEvent> {
  const byKiosk = new Map<number, KioskStatusEvent>();
  for (const ev of events) {
    const seen = byKiosk.get(ev.kioskId);
    if (!seen || seen.at <= ev.at) byKiosk.set(ev.kioskId, ev);
  }
  return byKiosk;
}

/**
 * A batch of status events applied to the pages of the kiosk list in one pass. Pages without a
 * changed kiosk keep their identity (and the list keeps its own when nothing changed), so a feed
 * burst costs one walk of the list per batch, not one per event, and React re-renders only when a
 * visible value moved.
 */
export function mergeStatusIntoPages<P extends { items: KioskDto[] }>(
  pages: readonly P[],
  events: readonly KioskStatusEvent[],
): P[] {
  if (!events.length) return pages as P[];
  const byKiosk = newestPerKiosk(events);
  let changed = false;
  const out = pages.map((page) => {
    let items: KioskDto[] | null = null;
    page.items.forEach((k, i) => {
      const ev = byKiosk.get(k.id);
      if (!ev || (ev.status === k.status && ev.canSell === k.canSell)) return;
      items ??= page.items.slice();
      items[i] = { ...k, status: ev.status, canSell: ev.canSell };
    });
    if (!items) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? out : (pages as P[]);
}

/** The kiosk resource after a status event of its own (others are ignored). */
export function mergeStatusIntoKiosk(kiosk: KioskDto, ev: KioskStatusEvent): KioskDto {
  if (ev.kioskId !== kiosk.id || (ev.status === kiosk.status && ev.canSell === kiosk.canSell)) return kiosk;
  return { ...kiosk, status: ev.status, canSell: ev.canSell };
}

/** The state resource after a status event: the three liveness signals and what the kiosk can sell. */
export function mergeStatusIntoState(state: KioskStateDto, ev: KioskStatusEvent): KioskStateDto {
  if (ev.kioskId !== state.kioskId) return state;
  return {
    ...state,
    status: ev.status,
    connected: ev.connected,
    reporting: ev.reporting,
    peripheralsOk: ev.peripheralsOk,
    canSell: ev.canSell,
  };
}

/** The state resource after a reading from the feed: a newer reading replaces `lastReading`. */
export function mergeReadingIntoState(state: KioskStateDto, reading: FeedReading): KioskStateDto {
  if (state.lastReading && Date.parse(state.lastReading.timestamp) >= Date.parse(reading.timestamp))
    return state;
  return { ...state, lastReading: reading };
}

const FINAL: readonly CommandStatus[] = ['succeeded', 'failed', 'expired', 'cancelled'];
export const isFinal = (s: CommandStatus) => FINAL.includes(s);

/** Order of the lifecycle, so a late event never moves a command backwards (events can cross). */
const STAGE: Record<CommandStatus, number> = {
  pending: 0,
  sent: 1,
  acknowledged: 2,
  succeeded: 3,
  failed: 3,
  expired: 3,
  cancelled: 3,
};

/** A command after a `command_updated` event: its status, the time of that step, and its history. */
export function mergeCommandEvent(cmd: CommandDto, ev: CommandUpdatedEvent): CommandDto {
  if (cmd.id !== ev.id || STAGE[ev.status] < STAGE[cmd.status] || cmd.status === ev.status) return cmd;
  const next: CommandDto = { ...cmd, status: ev.status };
  if (ev.status === 'sent') next.sentAt ??= ev.at;
  else if (ev.status === 'acknowledged') next.acknowledgedAt ??= ev.at;
  else if (isFinal(ev.status)) next.completedAt ??= ev.at;
  if (cmd.history) next.history = [...cmd.history, { from: cmd.status, to: ev.status, at: ev.at }];
  return next;
}

/**
 * A kiosk's command list after an event. `known` is false when the command is not in the list
 * (issued from elsewhere, or by a bulk request): the caller then refetches to get the whole resource.
 */
export function mergeCommandEventIntoList(
  items: readonly CommandDto[],
  ev: CommandUpdatedEvent,
): { items: CommandDto[]; known: boolean } {
  const i = items.findIndex((c) => c.id === ev.id);
  if (i < 0) return { items: items as CommandDto[], known: false };
  const merged = mergeCommandEvent(items[i], ev);
  if (merged === items[i]) return { items: items as CommandDto[], known: true };
  const out = items.slice();
  out[i] = merged;
  return { items: out, known: true };
}
