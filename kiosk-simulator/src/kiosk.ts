import {
  ActiveFaults,
  FaultName,
  FaultWindow,
  KioskId,
  KioskProfile,
  KioskUpdatePayload,
  Sale,
  SeededRng,
  SignalState,
  StepOptions,
  activeFaultsAt,
  applyRestart,
  clockSkewMs,
  createSignalState,
  isActive,
  stepSignals,
} from '../../libs/kiosk-signals/src';
import { KioskCommands } from './kiosk-commands';
import { AppliedConfig } from './kiosk-config';
import { KioskEnv } from './kiosk-env';
import { KioskLink, Payment, Reading } from './kiosk-link';
import { Outbox } from './outbox';
import {
  FLOOD_BURST,
  MALFORMED_SHARE,
  SPOOF_SHARE,
  corruptPayment,
  corruptReading,
  spoofedSerial,
} from './scenarios/adversarial';
import { Timer } from './timer-wheel';
import { WanderPlan, applyWander, withWanderLabel } from './wander';
import { KioskCommandAckPayload, KioskPaymentPayload } from './wire';

export interface KioskSpec {
  /** Position in the whole fleet; drives the connection stagger. */
  index: number;
  serial: string;
  secret: string;
  kioskId?: KioskId;
  profile: KioskProfile;
  faults: FaultWindow[];
  /** Another kiosk's serial, for the `spoof` scenario. */
  peerSerial?: string;
  /** When and how far its GPS position leaves the site (--wanderers). */
  wander?: WanderPlan;
}

export type KioskMode = 'in_service' | 'blocked' | 'maintenance';

const SELLING: StepOptions = { selling: true };
const NOT_SELLING: StepOptions = { selling: false };
/** Share of a malformed kiosk's payments that are broken too. */
const MALFORMED_PAYMENT_SHARE = 0.2;

/**
 * One simulated kiosk: sensors sampled on a fixed cadence, sales, a service mode driven by
 * commands, scripted faults, and outboxes its link drains. All timers live on the thread's wheel.
 */
export class Kiosk {
  mode: KioskMode = 'in_service';
  kioskId: KioskId | undefined;
  /** The version it runs and reports in `kiosk_join`; changes only when it boots a new image. */
  firmwareVersion: string;
  /** Seconds between readings: the run's --interval until a `configure` says otherwise. */
  intervalSec: number;
  /** What the last applied `configure` set. */
  readonly config: AppliedConfig = { version: null, screenBrightness: 80, priceListVersion: null };
  readonly readings: Outbox<Reading>;
  readonly payments: Outbox<Payment>;
  readonly commandAcks: Outbox<KioskCommandAckPayload>;
  readonly signals: SignalState;
  /** Behaviour randomness (jitter, adversarial choices), separate from the signal stream. */
  readonly rng: SeededRng;
  readonly commands: KioskCommands;
  readonly link: KioskLink;
  private readonly signalRng: SeededRng;
  private readonly faults: ActiveFaults = {};
  private readonly tickTimer = new Timer(() => this.onTick());
  private readonly flapTimer = new Timer(() => this.onFlapTimer());
  /** Wall-clock offsets from the run's start of the next and the last sample. */
  private nextSampleOffsetMs = 0;
  private lastSampleOffsetMs: number | null = null;
  private tickIndex = 0;
  private seq = 0;
  private txCounter = 0;

  constructor(
    readonly spec: KioskSpec,
    readonly env: KioskEnv,
  ) {
    const s = env.settings;
    this.rng = new SeededRng(s.seed).fork(`behaviour:${spec.serial}`);
    this.signalRng = new SeededRng(s.seed).fork(`signals:${spec.serial}`);
    this.kioskId = spec.kioskId;
    this.firmwareVersion = s.firmwareVersion;
    this.intervalSec = s.intervalSec;
    this.readings = new Outbox<Reading>(s.outboxLimit);
    this.payments = new Outbox<Payment>(s.outboxLimit);
    this.commandAcks = new Outbox<KioskCommandAckPayload>(64);
    this.signals = createSignalState(spec.profile, env.clock.simStartMs, this.signalRng);
    this.commands = new KioskCommands(this);
    this.link = new KioskLink(this);
  }

  get serial(): string {
    return this.spec.serial;
  }

  get lastSeq(): number {
    return this.seq;
  }

  hasFault(name: FaultName): boolean {
    return isActive(this.faults, name);
  }

  /** Connects after `delayMs`; sampling starts at a random phase within one interval after that. */
  start(delayMs: number): void {
    const intervalMs = this.intervalSec * 1000;
    const startOffsetMs = Date.now() - this.env.clock.realStartMs + delayMs + this.rng.uniform(0, intervalMs);
    this.nextSampleOffsetMs = startOffsetMs;
    activeFaultsAt(this.spec.faults, this.env.clock.atRealOffset(startOffsetMs), this.faults);
    this.link.connectAfter(delayMs);
    this.env.wheel.armAt(this.tickTimer, this.env.clock.realStartMs + startOffsetMs);
  }

  /**
   * A new reading interval (`configure`): the next sample is one new interval after the last one,
   * or at once if that is already past, so a change from minutes to seconds shows at once.
   */
  setIntervalSec(sec: number): void {
    this.intervalSec = sec;
    if (this.lastSampleOffsetMs === null || !this.tickTimer.armed) return;
    const nowOffset = Date.now() - this.env.clock.realStartMs;
    this.nextSampleOffsetMs = Math.max(this.lastSampleOffsetMs + sec * 1000, nowOffset);
    this.env.wheel.armAt(this.tickTimer, this.env.clock.realStartMs + this.nextSampleOffsetMs);
  }

