const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** One formatter per language: building one costs more than formatting with it (many cells a frame). */
function relativeFormat(lang: string): Intl.RelativeTimeFormat {
  let fmt = relativeFormats.get(lang);
  if (!fmt) {
    fmt = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    relativeFormats.set(lang, fmt);
  }
  return fmt;
}

/** "3 minutes ago" / "hace 3 minutos" in the current language; an em dash for never. */
export function relativeTime(iso: string | null, lang: string, now = Date.now()): string {
  if (!iso) return '—';
  const sec = Math.round((Date.parse(iso) - now) / 1000);
  const fmt = relativeFormat(lang);
  for (const [unit, size] of UNITS) {
    if (Math.abs(sec) >= size || unit === 'second') return fmt.format(Math.round(sec / size), unit);
  }
  return fmt.format(sec, 'second');
}

export function dateTime(iso: string | null, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
}
