import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

/** EN / ES toggle; the choice is remembered (localStorage) for the next visit. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage ?? 'en') as Language;
  return (
    <div
      role="group"
      aria-label={t('common:language.label')}
      className="flex rounded-md ring-1 ring-slate-300"
    >
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={current === lang}
          onClick={() => void setLanguage(lang)}
          title={t(`common:language.${lang}`)}
          className={`px-2.5 py-1 text-xs font-semibold uppercase first:rounded-l-md last:rounded-r-md ${
            current === lang ? 'bg-slate-900 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'
          }`}
        >
          {lang}
        </button>
      ))}
    </div>
  );
}
