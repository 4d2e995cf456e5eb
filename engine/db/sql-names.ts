import { isAttributeName } from '../../shared/domain/attribute-name';
import { EngineError } from '../errors';

/**
 * Where a name from input (a custom attribute, an event property) has to become SQL, it goes
 * through here: checked against the shared name rule again (input was checked at the zod boundary;
 * this holds for data already stored), then written as a JSON path. Prefer binding the path as a
 * parameter; `sqlStringLiteral` is for the few places SQLite needs it inline (an expression index
 * and the queries that must spell it the same way to use it).
 */
export function jsonMemberPath(name: string): string {
  if (!isAttributeName(name)) {
    throw new EngineError('invalid_input', `"${name.slice(0, 80)}" is not a valid attribute or property name (letters, digits, spaces and _ . - only).`, { field: 'name' });
  }
  return `$."${name}"`;
}

/** A string as an SQL literal: single quotes doubled, NUL refused. */
export function sqlStringLiteral(text: string): string {
  if (text.includes('\0')) throw new EngineError('invalid_input', 'A name holds a NUL character.');
  return `'${text.replace(/'/g, "''")}'`;
}
