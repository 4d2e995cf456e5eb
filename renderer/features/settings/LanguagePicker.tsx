import { useState } from 'react';
import { chosenLanguage, setUiLanguage, systemLanguage, useT, type UiLanguage } from '../../i18n';

const NAMES: Record<UiLanguage, string> = { fr: 'Français', en: 'English' };

/** The app's language, kept in this browser or window; by default the system's. */
export function LanguagePicker() {
  const t = useT();
  const [choice, setChoice] = useState<UiLanguage | 'system'>(chosenLanguage() ?? 'system');
  return (
    <label className="row">
      {t('language.label')}
      <select
        value={choice}
        onChange={(e) => {
          const value = e.target.value as UiLanguage | 'system';
          setChoice(value);
          setUiLanguage(value === 'system' ? null : value);
        }}
      >
        <option value="system">{t('language.system', { language: NAMES[systemLanguage()] })}</option>
        <option value="fr">{NAMES.fr}</option>
        <option value="en">{NAMES.en}</option>
      </select>
    </label>
  );
}
