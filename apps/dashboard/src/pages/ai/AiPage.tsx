import { useTranslation } from 'react-i18next';
import { ForecastCard } from './ForecastCard';
import { ModelsCard } from './ModelsCard';
import { RetrainCard } from './RetrainCard';

/** The anomaly models (metrics, activation, rollback, retraining) and the sales forecast. */
export default function AiPage() {
  const { t } = useTranslation();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-xl font-semibold text-slate-900">{t('ai:title')}</h1>
        <p className="text-sm text-slate-600">{t('ai:subtitle')}</p>
      </header>
      <ModelsCard />
      <RetrainCard />
      <ForecastCard />
    </div>
  );
}
