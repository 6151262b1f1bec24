import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { KioskLink, useKioskNaming } from '../../components/KioskName';
import { Table, type Column } from '../../components/Table';
import { formatMoney } from '../../feed';
import { canBeRefunded, currencyDecimals, toMinor, type Payment } from './refund';

export const PAYMENT_STATUS_TONE: Record<Payment['status'], BadgeTone> = {
  completed: 'success',
  failed: 'danger',
  refund_pending: 'warning',
  partially_refunded: 'info',
  refunded: 'neutral',
};

function money(amount: string, payment: Payment, lang: string): string {
  const decimals = currencyDecimals(payment);
  return formatMoney(toMinor(amount, decimals) ?? 0, decimals, payment.currency, lang);
}

/** Payments newest first, with a refund button on the rows that can still be refunded (for those who may). */
export function PaymentTable({
  payments,
  onRefund,
}: {
  payments: Payment[];
  onRefund: (p: Payment) => void;
}) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const naming = useKioskNaming();
  const mayRefund = can('payment.refund');
  const columns = useMemo<Column<Payment>[]>(() => {
    const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
    return [
      {
        key: 'occurredAt',
        header: t('payments:columns.when'),
        width: '10.5rem',
        cell: (p) => <time dateTime={p.occurredAt}>{dateTime.format(new Date(p.occurredAt))}</time>,
      },
      {
        key: 'kiosk',
        header: t('payments:columns.kiosk'),
        width: '10rem',
        cell: (p) => <KioskLink id={p.kioskId} naming={naming} />,
      },
      {
        key: 'transaction',
        header: t('payments:columns.transaction'),
        width: 'minmax(8rem, 1.5fr)',
        cell: (p) => <span className="font-mono text-xs">{p.transactionId}</span>,
      },
      {
        key: 'method',
        header: t('payments:columns.method'),
        width: '6rem',
        cell: (p) => t(`payments:method.${p.method}`),
      },
      {
        key: 'status',
        header: t('payments:columns.status'),
        width: '9.5rem',
        cell: (p) => <Badge tone={PAYMENT_STATUS_TONE[p.status]}>{t(`payments:status.${p.status}`)}</Badge>,
      },
      {
        key: 'amount',
        header: t('payments:columns.amount'),
        width: '8rem',
        align: 'right',
        cell: (p) => <span className="font-medium">{money(p.amount, p, i18n.language)}</span>,
      },
      {
        key: 'refunded',
        header: t('payments:columns.refunded'),
        width: '8rem',
        align: 'right',
        cell: (p) =>
          toMinor(p.refundedAmount, currencyDecimals(p)) ? money(p.refundedAmount, p, i18n.language) : '—',
      },
      ...(mayRefund
        ? [
            {
              key: 'actions',
              header: <span className="sr-only">{t('payments:columns.actions')}</span>,
              width: '7rem',
              cell: (p: Payment) =>
                canBeRefunded(p) ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={t('payments:refund.buttonNamed', { transaction: p.transactionId })}
                    onClick={() => onRefund(p)}
                  >
                    {t('payments:refund.button')}
                  </Button>
                ) : null,
            },
          ]
        : []),
    ];
  }, [t, i18n.language, mayRefund, onRefund, naming]);

  return (
    <Table
      label={t('payments:list.title')}
      rows={payments}
      columns={columns}
      rowKey={(p) => p.id}
      minWidth="56rem"
      maxHeight="calc(100vh - 16rem)"
      empty={
        <EmptyState
          icon="payments"
          title={t('payments:list.emptyTitle')}
          body={t('payments:list.emptyBody')}
        />
      }
    />
  );
}
