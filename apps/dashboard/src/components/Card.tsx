import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** A white panel with an optional header (title + actions on the right). */
export function Card({
  title,
  description,
  actions,
  children,
  className = '',
  bodyClassName = 'p-4',
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
}) {
  return (
    <section className={`rounded-lg bg-white shadow-sm ring-1 ring-slate-200 ${className}`}>
      {(title || actions) && (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <div>
            {title && <h2 className="text-sm font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-0.5 text-xs text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}

/** A headline number (a count, a total) with its label; links to the list behind it when `to` is set. */
export function StatCard({
  label,
  value,
  hint,
  accent,
  to,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  /** A colour bar on the left (hex), e.g. the status colour. */
  accent?: string;
  to?: string;
}) {
  const body = (
    <>
      <p className="truncate text-xs font-medium uppercase tracking-wide text-slate-600">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {hint && <p className="mt-0.5 truncate text-xs text-slate-600">{hint}</p>}
    </>
  );
  const cls = 'relative block overflow-hidden rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200';
  const bar = accent ? (
    <span aria-hidden="true" className="absolute inset-y-0 left-0 w-1" style={{ background: accent }} />
  ) : null;
  return to ? (
    <Link
      to={to}
      className={`${cls} transition hover:ring-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600`}
    >
      {bar}
      {body}
    </Link>
  ) : (
    <div className={cls}>
      {bar}
      {body}
    </div>
  );
}
