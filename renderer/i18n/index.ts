import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, type MessageKey } from './en';
import { fr } from './fr';

/**
 * The UI's language (i18next with react-i18next): French or English, chosen in Settings and kept
 * in this browser or window, else the system's. Dates, numbers and money follow it through `Intl`.
 */
export const UI_LANGUAGES = ['fr', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
const STORAGE_KEY = 'campaign-studio.language';

export function systemLanguage(): UiLanguage {
  return (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function chosenLanguage(): UiLanguage | null {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return stored === 'fr' || stored === 'en' ? stored : null;
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: chosenLanguage() ?? systemLanguage(),
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** null: follow the system. */
export function setUiLanguage(language: UiLanguage | null): void {
  if (language === null) window.localStorage.removeItem(STORAGE_KEY);
  else window.localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language ?? systemLanguage());
  document.documentElement.lang = language ?? systemLanguage();
}

/** The locale `Intl` formats in: French as in France, English as in Britain (day before month). */
export function uiLocale(): string {
  return i18next.language === 'fr' ? 'fr-FR' : 'en-GB';
}

/** A key as code writes it: a plural's base (`clock.plusDays` for `clock.plusDays_one`/`_other`), with `count`. */
type Written<K> = K extends `${infer Base}_one` ? Base : K extends `${string}_other` ? never : K;
export type UiKey = Written<MessageKey>;

/** The UI's words: `t('nav.flows')`, `t('clock.plusDays', { count: 7 })`; keys are checked by the compiler. */
export function useT(): (key: UiKey, values?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  return (key, values) => t(key, values ?? {});
}

export const i18n = i18next;
