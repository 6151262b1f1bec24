import { applyMaintenance } from '../../libs/kiosk-signals/src';
import {
  UPDATE_FAILURE_REASON,
  UpdateFate,
  bumpPatch,
  requestedVersion,
  updateFate,
} from './firmware-update';
import type { Kiosk, KioskMode } from './kiosk';
import { parseConfigure } from './kiosk-config';
import { Timer } from './timer-wheel';
import { CommandAckStatus, KioskCommandAckPayload, KioskCommandPayload } from './wire';

/** How long a real unit takes, in simulated seconds (divided by --time-scale on the wall clock). */
export const COMMAND_DELAYS_SEC = {
  block: 0.5,
  unblock: 0.5,
  maintenance: 1,
  update: 2,
  refund: 1.5,
  /** Writing the settings and reloading the kiosk app. */
  configure: 0.5,
  /** Time between acknowledging a restart and going dark (flushing logs, stopping services). */
  restartShutdown: 0.3,
  /** Time offline while rebooting. */
  restartDown: 3,
} as const;

interface Outcome {
  status: CommandAckStatus;
  error?: string;
}

/** Ids remembered to recognise commands the server re-sends after a rejoin. */
const REMEMBERED_COMMANDS = 256;

/**
 * Executes `kiosk_command`s the way field units do: `processing` at once, then `success` or `error`
 * after the unit has actually done the work. A command the server re-delivers (pending commands are
 * re-sent after join) is not executed twice; if it already finished, its final ack is repeated.
 */
export class KioskCommands {
  private readonly outcomes = new Map<string, Outcome | null>();
  private readonly timers = new Set<Timer>();

  constructor(private readonly kiosk: Kiosk) {}

  /** Runs `fn` after `realMs` on the shared wheel; commands are rare, so one Timer each is fine. */
  after(realMs: number, fn: () => void): void {
    const timer = new Timer(() => {
      this.timers.delete(timer);
      fn();
    });
    this.timers.add(timer);
    this.kiosk.env.wheel.arm(timer, realMs);
  }

  cancelAll(): void {
    for (const t of this.timers) this.kiosk.env.wheel.cancel(t);
    this.timers.clear();
  }

  handle(cmd: KioskCommandPayload): void {
    this.kiosk.env.stats.command(cmd.command);
    const id = cmd.command_id === undefined ? null : String(cmd.command_id);
    if (id !== null) {
      if (this.outcomes.has(id)) {
        const done = this.outcomes.get(id);
        if (done) this.ack(cmd, done);
        return;
      }
      this.remember(id, null);
    }
    switch (cmd.command) {
      case 'block':
        return this.work(cmd, COMMAND_DELAYS_SEC.block, () => this.setMode('blocked'));
      case 'unblock':
        return this.work(cmd, COMMAND_DELAYS_SEC.unblock, () => this.setMode('in_service'));
      case 'maintenance':
        return this.work(cmd, COMMAND_DELAYS_SEC.maintenance, () => {
          this.setMode('maintenance');
          // The technician on site clears jams, refills ink and empties the cash box.
          applyMaintenance(this.kiosk.signals);
          return { status: 'success' };
        });
      case 'update':
        return this.update(cmd);
      case 'configure':
        return this.work(cmd, COMMAND_DELAYS_SEC.configure, () => this.configure(cmd));
      case 'refund':
        return this.work(cmd, COMMAND_DELAYS_SEC.refund, () =>
          cmd.params && cmd.params.payment_id !== undefined && cmd.params.payment_id !== null
            ? { status: 'success' }
            : { status: 'error', error: 'missing params.payment_id' },
        );
      case 'restart':
        return this.restart(cmd);
      default:
        return this.finish(cmd, { status: 'error', error: `unsupported command "${cmd.command}"` });
    }
  }

  private work(cmd: KioskCommandPayload, delaySec: number, run: () => Outcome): void {
    this.ack(cmd, { status: 'processing' });
    this.after(this.realMs(delaySec), () => this.finish(cmd, run()));
  }

