import type { Schema } from '@kiosk-fleet/sdk';
import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'critical';

const TONES: Record<BadgeTone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  info: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  success: 'bg-green-50 text-green-800 ring-green-600/20',
  warning: 'bg-amber-50 text-amber-800 ring-amber-600/30',
  danger: 'bg-red-50 text-red-800 ring-red-600/20',
  critical: 'bg-red-700 text-white ring-red-800',
};

/** A small label: severities, payment/command states, tags. */
export function Badge({
  tone = 'neutral',
  children,
  className = '',
}: {
  tone?: BadgeTone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={`inline-flex items-center whitespace-nowrap rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]} ${className}`}
    >
      {children}
    </span>
  );
}

export type AlertSeverity = Schema<'AlertSeverity'>;

/** The badge tone of an alert severity, so severities look the same on every page. */
export const SEVERITY_TONE: Record<AlertSeverity, BadgeTone> = {
  info: 'info',
  warning: 'warning',
  major: 'danger',
  critical: 'critical',
};

/** Severities from the most to the least urgent. */
export const SEVERITIES: AlertSeverity[] = ['critical', 'major', 'warning', 'info'];
