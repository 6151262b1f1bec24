import type { Schema } from '@kiosk-fleet/sdk';

export type ExplanationTerm = Schema<'ExplanationTermDto'>;

/** The translate function of the `alerts` namespace (i18next's `t`, narrowed to what is used here). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Reading fields the anomaly model explains (ml/src/features/feature-spec.ts): numbers, then peripherals. */
const NUMERIC_FEATURES = new Set([
  'temperature',
  'humidity',
  'air_quality',
  'cpu_temp',
  'cpu_usage',
  'ram_usage',
  'disk_usage',
  'latency',
  'signal_strength',
]);
const PERIPHERAL_FEATURES = new Set(['printer_status', 'cash_acceptor', 'card_reader']);
const PERIPHERAL_STATES = new Set(['ready', 'low_ink', 'paper_jam', 'offline', 'full', 'error']);

/**
 * The server's English `text` carries what the numeric fields lack: the peripheral's state
 * ("printer_status paper_jam, 2.0 jams in the last hour, +1.23") and how far the value is from this
 * kiosk's own norm ("…, 4.2σ above this kiosk's norm"). Those pieces are read back out so the
 * sentence can be said in the reader's language.
 */
const SIGMA = /^(\d+(?:\.\d+)?)σ (above|below)/;
const JAMS = /^(\d+(?:\.\d+)?) jams in the last hour/;

/** The first comma-separated part of the server's text that `pattern` (anchored) matches. */
function part(term: ExplanationTerm, pattern: RegExp): RegExpExecArray | null {
  for (const piece of term.text.split(', ')) {
    const match = pattern.exec(piece);
    if (match) return match;
  }
  return null;
}

function peripheralState(term: ExplanationTerm): string {
  const word = term.text.split(/[\s,]+/)[1] ?? '';
  return PERIPHERAL_STATES.has(word) ? word : 'unknown';
}

function clause(term: ExplanationTerm, t: Translate, lang: string, share: number): string {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const extras: string[] = [];
  let head: string;
  if (NUMERIC_FEATURES.has(term.feature)) {
    head = t(`explanation.feature.${term.feature}`, { value: number.format(term.value) });
    const sigma = part(term, SIGMA);
    if (sigma) {
      const key = sigma[2] === 'above' ? 'explanation.aboveNorm' : 'explanation.belowNorm';
      extras.push(t(key, { sigma: number.format(Number(sigma[1])) }));
    }
  } else if (PERIPHERAL_FEATURES.has(term.feature)) {
    const state = t(`explanation.state.${peripheralState(term)}`);
    head = t(`explanation.feature.${term.feature}`, { state });
    const jams = part(term, JAMS);
    if (jams)
      extras.push(t('explanation.jams', { count: Number(jams[1]), value: number.format(Number(jams[1])) }));
  } else {
    // A field a newer model explains that this dashboard does not know yet: the server's words.
    head = term.text;
  }
  extras.push(t('explanation.share', { share: percent.format(share) }));
  return `${head} (${extras.join(', ')})`;
}

/**
 * Turns an anomaly alert's explanation (per-field contributions to the score, largest first) into
 * one sentence a person reads at a glance, e.g. "Flagged mainly because the CPU temperature was
 * 97.5 °C (4.2σ above this kiosk's norm, 71 % of the score); also the disk was 91 % full (29 % of
 * the score)." Returns null when there is nothing to explain.
 */
export function explainInWords(
  terms: readonly ExplanationTerm[] | null | undefined,
  translate: Translate,
  lang: string,
): string | null {
  // Values are already formatted text; React escapes on render, so i18next must not escape twice.
  const t: Translate = (key, options) =>
    translate(key, { ...options, interpolation: { escapeValue: false } });
  const positive = (terms ?? []).filter((term) => term.contribution > 0);
  if (positive.length === 0) return null;
  const ordered = [...positive].sort((a, b) => b.contribution - a.contribution);
  const total = ordered.reduce((sum, term) => sum + term.contribution, 0);
  const [first, ...rest] = ordered.map((term) => clause(term, t, lang, term.contribution / total));
  if (rest.length === 0) return t('explanation.single', { first });
  const list = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(rest);
  return t('explanation.several', { first, rest: list });
}
