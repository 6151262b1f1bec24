import type { Schema } from '@kiosk-fleet/sdk';
import { useTranslation } from 'react-i18next';

export type KioskStatus = Schema<'KioskStatus'>;

/**
 * The status colours, the same everywhere (pills, map markers, charts): online green, stale amber,
 * offline grey, blocked red, maintenance blue. Hex for canvas/SVG consumers (map, uPlot).
 */
export const STATUS_COLORS: Record<KioskStatus, string> = {
  online: '#16a34a',
  stale: '#d97706',
  offline: '#6b7280',
  blocked: '#dc2626',
  maintenance: '#2563eb',
  decommissioned: '#374151',
};

/** Pill classes per status: tinted background, dark text (contrast ≥ 4.5:1), coloured dot. */
const PILL: Record<KioskStatus, { pill: string; dot: string }> = {
  online: { pill: 'bg-green-50 text-green-800 ring-green-600/30', dot: 'bg-green-600' },
  stale: { pill: 'bg-amber-50 text-amber-800 ring-amber-600/30', dot: 'bg-amber-500' },
  offline: { pill: 'bg-slate-100 text-slate-700 ring-slate-500/30', dot: 'bg-slate-500' },
  blocked: { pill: 'bg-red-50 text-red-800 ring-red-600/30', dot: 'bg-red-600' },
  maintenance: { pill: 'bg-blue-50 text-blue-800 ring-blue-600/30', dot: 'bg-blue-600' },
  decommissioned: { pill: 'bg-slate-200 text-slate-800 ring-slate-600/30', dot: 'bg-slate-700' },
};

export const KIOSK_STATUSES = Object.keys(STATUS_COLORS) as KioskStatus[];

export function StatusDot({ status, className = '' }: { status: KioskStatus; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-block h-2 w-2 shrink-0 rounded-full ${PILL[status].dot} ${className}`}
    />
  );
}

/** A kiosk status as a labelled pill (text, not colour alone, carries the meaning). */
export function StatusPill({ status, className = '' }: { status: KioskStatus; className?: string }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${PILL[status].pill} ${className}`}
    >
      <StatusDot status={status} />
      {t(`common:status.${status}`)}
    </span>
  );
}
