import { useTranslation } from 'react-i18next';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago" in the current language, the exact time in the tooltip; "never" for null. */
export function RelativeTime({ iso, now = Date.now() }: { iso: string | null; now?: number }) {
  const { t, i18n } = useTranslation();
  if (!iso) return <>{t('common:time.never')}</>;
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? UNITS[UNITS.length - 1];
  const text = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' }).format(
    Math.round(seconds / size),
    unit,
  );
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString(i18n.language)}>
      {text}
    </time>
  );
}
