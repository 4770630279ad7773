/** How an event's changes read in the window (the list's column, the export, the detail). */
import type { FieldChange } from '../../../shared/fieldChange.ts';

export const FIRST_SEEN = 'first seen';
export const ONLY_IGNORED = 'only ignored fields';

/** `stage, owner.name`, `first seen`, `only ignored fields`, or '' when not compared (deletions, older events). */
export function changedFieldsText(fields: readonly string[] | null | undefined): string {
  if (fields === undefined) return '';
  if (fields === null) return FIRST_SEEN;
  if (fields.length === 0) return ONLY_IGNORED;
  return fields.join(', ');
}

/** A value as the before/after table shows it: JSON, except that a string reads as itself. */
export function shownValue(change: FieldChange, side: 'old' | 'new'): string | undefined {
  if (!(side in change)) return undefined;
  const value = change[side];
  return typeof value === 'string' ? value : JSON.stringify(value);
}