  private restart(cmd: KioskCommandPayload): void {
    this.ack(cmd, { status: 'processing' });
    this.after(this.realMs(COMMAND_DELAYS_SEC.restartShutdown), () => {
      // The success ack is queued when the unit is back up and goes out right after it rejoins.
      this.kiosk.restart(this.realMs(COMMAND_DELAYS_SEC.restartDown), () =>
        this.finish(cmd, { status: 'success' }),
      );
    });
  }

  /**
   * Download and install, ack `success` (or `error`, staying on the old version), then reboot into
   * the new image: dark for `updateRebootSec`, then a rejoin whose `firmware_version` is the new
   * version — or the old one for the `stale` share, whose boot loader fell back.
   */
  private update(cmd: KioskCommandPayload): void {
    const k = this.kiosk;
    const asked = requestedVersion(cmd.params);
    if (asked.error !== undefined) return this.finish(cmd, { status: 'error', error: asked.error });
    const version = asked.version ?? bumpPatch(k.firmwareVersion);
    const s = k.env.settings;
    const fate: UpdateFate = updateFate(s.seed, k.serial, version, {
      failure: s.updateFailureRate,
      stale: s.updateStaleRate,
    });
    this.ack(cmd, { status: 'processing' });
    this.after(this.realMs(COMMAND_DELAYS_SEC.update), () => {
      if (fate === 'failed') return this.finish(cmd, { status: 'error', error: UPDATE_FAILURE_REASON });
      this.finish(cmd, { status: 'success' });
      // Flushing the ack and stopping services before the reboot, as for `restart`.
      this.after(this.realMs(COMMAND_DELAYS_SEC.restartShutdown), () =>
        k.restart(this.realMs(s.updateRebootSec), () => {
          if (fate === 'installed') k.firmwareVersion = version;
        }),
      );
    });
  }

  /** Applies the known settings of a `configure`; an older version than the applied one changes nothing. */
  private configure(cmd: KioskCommandPayload): Outcome {
    const parsed = parseConfigure(cmd.params);
    if (!parsed.ok) return { status: 'error', error: parsed.error };
    const k = this.kiosk;
    const { version, settings } = parsed.value;
    // Commands can arrive out of order (a re-delivery after a newer one): never step back.
    if (k.config.version !== null && version <= k.config.version) return { status: 'success' };
    k.config.version = version;
    if (settings.screen_brightness !== undefined) k.config.screenBrightness = settings.screen_brightness;
    if (settings.price_list_version !== undefined) k.config.priceListVersion = settings.price_list_version;
    if (settings.telemetry_interval_sec !== undefined) k.setIntervalSec(settings.telemetry_interval_sec);
    return { status: 'success' };
  }

  private setMode(mode: KioskMode): Outcome {
    this.kiosk.mode = mode;
    return { status: 'success' };
  }

  private finish(cmd: KioskCommandPayload, outcome: Outcome): void {
    if (cmd.command_id !== undefined) this.remember(String(cmd.command_id), outcome);
    this.ack(cmd, outcome);
  }

  private ack(cmd: KioskCommandPayload, outcome: Outcome): void {
    const payload: KioskCommandAckPayload = {
      kiosk_id: this.kiosk.kioskId ?? cmd.kiosk_id,
      command: cmd.command,
      status: outcome.status,
      timestamp: this.kiosk.clockIso(),
    };
    if (cmd.command_id !== undefined) payload.command_id = cmd.command_id;
    if (outcome.error !== undefined) payload.error = outcome.error;
    this.kiosk.enqueueCommandAck(payload);
  }

  private remember(id: string, outcome: Outcome | null): void {
    this.outcomes.delete(id);
    this.outcomes.set(id, outcome);
    if (this.outcomes.size > REMEMBERED_COMMANDS) {
      const oldest = this.outcomes.keys().next().value;
      if (oldest !== undefined) this.outcomes.delete(oldest);
    }
  }

  private realMs(simSec: number): number {
    return Math.max(5, this.kiosk.env.clock.realDelay(simSec * 1000));
  }
}
