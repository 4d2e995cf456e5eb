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
  const issues = code === 'invalid_input' ? (details as { issues?: FieldIssue[] } | undefined)?.issues : undefined;
  return issues && issues.length > 0 ? issues.map((issue) => issueText(issue)).join(' ') : message;
};
