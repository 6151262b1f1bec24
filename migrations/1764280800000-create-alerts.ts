import { MigrationInterface, QueryRunner } from 'typeorm';

/** The defaults every fleet starts with; admins edit or disable them at /alert-rules. */
const DEFAULT_RULES: { name: string; severity: string; condition: object; forSeconds: number }[] = [
  {
    name: 'Cabinet temperature high',
    severity: 'major',
    condition: { field: 'environmental.temperature', op: '>', value: 45 },
    forSeconds: 60,
  },
  {
    name: 'CPU temperature high',
    severity: 'major',
    condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
    forSeconds: 60,
  },
  {
    name: 'Disk almost full',
    severity: 'warning',
    condition: { field: 'hardware.disk_usage', op: '>=', value: 90 },
    forSeconds: 0,
  },
  {
    name: 'Printer needs attention',
    severity: 'warning',
    condition: {
      any: [
        { field: 'peripherals.printer_status', op: '==', value: 'paper_jam' },
        { field: 'peripherals.printer_status', op: '==', value: 'offline' },
      ],
    },
    forSeconds: 0,
  },
  {
    name: 'Cash acceptor out of service',
    severity: 'major',
    condition: {
      any: [
        { field: 'peripherals.cash_acceptor', op: '==', value: 'full' },
        { field: 'peripherals.cash_acceptor', op: '==', value: 'error' },
      ],
    },
    forSeconds: 0,
  },
  {
    name: 'Card reader error',
    severity: 'major',
    condition: { field: 'peripherals.card_reader', op: '==', value: 'error' },
    forSeconds: 0,
  },
  {
    name: 'Kiosk offline',
    severity: 'critical',
    condition: { liveness: 'offline', forSeconds: 300 },
    forSeconds: 0,
  },
];

/**
 * Alert rules, alerts and their notes, maintenance windows, and the signal log (offline
 * transitions, failed payments) that rate rules and site incidents count across instances.
 */
