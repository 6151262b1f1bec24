import type { IScannerControls } from '@zxing/browser';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { StatusPill } from '../../components/StatusPill';
import { decodeImage, scanCamera } from './qr-decode';
import { useAssignKiosk } from './queries';
import { assignErrorKey, cameraErrorKey, claimCodeFrom } from './take-kiosk';

type Problem = { key: string } | null;

/** Take a kiosk by its QR: scan it (camera or photo) or type its code, confirm, and it is yours. */
export default function TakeKioskPage() {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const controls = useRef<IScannerControls | null>(null);
  const [scanning, setScanning] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const assign = useAssignKiosk();

  const stopCamera = () => {
    controls.current?.stop();
    controls.current = null;
    setScanning(false);
  };
  useEffect(() => () => controls.current?.stop(), []);

  const accept = (text: string | null) => {
    if (text === null) return setProblem({ key: 'unreadableImage' });
    const found = claimCodeFrom(text);
    if (!found) return setProblem({ key: 'notKioskCode' });
    setProblem(null);
    assign.reset();
    setCode(found);
  };

  const startCamera = async () => {
    if (!video.current) return;
    setProblem(null);
    setCode(null);
    setScanning(true);
    try {
      controls.current = await scanCamera(video.current, (text) => {
        controls.current = null;
        setScanning(false);
        accept(text);
      });
    } catch (e) {
      setScanning(false);
      setProblem({ key: cameraErrorKey(e) });
    }
  };

  const onPhoto = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file picked again must fire `change` again
    if (!file) return;
    stopCamera();
    accept(await decodeImage(file));
  };

  const onTyped = (e: FormEvent) => {
    e.preventDefault();
    accept(typed);
  };

  const taken = assign.data;

  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t('kiosks:take.title')}</h1>
        <p className="mt-0.5 text-sm text-slate-600">{t('kiosks:take.intro')}</p>
      </div>

      {problem && (
        <p
          role="alert"
          className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          <Icon name="info" className="mt-0.5 h-4 w-4 shrink-0" />
          {t(`kiosks:take.errors.${problem.key}`)}
        </p>
      )}

      {taken ? (
        <Card title={t('kiosks:take.doneTitle')}>
          <div role="status" className="flex flex-wrap items-center gap-3">
            <Icon name="check" className="h-6 w-6 text-green-700" />
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">{taken.name}</p>
              <p className="font-mono text-xs text-slate-600">{taken.serial}</p>
            </div>
            <StatusPill status={taken.status} />
          </div>
          <div className="mt-4 flex flex-wrap gap-2">
            <Link
              to={`/kiosks/${taken.id}`}
              className="inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700"
            >
              {t('kiosks:take.open')}
            </Link>
            <Button
              variant="secondary"
              onClick={() => {
                assign.reset();
                setCode(null);
              }}
            >
              {t('kiosks:take.another')}
            </Button>
          </div>
        </Card>
      ) : code ? (
        <Card title={t('kiosks:take.confirmTitle')}>
          <p className="text-sm text-slate-700">{t('kiosks:take.confirmBody')}</p>
          <p
            className="mt-3 inline-block rounded-md bg-slate-100 px-3 py-1 font-mono text-lg tracking-[0.2em] text-slate-900"
            data-testid="scanned-code"
          >
            {code}
          </p>
          {assign.isError && (
            <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {t(`kiosks:take.errors.${assignErrorKey(assign.error)}`)}
            </p>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            <Button icon="check" busy={assign.isPending} onClick={() => assign.mutate(code)}>
              {t('kiosks:take.confirm')}
            </Button>
            <Button variant="secondary" onClick={() => setCode(null)}>
              {t('kiosks:take.scanAgain')}
            </Button>
          </div>
        </Card>
      ) : null}

      <div className={`grid gap-4 md:grid-cols-2 ${code || taken ? 'hidden' : ''}`}>
        <Card title={t('kiosks:take.cameraTitle')}>
          <div className="relative aspect-square overflow-hidden rounded-md bg-slate-900">
            <video
              ref={video}
              className="h-full w-full object-cover"
              muted
              playsInline
              aria-label={t('kiosks:take.cameraPreview')}
            />
            {!scanning && (
              <div className="absolute inset-0 grid place-items-center text-slate-300">
                <Icon name="qr" className="h-16 w-16" />
              </div>
            )}
            {scanning && (
              <div
                className="pointer-events-none absolute inset-[15%] rounded-lg border-2 border-white/80"
                aria-hidden="true"
              />
            )}
          </div>
          <div className="mt-3">
            {scanning ? (
              <Button variant="secondary" onClick={stopCamera}>
                {t('kiosks:take.stopCamera')}
              </Button>
            ) : (
              <Button icon="qr" onClick={() => void startCamera()}>
                {t('kiosks:take.startCamera')}
              </Button>
            )}
          </div>
        </Card>
        <div className="space-y-4">
          <Card title={t('kiosks:take.photoTitle')} description={t('kiosks:take.photoHint')}>
            <label className="inline-flex cursor-pointer items-center gap-2 rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 focus-within:outline-2 focus-within:outline-indigo-600 hover:bg-slate-50">
              <Icon name="download" className="h-4 w-4 rotate-180" />
              {t('kiosks:take.pickPhoto')}
              <input
                type="file"
                accept="image/*"
                className="sr-only"
                onChange={(e) => void onPhoto(e)}
                data-testid="qr-photo"
              />
            </label>
          </Card>
          <Card title={t('kiosks:take.typeTitle')}>
            <form onSubmit={onTyped} className="flex items-end gap-2">
              <TextField
                className="flex-1"
                label={t('kiosks:take.code')}
                autoCapitalize="characters"
                autoComplete="off"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
              <Button type="submit" variant="secondary">
                {t('kiosks:take.useCode')}
              </Button>
            </form>
          </Card>
        </div>
      </div>
    </div>
  );
}
