/** "just now", "4 min ago", "3 h ago", "2 days ago" in the reader's language. */
export function formatAgo(iso: string, lang: string, now = Date.now()): string {
  const sec = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(sec);
  if (abs < 60) return rtf.format(sec, 'second');
  if (abs < 3600) return rtf.format(Math.round(sec / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(sec / 3600), 'hour');
  return rtf.format(Math.round(sec / 86_400), 'day');
}

export function formatDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A mean time (MTTA/MTTR) as "45 s", "12 min", "3.5 h"; an em dash when there is none yet. */
export function formatDuration(sec: number | null, lang: string): string {
  if (sec === null) return '—';
  const unit = (value: number, u: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: u,
      unitDisplay: 'narrow',
      maximumFractionDigits: 1,
    }).format(value);
  if (sec < 60) return unit(Math.round(sec), 'second');
  if (sec < 3600) return unit(sec / 60, 'minute');
  if (sec < 86_400) return unit(sec / 3600, 'hour');
  return unit(sec / 86_400, 'day');
}
