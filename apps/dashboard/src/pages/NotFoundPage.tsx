import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-md py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t('common:notFound.title')}</h1>
      <p className="mt-2 text-sm text-slate-600">{t('common:notFound.body')}</p>
      <Link to="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:underline">
        {t('common:notFound.back')}
      </Link>
    </div>
  );
}
