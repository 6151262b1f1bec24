import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { formatMoney } from '../../feed';
import { useRefundPayment } from './queries';
import {
  currencyDecimals,
  REASON_MAX,
  refundableMinor,
  refundAttempt,
  validateRefund,
  type FieldProblem,
  type Payment,
  type RefundAttempt,
  type RefundInput,
} from './refund';

/**
 * Refund a payment, in full (amount left empty) or in part. The form is checked before sending; the
 * request carries an Idempotency-Key kept for as long as the same refund is retried, so a second
 * click after a timeout cannot refund twice. The server's refusals (422: more than is left, a refund
 * already waiting) are shown in its words.
 */
export function RefundDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const refund = useRefundPayment();
  const [input, setInput] = useState<RefundInput>({ amount: '', reason: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof RefundInput, FieldProblem>>>({});
  const attempt = useRef<RefundAttempt | null>(null);
  const decimals = currencyDecimals(payment);
  const left = formatMoney(refundableMinor(payment), decimals, payment.currency, i18n.language);
  const message = (p?: FieldProblem) =>
    p
      ? t(`payments:${p.key}`, {
          ...p.values,
          ...(p.values?.status ? { status: t(`payments:status.${p.values.status}`) } : {}),
        })
      : undefined;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const checked = validateRefund(input, payment);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    attempt.current = refundAttempt(attempt.current, checked.body, () => crypto.randomUUID());
    refund.mutate({ id: payment.id, body: checked.body, idempotencyKey: attempt.current.key });
  };

  const done = refund.data;
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('payments:refund.title')}
      description={t('payments:refund.description', {
        transaction: payment.transactionId,
        kiosk: payment.kioskId,
      })}
      footer={
        done ? (
          <Button onClick={onClose}>{t('common:actions.close')}</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" form="refund-payment" variant="danger" busy={refund.isPending}>
              {t('payments:refund.submit')}
            </Button>
          </>
        )
      }
    >
      {done ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {done.status === 'refund_pending' ? t('payments:refund.pending') : t('payments:refund.done')}
        </p>
      ) : (
        <form id="refund-payment" className="space-y-4" noValidate onSubmit={submit}>
          <p className="text-sm text-slate-700">{t('payments:refund.left', { left })}</p>
          <TextField
            label={t('payments:refund.amount')}
            inputMode="decimal"
            autoComplete="off"
            placeholder={t('payments:refund.amountPlaceholder', { left })}
            hint={t('payments:refund.amountHint')}
            value={input.amount}
            error={message(errors.amount)}
            onChange={(e) => setInput({ ...input, amount: e.target.value })}
          />
          <TextAreaField
            label={t('payments:refund.reason')}
            rows={2}
            maxLength={REASON_MAX + 50}
            value={input.reason}
            error={message(errors.reason)}
            onChange={(e) => setInput({ ...input, reason: e.target.value })}
          />
          {refund.isError && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {errorMessage(refund.error, t)}
            </p>
          )}
        </form>
      )}
    </Dialog>
  );
}