export class CreateAlerts1764280800000 implements MigrationInterface {
  name = 'CreateAlerts1764280800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'major', 'critical')),
        enabled boolean NOT NULL DEFAULT true,
        scope_kind text NOT NULL CHECK (scope_kind IN ('all', 'tag', 'kiosk')),
        scope_value text,
        condition jsonb NOT NULL,
        for_seconds int NOT NULL DEFAULT 0 CHECK (for_seconds BETWEEN 0 AND 86400),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((scope_kind = 'all') = (scope_value IS NULL))
      )`);
    await q.query(`CREATE INDEX alert_rules_created_at_id ON alert_rules (created_at, id)`);

    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kiosk_id int REFERENCES kiosks (id) ON DELETE CASCADE,
        rule_id uuid REFERENCES alert_rules (id) ON DELETE SET NULL,
        -- What makes two alerts "the same problem": 'rule:<id>' for rule alerts, else per type.
        dedup_key text NOT NULL,
        type text NOT NULL CHECK (type IN ('threshold', 'peripheral', 'liveness', 'rate', 'ai_anomaly',
                                           'site_incident', 'cash_mismatch')),
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'major', 'critical')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
        muted boolean NOT NULL DEFAULT false,
        title text NOT NULL,
        occurrences int NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
        first_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        acknowledged_by uuid REFERENCES users (id) ON DELETE SET NULL,
        acknowledged_at timestamptz(3),
        resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
        resolved_at timestamptz(3),
        -- Who resolved it: a person (resolved_by), or the system ('auto', 'liveness', 'rate_window', …).
        resolved_reason text,
        false_positive boolean,
        explanation jsonb,
        incident_id uuid REFERENCES alerts (id) ON DELETE SET NULL,
        -- Site incidents: the kiosks they group (visibility for operators follows them).
        member_kiosk_ids int[],
        details jsonb,
        escalation_level int NOT NULL DEFAULT 0,
        -- Automatic re-openings within the flap window; past the threshold the alert stays open.
        reopened_at timestamptz[] NOT NULL DEFAULT '{}',
        flapping boolean NOT NULL DEFAULT false,
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
        CHECK (kiosk_id IS NOT NULL OR type = 'site_incident')
      )`);
    // Exactly one unresolved alert per (kiosk, rule), and per (kiosk, key) for rule-less alerts:
    // concurrent breaches on any number of instances meet here (INSERT … ON CONFLICT).
    await q.query(`
      CREATE UNIQUE INDEX alerts_one_unresolved_per_rule ON alerts (kiosk_id, rule_id)
       WHERE status <> 'resolved' AND rule_id IS NOT NULL`);
    await q.query(`
      CREATE UNIQUE INDEX alerts_one_unresolved_per_key ON alerts ((coalesce(kiosk_id, 0)), dedup_key)
       WHERE status <> 'resolved' AND rule_id IS NULL`);
    await q.query(`CREATE INDEX alerts_first_seen_id ON alerts (first_seen_at, id)`);
    await q.query(`CREATE INDEX alerts_kiosk_first_seen ON alerts (kiosk_id, first_seen_at)`);
    await q.query(
      `CREATE INDEX alerts_unresolved ON alerts (status, first_seen_at) WHERE status <> 'resolved'`,
    );
    await q.query(`CREATE INDEX alerts_muted ON alerts (id) WHERE muted`);
    await q.query(`CREATE INDEX alerts_recently_resolved ON alerts (kiosk_id, rule_id, resolved_at DESC)
                    WHERE status = 'resolved' AND rule_id IS NOT NULL`);
    await q.query(`CREATE INDEX alerts_incident ON alerts (incident_id) WHERE incident_id IS NOT NULL`);
    await q.query(`CREATE INDEX alerts_members ON alerts USING gin (member_kiosk_ids)`);

    await q.query(`
      CREATE TABLE alert_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_notes_alert ON alert_notes (alert_id, created_at, id)`);

    await q.query(`
      CREATE TABLE maintenance_windows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope_kind text NOT NULL CHECK (scope_kind IN ('tag', 'kiosk')),
        scope_value text NOT NULL,
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3) NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX maintenance_windows_active ON maintenance_windows (ends_at, starts_at)`);
    await q.query(`CREATE INDEX maintenance_windows_created ON maintenance_windows (created_at, id)`);

    // The one place "is this kiosk in a maintenance window now" is decided.
    await q.query(`
      CREATE FUNCTION alert_kiosk_muted(kiosk int) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT kiosk IS NOT NULL AND EXISTS (
          SELECT 1 FROM maintenance_windows w
           WHERE w.starts_at <= now() AND w.ends_at > now()
             AND ((w.scope_kind = 'kiosk' AND w.scope_value = kiosk::text)
               OR (w.scope_kind = 'tag' AND w.scope_value = ANY (SELECT unnest(k.tags) FROM kiosks k WHERE k.id = kiosk))))
      $$`);

    await q.query(`
      CREATE TABLE alert_signals (
        id bigserial PRIMARY KEY,
        kiosk_id int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('offline', 'payment_failed')),
        method text,
        at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_signals_kiosk_kind_at ON alert_signals (kiosk_id, kind, at)`);
    await q.query(`CREATE INDEX alert_signals_at ON alert_signals (at)`);

    for (const r of DEFAULT_RULES) {
      await q.query(
        `INSERT INTO alert_rules (name, severity, scope_kind, condition, for_seconds) VALUES ($1, $2, 'all', $3, $4)`,
        [r.name, r.severity, JSON.stringify(r.condition), r.forSeconds],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_signals`);
    await q.query(`DROP FUNCTION alert_kiosk_muted(int)`);
    await q.query(`DROP TABLE maintenance_windows`);
    await q.query(`DROP TABLE alert_notes`);
    await q.query(`DROP TABLE alerts`);
    await q.query(`DROP TABLE alert_rules`);
  }
}
