import { useTranslation } from 'react-i18next';
import { SignInForm } from '../../auth/SignInForm';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export function SignInPage() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-screen flex-col bg-slate-900 lg:flex-row">
      <div className="hidden flex-1 flex-col justify-between p-12 text-slate-300 lg:flex">
        <div className="flex items-center gap-2 text-white">
          <span
            className="grid h-9 w-9 place-items-center rounded-md bg-indigo-500 text-lg font-bold"
            aria-hidden="true"
          >
            K
          </span>
          <span className="text-lg font-semibold">{t('common:app.name')}</span>
        </div>
        <div className="max-w-md">
          <p className="text-3xl font-semibold leading-tight text-white">{t('common:auth.tagline')}</p>
          <p className="mt-4 text-base text-slate-300">{t('common:auth.taglineBody')}</p>
        </div>
        <p className="text-xs text-slate-400">© Kiosk Fleet</p>
      </div>
      <main className="flex flex-1 items-center justify-center bg-slate-50 p-4 lg:rounded-l-3xl">
        <div className="w-full max-w-sm">
          <div className="mb-6 flex items-center justify-between">
            <h1 className="text-2xl font-semibold text-slate-900">{t('common:auth.title')}</h1>
            <LanguageSwitch />
          </div>
          <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <SignInForm />
          </div>
          <p className="mt-4 text-center text-xs text-slate-600">{t('common:auth.help')}</p>
        </div>
      </main>
    </div>
  );
}
