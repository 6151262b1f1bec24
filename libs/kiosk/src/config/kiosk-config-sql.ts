/**
 * The merge rule of remote configuration, in SQL so a tag's change is recomputed for every kiosk
 * carrying it in one statement. A kiosk's desired settings are, top-level key by key: its own value
 * if it set the key; otherwise the value of the last of its tags (tag names in byte order, "C"
 * collation) whose settings set it. Nested objects are not merged: a key's value is taken whole.
 * Decommissioned kiosks are left out.
 *
 * `target` is a WHERE condition on `k` (kiosks), written here in code, never from input.
 */
export function mergedSettingsSql(target: string): string {
  return `SELECT k.id AS kiosk_id,
            COALESCE((SELECT jsonb_object_agg(x.key, x.value)
                        FROM (SELECT DISTINCT ON (e.key) e.key, e.value
                                FROM kiosk_tag_configs t CROSS JOIN LATERAL jsonb_each(t.settings) e
                               WHERE t.tag = ANY(k.tags)
                               ORDER BY e.key, t.tag COLLATE "C" DESC) x), '{}'::jsonb)
              || COALESCE(c.settings, '{}'::jsonb) AS desired,
            COALESCE(c.desired, '{}'::jsonb) AS current
       FROM kiosks k LEFT JOIN kiosk_configs c ON c.kiosk_id = k.id
      WHERE k.decommissioned_at IS NULL AND (${target})`;
}

/** Targets for mergedSettingsSql: by one tag ($1 text), or by kiosk ids ($1 int[]). */
export const KIOSKS_WITH_TAG = `$1::text = ANY(k.tags)`;
export const KIOSKS_BY_ID = `k.id = ANY($1::int[])`;

/**
 * jsonb's text form is never shorter than the compact JSON a kiosk receives (it adds a space after
 * each `:` and `,`, and writes numbers in full): rows above the limit by this measure are the only
 * ones that may be above it in fact, and are checked exactly in JS.
 */
export const MAYBE_TOO_LARGE = `octet_length(m.desired::text) > $2::int`;

/**
 * Concurrent settings changes (two tags of one kiosk, a tag and a kiosk) are serialised by one
 * transaction-scoped advisory lock: each merge then reads the others' committed settings, so no
 * change is lost to a merge computed from a stale snapshot. Changes are rare admin actions.
 */
export const CONFIG_WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('kiosk_configs'))`;
