import { ALERT_SEVERITIES } from '@app/contracts';

export interface PolicyRow {
  id: string;
  channel: 'email';
  recipients: string[];
  min_severity: string;
  tags: string[] | null;
}

export function severityRank(severity: string): number {
  return (ALERT_SEVERITIES as readonly string[]).indexOf(severity);
}

/**
 * The policies an alert reaches: its severity is at least the policy's minimum, and the policy has
 * no tags or shares one with the kiosk. Their recipients, deduplicated (case-insensitively), get one email.
 */
export function recipientsFor(
  policies: readonly PolicyRow[],
  severity: string,
  kioskTags: readonly string[],
): string[] {
  const rank = severityRank(severity);
  if (rank < 0) return [];
  const seen = new Map<string, string>();
  for (const p of policies) {
    if (rank < severityRank(p.min_severity)) continue;
    if (p.tags?.length && !p.tags.some((t) => kioskTags.includes(t))) continue;
    for (const r of p.recipients) if (!seen.has(r.toLowerCase())) seen.set(r.toLowerCase(), r);
  }
  return [...seen.values()];
}
