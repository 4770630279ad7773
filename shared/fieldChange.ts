// The shape of an event's changes, for the engine and the window alike: a leaf module (events.ts and changes.ts need not import each other).

/** One field that differs. `old` is absent when the field is new, `new` when it was removed. */
export interface FieldChange {
  path: string;
  old?: unknown;
  new?: unknown;
}

/**
 * An event's changes: the fields that differ from the previous stored version; `null` when there was
 * none ("first seen"); an empty list when only ignored fields differed (still an event: the CRM changed it).
 */
export type Changes = FieldChange[] | null;
