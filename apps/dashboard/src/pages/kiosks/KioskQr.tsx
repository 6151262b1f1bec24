import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Card } from '../../components/Card';
import { Icon } from '../../components/Icon';
import type { KioskDto } from './kiosk-filters';
import { useKioskQr } from './queries';

/**
 * The QR as an image: the server's SVG goes into an <img> as a data URL, so whatever it contains is
 * drawn, never run or styled into the page.
 */
export function QrImage({ kiosk, className }: { kiosk: KioskDto; className: string }) {
  const { t } = useTranslation();
  const qr = useKioskQr(kiosk.id);
  if (qr.isError) return <p className="text-sm text-red-700">{t('kiosks:qr.failed')}</p>;
  if (!qr.data)
    return <div className={`${className} animate-pulse rounded bg-slate-100`} aria-hidden="true" />;
  return (
    <img
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.data)}`}
      alt={t('kiosks:qr.alt', { code: kiosk.code })}
      className={className}
    />
  );
}

export function KioskQrCard({ kiosk }: { kiosk: KioskDto }) {
  const { t } = useTranslation();
  return (
    <Card title={t('kiosks:qr.title')} description={t('kiosks:qr.description')}>
      <div className="flex items-center gap-4">
        <QrImage kiosk={kiosk} className="h-28 w-28 shrink-0" />
        <div className="min-w-0 space-y-2">
          <p className="font-mono text-sm text-slate-900">{kiosk.code}</p>
          <Link
            to={`/kiosks/${kiosk.id}/qr`}
            className="inline-flex items-center gap-1.5 rounded-md bg-white px-2.5 py-1.5 text-xs font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            <Icon name="qr" className="h-3.5 w-3.5" />
            {t('kiosks:qr.print')}
          </Link>
        </div>
      </div>
    </Card>
  );
}
