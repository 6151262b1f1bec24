import { Injectable } from '@nestjs/common';
import { AlertOptions, InjectAlertOptions } from '../alert.options';
import { ALERT_COLUMNS } from '../alerts/alert-row';
import type { AlertTx } from '../alerts/alert-tx';

/**
 * Site incidents: when at least K kiosks sharing a tag went offline within the window (and are still
 * offline), one `site_incident` alert groups them and their liveness alerts point at it, so an
 * outage of a station is one page, not fifty. Offline transitions are logged in `alert_signals`
 * because they happen on different instances; a per-tag advisory lock makes the count exact.
 */
@Injectable()
export class SiteIncidents {
  constructor(@InjectAlertOptions() private readonly options: AlertOptions) {}

  /** After a kiosk with these tags went offline (its signal logged in the same transaction). */
  async checkTags(tx: AlertTx, tags: readonly string[]): Promise<void> {
    // Sorted: two kiosks sharing several tags take the locks in one order (no deadlock).
    for (const tag of [...tags].sort()) {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('alert-site-incident'), hashtext($1))`, [tag]);
      const offline = await tx.query<{ kiosk_id: number }>(
        `SELECT DISTINCT g.kiosk_id FROM alert_signals g
           JOIN kiosk_facts_v k ON k.id = g.kiosk_id JOIN kiosk_liveness_v s ON s.kiosk_id = g.kiosk_id
          WHERE g.kind = 'offline' AND g.at > now() - make_interval(secs => $2) AND $1 = ANY (k.tags)
            AND s.status = 'offline'
          ORDER BY g.kiosk_id`,
        [tag, this.options.siteIncidentWindowSec],
      );
      if (offline.length < this.options.siteIncidentMinKiosks) continue;
      const members = offline.map((o) => o.kiosk_id);
      const incident = await tx.raiseKeyed({
        kioskId: null,
        dedupKey: `site:${tag}`,
        type: 'site_incident',
        severity: 'critical',
        title: `Site incident: kiosks tagged '${tag}' went offline together`,
        details: { tag },
        memberKioskIds: members,
      });
      await tx.query(
        `UPDATE alerts SET incident_id = $1
          WHERE kiosk_id = ANY ($2::int[]) AND type = 'liveness' AND status <> 'resolved' AND incident_id IS NULL`,
        [incident.id, members],
      );
    }
  }

  /** Leader: an incident is over once fewer than K of its kiosks are still offline. */
  async sweep(tx: AlertTx): Promise<void> {
    await tx.update(
      `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = 'site_recovered'
          WHERE a.type = 'site_incident' AND a.status <> 'resolved'
            AND (SELECT count(*) FROM kiosk_liveness_v s
                  WHERE s.kiosk_id = ANY (a.member_kiosk_ids) AND s.status = 'offline') < $1
        RETURNING ${ALERT_COLUMNS}`,
      [this.options.siteIncidentMinKiosks],
      'resolved',
    );
  }
}