  /** No more samples; the connection stays up so in-flight acks can still arrive. */
  stopSampling(): void {
    this.env.wheel.cancel(this.tickTimer);
    this.env.wheel.cancel(this.flapTimer);
  }

  stop(): void {
    this.env.wheel.cancel(this.tickTimer);
    this.env.wheel.cancel(this.flapTimer);
    this.commands.cancelAll();
    this.link.stop();
  }

  /** Simulated "now" as the kiosk's own (possibly skewed) clock reads it, ISO 8601 with Z. */
  clockIso(): string {
    const sim = this.env.clock.now();
    return new Date(sim + clockSkewMs(this.spec.profile, this.faults, sim)).toISOString();
  }

  private onTick(): void {
    const offset = this.nextSampleOffsetMs;
    // Sample times come from the schedule, not from when the timer fired, so a seeded run yields
    // the same readings whatever the event-loop jitter.
    const simMs = this.env.clock.atRealOffset(offset);
    this.tickIndex++;
    this.lastSampleOffsetMs = offset;
    this.nextSampleOffsetMs = offset + this.intervalSec * 1000;
    this.env.wheel.armAt(this.tickTimer, this.env.clock.realStartMs + this.nextSampleOffsetMs);
    const phase = this.link.phase;
    if (phase === 'restarting' || phase === 'stopped') return;
    activeFaultsAt(this.spec.faults, simMs, this.faults);
    const selling = this.mode === 'in_service';
    const step = stepSignals(
      this.spec.profile,
      this.signals,
      simMs,
      this.faults,
      this.signalRng,
      selling ? SELLING : NOT_SELLING,
    );
    for (const sale of step.sales) this.enqueuePayment(sale, step.timestampMs - step.simMs, step.label);
    const away = applyWander(step.reading.location, this.spec.wander, simMs);
    const label = withWanderLabel(step.label, away);
    // Blocked: no sales and no telemetry, except a slow heartbeat so the server knows it is alive.
    const blocked = this.mode === 'blocked';
    if (!blocked || this.tickIndex % this.env.settings.blockedHeartbeatEvery === 1) {
      const payload: KioskUpdatePayload = {
        timestamp: new Date(step.timestampMs).toISOString(),
        serial: this.serial,
        seq: 0,
        ...step.reading,
      };
      if (this.kioskId !== undefined) payload.kiosk_id = this.kioskId;
      this.enqueueReading(payload, label, simMs);
      if (!blocked && this.hasFault('flood')) {
        for (let i = 0; i < FLOOD_BURST; i++) this.enqueueReading({ ...payload }, label, simMs);
      }
    }
    if (this.hasFault('flapping') && this.link.online && !this.flapTimer.armed) {
      this.env.wheel.arm(this.flapTimer, this.rng.uniform(...this.env.settings.flapUpMs));
    }
    this.link.flush();
  }

  private enqueueReading(payload: KioskUpdatePayload, label: string, simMs: number): void {
    const seq = ++this.seq;
    payload.seq = seq;
    if (this.hasFault('spoof') && this.rng.chance(SPOOF_SHARE)) {
      payload.serial = spoofedSerial(this.serial, this.spec.peerSerial, this.rng);
    }
    const wire =
      this.hasFault('malformed') && this.rng.chance(MALFORMED_SHARE)
        ? corruptReading(payload, this.rng)
        : payload;
    this.readings.push(seq, wire, label, simMs);
  }

  private enqueuePayment(sale: Sale, skewMs: number, label: string): void {
    const payment: KioskPaymentPayload = {
      // Unique per run so a credentials file can be reused without colliding with old payments.
      transaction_id: `${this.serial}-${this.env.settings.runId}-${++this.txCounter}`,
      amount: sale.amount,
      currency: sale.currency,
      method: sale.method,
      status: sale.status,
      timestamp: new Date(sale.atMs + skewMs).toISOString(),
      items: sale.items,
    };
    const broken = this.hasFault('malformed') && this.rng.chance(MALFORMED_PAYMENT_SHARE);
    this.payments.push(
      this.txCounter,
      broken ? corruptPayment(payment, this.rng) : payment,
      label,
      sale.atMs,
    );
  }

  enqueueCommandAck(ack: KioskCommandAckPayload): void {
    this.commandAcks.push(0, ack, '', 0);
    this.link.flush();
  }

  /** Called by the link after each successful join. */
  onOnline(): void {
    if (this.hasFault('flapping') && !this.flapTimer.armed)
      this.env.wheel.arm(this.flapTimer, this.rng.uniform(...this.env.settings.flapUpMs));
  }

  private onFlapTimer(): void {
    if (this.link.online && this.hasFault('flapping')) {
      this.link.drop('flap_down');
      this.env.wheel.arm(this.flapTimer, this.rng.uniform(...this.env.settings.flapDownMs));
    } else if (this.link.phase === 'flap_down') {
      this.link.resume();
    }
  }

  /** Power cycle: dark for `downMs` of wall time, back with a freshly booted state, then reconnect. */
  restart(downMs: number, onBack: () => void): void {
    this.env.wheel.cancel(this.flapTimer);
    this.link.drop('restarting');
    this.commands.after(downMs, () => {
      if (this.link.phase !== 'restarting') return;
      applyRestart(this.signals);
      onBack();
      this.link.resume();
    });
  }
}
