import { useTranslation } from 'react-i18next';
import { useFeedStatus } from '../feed/FeedProvider';

const STYLES = {
  live: { dot: 'bg-green-500 animate-pulse', text: 'text-green-800' },
  connecting: { dot: 'bg-amber-500', text: 'text-amber-800' },
  offline: { dot: 'bg-slate-400', text: 'text-slate-700' },
} as const;

/** Whether the page is receiving live updates; an operator must know when numbers may be old. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const status = useFeedStatus();
  return (
    <span
      role="status"
      className={`hidden items-center gap-1.5 text-xs font-medium sm:inline-flex ${STYLES[status].text}`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${STYLES[status].dot}`} />
      {t(`common:feed.${status}`)}
    </span>
  );
}
