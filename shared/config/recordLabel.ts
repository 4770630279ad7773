/**
 * A record's readable label (the Events view's Label column): the resource's `labelField`, else a
 * name field known for the vendor's resource (Sage CRM's `Comp_Name`, Dynamics' `fullname`…), else
 * the first of the usual name fields a generic record has.
 */
import { readFieldPath } from '../fieldPath.ts';

/** Per element key and resource name: the paths whose values, joined by a space, name a record. */
const VENDOR_LABELS: Record<string, Record<string, string[]>> = {
  sagecrm: {
    accounts: ['Comp_Name'],
    contacts: ['Pers_FirstName', 'Pers_LastName'],
    leads: ['Lead_Description'],
    opportunities: ['Oppo_Description'],
    users: ['User_FirstName', 'User_LastName'],
  },
  // Dynamics records come in the hub shape: the columns under `attributes`.
  dynamicscrmadfs: {
    accounts: ['attributes.name'],
    contacts: ['attributes.fullname'],
    leads: ['attributes.fullname'],
    opportunities: ['attributes.name'],
    tasks: ['attributes.subject'],
    notes: ['attributes.subject'],
    activities: ['attributes.subject'],
  },
};

/** Tried in turn when neither the resource nor the vendor names a label field. */
const USUAL_NAME_FIELDS = ['name', 'title', 'fullname', 'full_name', 'displayName', 'display_name', 'subject', 'label'];

const MAX_LABEL = 200;

/** The paths a resource's label is read from: `labelField` (one path or several), else the vendor's, else none (the usual fields). */
export function labelPaths(elementKey: string, resource: { name: string; labelField?: string[] }): string[] {
  if (resource.labelField && resource.labelField.length > 0) return resource.labelField;
  return VENDOR_LABELS[elementKey]?.[resource.name] ?? [];
}

/** The label of `raw`: the values at `paths` joined by a space (or the first usual name field when `paths` is empty); undefined when none has a value. */
export function recordLabel(raw: unknown, paths: readonly string[]): string | undefined {
  if (paths.length === 0) {
    for (const field of USUAL_NAME_FIELDS) {
      const text = shown(readFieldPath(raw, field, { caseInsensitive: true }));
      if (text) return text;
    }
    return undefined;
  }
  const parts = paths.map((path) => shown(readFieldPath(raw, path, { caseInsensitive: true }))).filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' ').slice(0, MAX_LABEL) : undefined;
}

function shown(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim().slice(0, MAX_LABEL) || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
