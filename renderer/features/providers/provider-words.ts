import { useTranslation } from 'react-i18next';
import type { ProviderField } from '../../../shared/domain/providers';

/**
 * The provider settings' words (shared/domain/provider-words.ts) in the UI's language: a field's
 * label is the same for every service, except where one service names it otherwise.
 */
export function useProviderWords() {
  const { t, i18n } = useTranslation();
  return {
    kindLabel: (kind: string) => t(`provider.kind.${kind}.label`),
    statusBack: (kind: string) => t(`provider.kind.${kind}.statusBack`),
    fieldLabel: (kind: string, field: ProviderField) =>
      i18n.exists(`provider.field.${kind}.${field.key}.label`) ? t(`provider.field.${kind}.${field.key}.label`) : t(`provider.field.${field.key}.label`),
    fieldHelp: (field: ProviderField) => t(`provider.field.${field.key}.help`),
  };
}
