import { useTranslation } from 'react-i18next';

export default function OverviewPage() {
  const { t } = useTranslation('overview');
  return (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">{t('title')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('subtitle')}</p>
    </div>
  );
}
