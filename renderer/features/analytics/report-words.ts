import { useTranslation } from 'react-i18next';
import type { AttributionModel } from '../../../shared/domain/analytics';
import { FORMULAS } from '../../../shared/domain/metrics';

/** The metric formulas under each table, in the UI's language (`formula.<name>`; English in shared/domain/metrics). */
export function useFormulas(): Record<keyof typeof FORMULAS, string> {
  const { t } = useTranslation();
  return Object.fromEntries(Object.keys(FORMULAS).map((name) => [name, t(`formula.${name}`)])) as Record<keyof typeof FORMULAS, string>;
}

/** An attribution model's name; short: without its explanation ("View-through"), as column headers use it. */
export function useModelLabel(): (model: AttributionModel, short?: boolean) => string {
  const { t } = useTranslation();
  return (model, short = false) => t(short ? `model.short.${model}` : `model.${model}`);
}
