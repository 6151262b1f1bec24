import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../../auth/Can';
import type { Action } from '../../../auth/permissions';
import { Button, type ButtonProps } from '../../../components/Button';
import type { Column } from '../../../components/Table';
import { formatDateTime } from './format';

/**
 * The buttons at the end of a row. Clicks and keys stay here so a clickable row does not also open
 * when one of its buttons is pressed.
 */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <div
      className="flex justify-end gap-1"
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      role="presentation"
    >
      {children}
    </div>
  );
}

/**
 * One of a row's buttons: small and quiet, red for a destructive one. `name` (the row's name) is
 * added for screen readers, so "Delete" in a list of many reads as "Delete night-shift".
 */
export function RowButton({
  name,
  danger = false,
  children,
  ...button
}: Omit<ButtonProps, 'size' | 'variant' | 'className'> & { name?: string; danger?: boolean }) {
  return (
    <Button size="sm" variant="ghost" className={danger ? 'text-red-700' : undefined} {...button}>
      {children}
      {name !== undefined && <span className="sr-only"> {name}</span>}
    </Button>
  );
}

function ActionsHeader() {
  const { t } = useTranslation('admin');
  return <span className="sr-only">{t('list.actions')}</span>;
}

/**
 * The last column of an admin list: the row's buttons (`cell`; nothing for a row without any) in
 * `RowActions`, shown only to those who may do `can`, under a header only screen readers read.
 */
export function actionsColumn<T>(opts: {
  width: string;
  can?: Action;
  cell: (row: T) => ReactNode;
}): Column<T> {
  return {
    key: 'actions',
    header: <ActionsHeader />,
    width: opts.width,
    align: 'right',
    cell: (row) => {
      const buttons = opts.cell(row);
      if (buttons === null || buttons === false) return null;
      const actions = <RowActions>{buttons}</RowActions>;
      return opts.can ? <Can action={opts.can}>{actions}</Can> : actions;
    },
  };
}

/** When the row was created, in the reader's language. */
export function createdColumn<T extends { createdAt: string }>(
  header: string,
  language: string,
  width?: string,
): Column<T> {
  return {
    key: 'created',
    header,
    ...(width ? { width } : {}),
    cell: (row) => formatDateTime(row.createdAt, language),
  };
}
