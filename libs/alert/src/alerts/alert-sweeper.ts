import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis, PeriodicTask } from '@app/core';
import { AlertOptions, InjectAlertOptions } from '../alert.options';
import { LivenessAlerts } from '../evaluation/liveness-alerts';
import { RateAlerts } from '../evaluation/rate-alerts';
import { SiteIncidents } from '../evaluation/site-incidents';
import { ALERT_COLUMNS, SEVERITY_LADDER } from './alert-row';
import { AlertStore } from './alert-store';
import type { AlertTx } from './alert-tx';

const LEADER_KEY = 'leader:alert-sweeper';
const LEADER_TTL_MS = 5_000;
const TICK_MS = 1_000;
const PRUNE_EVERY_PASSES = 300;
const SIGNAL_RETENTION = '2 days';

/**
 * The time-driven side of alerts, on the one instance holding the leader lock (like the kiosk
 * liveness sweeper): escalation of unacknowledged alerts, un-muting when maintenance windows end,
 * liveness durations, rate windows, site recoveries, settling of flapping alerts. Every pass is a
 * set of idempotent UPDATEs, so a leader change mid-pass repeats nothing.
 */
@Injectable()
export class AlertSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertSweeper.name);
  private readonly task: PeriodicTask;
  private passes = 0;

  constructor(
    @InjectRedis() redis: Redis,
    @InjectAlertOptions() private readonly options: AlertOptions,
    private readonly store: AlertStore,
    private readonly liveness: LivenessAlerts,
    private readonly incidents: SiteIncidents,
    private readonly rates: RateAlerts,
  ) {
    this.task = new PeriodicTask({
      intervalMs: TICK_MS,
      run: () => this.sweep(),
      logger: this.logger,
      failure: 'alert sweep failed',
      leader: { redis, key: LEADER_KEY, ttlMs: LEADER_TTL_MS },
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async sweep(): Promise<void> {
    // One transaction per pass: most passes change nothing, and round trips are their cost.
    await this.store.transact(async (tx) => {
      await this.escalate(tx);
      await this.unmuteAfterMaintenance(tx);
      await this.liveness.sweep(tx);
      await this.incidents.sweep(tx);
      await this.rates.sweep(tx);
      await this.settleFlapping(tx);
      if (this.passes++ % PRUNE_EVERY_PASSES === 0) {
        await tx.query(`DELETE FROM alert_signals WHERE at < now() - interval '${SIGNAL_RETENTION}'`);
      }
    });
  }

  /** Open (unacknowledged) alerts go one severity up per step passed since they were first seen. */
  private async escalate(tx: AlertTx): Promise<void> {
    const steps = this.options.escalationStepsSec;
    if (!steps.length) return;
    await tx.update(
      `UPDATE alerts a
            SET escalation_level = a.escalation_level + 1,
                severity = ($2::text[])[least(array_position($2::text[], a.severity) + 1, cardinality($2::text[]))]
          WHERE a.status = 'open' AND NOT a.muted AND a.escalation_level < cardinality($1::int[])
            AND a.first_seen_at <= now() - make_interval(secs => ($1::int[])[a.escalation_level + 1])
        RETURNING ${ALERT_COLUMNS}`,
      [steps, SEVERITY_LADDER],
      'escalated',
    );
  }

  /** Muted alerts still unresolved when no maintenance window covers their kiosk any more are announced. */
  private async unmuteAfterMaintenance(tx: AlertTx): Promise<void> {
    await tx.update(
      `UPDATE alerts a SET muted = false
          WHERE a.muted AND a.status <> 'resolved' AND NOT alert_kiosk_muted(a.kiosk_id)
        RETURNING ${ALERT_COLUMNS}`,
      [],
      'unmuted',
    );
  }

  /** A flapping alert whose condition has stayed away for a whole flap window resolves after all. */
  private async settleFlapping(tx: AlertTx): Promise<void> {
    await tx.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = 'flapping_settled'
          WHERE a.flapping AND a.status <> 'resolved' AND a.type IN ('threshold', 'peripheral')
            AND a.last_seen_at < now() - make_interval(secs => $1)
        RETURNING ${ALERT_COLUMNS}`,
      [this.options.flapWindowSec],
      'resolved',
    );
  }
}
