import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'kf.lang';

type Messages = Record<string, unknown>;

// Every `src/i18n/<lang>/<area>.json` becomes namespace <area> of <lang>: each page helper owns its own
// files and nobody edits a shared dictionary. Bundled eagerly (they are small) so a language switch
// never waits on the network.
const modules = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' });

export function buildResources(files: Record<string, Messages>): Record<string, Record<string, Messages>> {
  const resources: Record<string, Record<string, Messages>> = {};
  for (const [path, messages] of Object.entries(files)) {
    const match = /^\.\/([a-z]{2})\/([\w-]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lang, ns] = match;
    (resources[lang] ??= {})[ns] = messages;
  }
  return resources;
}

function initialLanguage(): Language {
  const stored = readStored();
  if (stored) return stored;
  const nav = typeof navigator === 'undefined' ? 'en' : navigator.language.slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(nav) ? (nav as Language) : 'en';
}

function readStored(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : undefined;
  } catch {
    return undefined; // storage disabled (private mode): fall back to the browser language
  }
}

/** Switches the language and remembers it for the next visit. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted, still switched for this visit
  }
  await i18n.changeLanguage(lang);
}

const resources = buildResources(modules);

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: Object.keys(resources.en ?? {}),
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});

export default i18n;
