import type { FieldIssue } from '../../shared/rpc/envelope';
import { EngineCallError } from '../engine-client/client';
import { i18n } from './index';

/**
 * A field's name as a user reads it: the catalogue's label for its last two parts (`delay.amount`:
 * the delay), else for its last part, else its words spaced out.
 */
function fieldLabel(path: string): string {
  const parts = path.split('.').filter((part) => !/^\d+$/.test(part));
  const last = parts.at(-1) ?? path;
  for (const key of [`field.${parts.slice(-2).join('.')}`, `field.${last}`]) if (i18n.exists(key)) return i18n.t(key);
  const spaced = last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * One refused field in the UI's language: "Name is required.", "Throttle per minute must be at most
 * 1000000."; a screen that names its fields itself passes the label.
 */
export function issueText(issue: FieldIssue, label?: string): string {
  const field = label ?? fieldLabel(issue.field);
  const values = { field, message: issue.message, limit: issue.limit, allowed: issue.allowed?.join(', ') };
  return i18n.t(`inputIssue.${issue.kind ?? 'other'}`, values);
}

/**
 * The engine refuses bad input with each field and what was wrong (`details.issues`): every screen
 * that shows an engine error shows those in the UI's words, not the validator's English.
 */
EngineCallError.describe = (code, message, details) => {
  const { issues, words } = (details ?? {}) as { issues?: FieldIssue[]; words?: { key: string; values: Record<string, unknown> } };
  if (code === 'invalid_input' && issues && issues.length > 0) return issues.map((issue) => issueText(issue)).join(' ');
  // A refusal the engine names by key (a campaign that cannot be paused, a name taken): said in the UI's words.
  const key = words ? `engineError.${words.key}` : '';
  return words && i18n.exists(key) ? i18n.t(key, words.values) : message;
};
