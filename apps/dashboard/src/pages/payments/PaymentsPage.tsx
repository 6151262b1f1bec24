import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { SelectField, TextField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { downloadPaymentsCsv, exportProblem } from './export';
import { PaymentTable } from './PaymentTable';
import { usePaymentList, type PaymentFilters } from './queries';
import { RefundDialog } from './RefundDialog';
import type { FieldProblem, Payment } from './refund';
import { SummaryCard } from './SummaryCard';

const METHODS: Payment['method'][] = ['cash', 'card', 'qr'];
const STATUSES: Payment['status'][] = [
  'completed',
  'failed',
  'refund_pending',
  'partially_refunded',
  'refunded',
];

/** The form's text values (what the user typed) → the API's filters; blank fields filter nothing. */
interface FilterForm {
  kioskId: string;
  method: string;
  status: string;
  currency: string;
  from: string;
  to: string;
  minAmount: string;
  maxAmount: string;
}
const EMPTY: FilterForm = {
  kioskId: '',
  method: '',
  status: '',
  currency: '',
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
};

export function toFilters(form: FilterForm): PaymentFilters {
  const f: PaymentFilters = {};
  const kiosk = Number(form.kioskId);
  if (Number.isInteger(kiosk) && kiosk > 0) f.kioskId = kiosk;
  const method = METHODS.find((m) => m === form.method);
  if (method) f.method = method;
  const status = STATUSES.find((s) => s === form.status);
  if (status) f.status = status;
  if (/^[A-Za-z]{3}$/.test(form.currency.trim())) f.currency = form.currency.trim().toUpperCase();
  // Dates are whole UTC days: "to" includes its day.
  if (form.from) f.from = `${form.from}T00:00:00.000Z`;
  if (form.to) f.to = new Date(Date.parse(`${form.to}T00:00:00.000Z`) + 86_400_000).toISOString();
  const amount = (v: string) => v.trim().replace(',', '.');
  if (/^\d+(\.\d+)?$/.test(amount(form.minAmount))) f.minAmount = amount(form.minAmount);
  if (/^\d+(\.\d+)?$/.test(amount(form.maxAmount))) f.maxAmount = amount(form.maxAmount);
  return f;
}

/** Payments: totals over time, the list with filters, refunds (operators and admins) and CSV export. */
export default function PaymentsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [filters, setFilters] = useState<PaymentFilters>({});
  const list = usePaymentList(filters);
  const payments = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<FieldProblem | null>(null);
  const onRefund = useCallback((p: Payment) => setRefunding(p), []);

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await downloadPaymentsCsv(api, filters);
    } catch (e) {
      setExportError(exportProblem(e));
    } finally {
      setExporting(false);
    }
  };
  const field = (name: keyof FilterForm) => ({
    value: form[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setForm({ ...form, [name]: e.target.value }),
  });

  return (
    <div className="space-y-6">
      <PageHeader
        title={t('payments:title')}
        subtitle={t('payments:subtitle')}
        actions={
          <Button variant="secondary" icon="download" busy={exporting} onClick={() => void exportCsv()}>
            {t('payments:export.button')}
          </Button>
        }
      />
      {exportError && (
        <p role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
          {t(`payments:${exportError.key}`, { ...exportError.values })}
        </p>
      )}

      <SummaryCard />

      <Card title={t('payments:list.title')} bodyClassName="">
        <form
          className="grid grid-cols-2 gap-3 border-b border-slate-100 p-4 md:grid-cols-4 xl:grid-cols-8"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(toFilters(form));
          }}
        >
          <TextField label={t('payments:filters.kiosk')} inputMode="numeric" {...field('kioskId')} />
          <SelectField label={t('payments:filters.method')} {...field('method')}>
            <option value="">{t('payments:filters.any')}</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`payments:method.${m}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('payments:filters.status')} {...field('status')}>
            <option value="">{t('payments:filters.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`payments:status.${s}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('payments:filters.currency')}
            maxLength={3}
            placeholder="USD"
            {...field('currency')}
          />
          <TextField label={t('payments:filters.from')} type="date" {...field('from')} />
          <TextField label={t('payments:filters.to')} type="date" {...field('to')} />
          <TextField label={t('payments:filters.minAmount')} inputMode="decimal" {...field('minAmount')} />
          <TextField label={t('payments:filters.maxAmount')} inputMode="decimal" {...field('maxAmount')} />
          <div className="col-span-full flex justify-end gap-2">
            <Button
              variant="ghost"
              onClick={() => {
                setForm(EMPTY);
                setFilters({});
              }}
            >
              {t('payments:filters.clear')}
            </Button>
            <Button type="submit" icon="search">
              {t('payments:filters.apply')}
            </Button>
          </div>
        </form>
        <PagedList
          list={list}
          shown={t('payments:list.shown', { count: payments.length })}
          more={t('payments:list.more')}
        >
          <PaymentTable payments={payments} onRefund={onRefund} />
        </PagedList>
      </Card>

      {refunding && <RefundDialog payment={refunding} onClose={() => setRefunding(null)} />}
    </div>
  );
}
