import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Button } from '../../components/Button';
import { ErrorState } from '../../components/EmptyState';
import { QrImage } from './KioskQr';
import { useKiosk } from './queries';

/** A sheet to print and stick on the unit: the QR large, with the kiosk's name, serial and code. */
export default function KioskQrPrintPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const kiosk = useKiosk(id);
  if (kiosk.isError) return <ErrorState error={kiosk.error} onRetry={() => void kiosk.refetch()} />;
  if (!kiosk.data) return <p className="text-sm text-slate-600">{t('common:loading')}</p>;
  const k = kiosk.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2 print:hidden">
        <h1 className="text-xl font-semibold text-slate-900">
          {t('kiosks:qr.printTitle', { name: k.name })}
        </h1>
        <div className="flex gap-2">
          <Link
            to={`/kiosks/${k.id}`}
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            {t('kiosks:qr.back')}
          </Link>
          <Button onClick={() => window.print()}>{t('kiosks:qr.printNow')}</Button>
        </div>
      </div>
      <article className="mx-auto flex max-w-md flex-col items-center rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200 print:max-w-none print:shadow-none print:ring-0">
        <p className="text-sm font-semibold uppercase tracking-widest text-slate-600">
          {t('common:app.name')}
        </p>
        <QrImage kiosk={k} className="my-6 h-72 w-72 print:h-[8cm] print:w-[8cm]" />
        <p className="text-2xl font-semibold text-slate-900">{k.name}</p>
        <p className="mt-1 font-mono text-sm text-slate-700">{k.serial}</p>
        <p className="mt-4 rounded-md bg-slate-100 px-3 py-1 font-mono text-lg tracking-[0.3em] text-slate-900">
          {k.code}
        </p>
        <p className="mt-4 max-w-xs text-sm text-slate-600">{t('kiosks:qr.instructions')}</p>
      </article>
    </div>
  );
}
