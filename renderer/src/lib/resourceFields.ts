/**
 * Every poller key of a resource as a form field: where it sits in the resource object, how it is
 * typed, and what it means. The resource form is generated from this list.
 */
import { isPlainObject } from '../../../shared/config/values.ts';
import { joinPath } from '../../../shared/config/problems.ts';

/** `paths`: a list of JSON field paths, typed separated by commas. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'select' | 'paths';

export interface ResourceField {
  /** Keys from the resource object down to the value. */
  key: string[];
  label: string;
  kind: FieldKind;
  hint: string;
  placeholder?: string;
  options?: readonly string[];
  /** Suggestions offered while typing. */
  suggestions?: 'dateFormats' | 'timeZones';
  /** The value the poller assumes when the key is absent (booleans). */
  defaultValue?: boolean;
  /** Only for these elements. */
  elements?: readonly string[];
  /** Only shown when this returns true for the resource. */
  when?: (resource: Record<string, unknown>) => boolean;
  mono?: boolean;
}

export interface FieldGroup {
  title: string;
  fields: ResourceField[];
}

export const DATE_FORMAT_SUGGESTIONS = [
  "yyyy-MM-dd'T'HH:mm:ssXXX",
  'milliseconds',
  "yyyy-MM-dd'T'HH:mm:ss'Z'",
  'yyyy-MM-dd HH:mm:ss',
  "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
  "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
  'MM/dd/yyyy HH:mm:ss',
  'EEE, dd MMM yyyy HH:mm:ss Z',
  "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
  'yyyy-MM-dd',
] as const;

export const TIME_ZONE_SUGGESTIONS = ['GMT', 'UTC', 'EST', 'CST', 'MST', 'PST', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', '-8:00', 'GMT+05:30'] as const;

const PAGING_TYPES = ['none', 'offset', 'page', 'next', 'link'] as const;
const pagingType = (resource: Record<string, unknown>) => (isPlainObject(resource.paging) ? resource.paging.type : undefined);
const GENERIC = ['generic'] as const;

function dateFields(kind: 'updated' | 'created'): ResourceField[] {
  const Kind = kind === 'updated' ? 'Updated' : 'Created';
  return [
    {
      key: ['datesConfiguration', `${kind}DateField`],
      label: `${Kind} date field`,
      kind: 'text',
      mono: true,
      hint: `JSON path of the ${kind} date in a record: attributes.modifiedon, ['Modified Time'], items[0].date`,
      placeholder: kind === 'updated' ? 'Comp_UpdatedDate' : 'Comp_CreatedDate',
    },
    {
      key: ['datesConfiguration', `${kind}DateFormat`],
      label: `${Kind} date format`,
      kind: 'text',
      mono: true,
      suggestions: 'dateFormats',
      hint: 'a java.text.SimpleDateFormat pattern, or "milliseconds" for epoch values',
      placeholder: "yyyy-MM-dd'T'HH:mm:ss'Z'",
    },
    {
      key: ['datesConfiguration', `${kind}DateTimezone`],
      label: `${Kind} date time zone`,
      kind: 'text',
      suggestions: 'timeZones',
      hint: 'zone for dates written without one: GMT (default), UTC, EST, America/Denver, -8:00',
      placeholder: 'GMT',
    },
  ];
}

export const RESOURCE_FIELD_GROUPS: FieldGroup[] = [
  {
    title: 'Request',
    fields: [
      {
        key: ['url'],
        label: 'URL',
        kind: 'text',
        mono: true,
        hint: 'path (joined to the server) or full URL, with macros such as ${gmtDate:yyyy-MM-dd\'T\'HH:mm:ss\'Z\'} for the time changes are asked for since',
        placeholder: "/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      },
      { key: ['recordsPath'], label: 'Records path', kind: 'text', mono: true, elements: GENERIC, hint: 'JSON path of the records array in the response, e.g. data; leave empty when the body is the array', placeholder: 'data' },
      { key: ['pageSize'], label: 'Page size', kind: 'number', hint: 'records per page to request (1 to 10,000)' },
      { key: ['pollDelay'], label: 'Poll delay (seconds)', kind: 'number', hint: 'seconds of overlap when filling the date macros; records seen twice are recognised and dropped' },
      { key: ['filterByCurrentDate'], label: 'Also bound the query by the poll\'s start time', kind: 'boolean', defaultValue: false, hint: 'filterByCurrentDate' },
    ],
  },
  {
    title: 'Paging',
    fields: [
      { key: ['paging', 'type'], label: 'Paging type', kind: 'select', options: PAGING_TYPES, elements: GENERIC, hint: 'how further pages are fetched: offset/limit, page numbers, a next URL in the body, or the Link header' },
      { key: ['paging', 'offsetParam'], label: 'Offset parameter', kind: 'text', elements: GENERIC, when: (r) => pagingType(r) === 'offset', hint: 'query parameter of the offset (default offset)', placeholder: 'offset' },
      { key: ['paging', 'limitParam'], label: 'Limit parameter', kind: 'text', elements: GENERIC, when: (r) => pagingType(r) === 'offset', hint: 'query parameter of the page size (default limit)', placeholder: 'limit' },
      { key: ['paging', 'pageParam'], label: 'Page parameter', kind: 'text', elements: GENERIC, when: (r) => pagingType(r) === 'page', hint: 'query parameter of the page number (default page)', placeholder: 'page' },
      { key: ['paging', 'sizeParam'], label: 'Size parameter', kind: 'text', elements: GENERIC, when: (r) => pagingType(r) === 'page', hint: 'query parameter of the page size (default per_page)', placeholder: 'per_page' },
      { key: ['paging', 'firstPage'], label: 'First page number', kind: 'number', elements: GENERIC, when: (r) => pagingType(r) === 'page', hint: '1, or 0 for zero-based APIs' },
      { key: ['paging', 'pageSize'], label: 'Paging page size', kind: 'number', elements: GENERIC, when: (r) => pagingType(r) === 'offset' || pagingType(r) === 'page', hint: 'records per page (default: the resource\'s page size, else 100)' },
      { key: ['paging', 'nextPath'], label: 'Next URL path', kind: 'text', mono: true, elements: GENERIC, when: (r) => pagingType(r) === 'next', hint: 'JSON path of the next page\'s URL in the body, e.g. links.next', placeholder: 'next' },
    ],
  },
  {
    title: 'Record id',
    fields: [
      { key: ['idField'], label: 'Id field', kind: 'text', mono: true, hint: 'JSON path of the record id; becomes the event\'s objectId', placeholder: 'id' },
      { key: ['xPath'], label: 'xPath (older alias of the id field)', kind: 'text', mono: true, when: (r) => r.xPath !== undefined, hint: 'used only when idField is not set' },
    ],
  },
  { title: 'Updated date', fields: dateFields('updated') },
  { title: 'Created date', fields: dateFields('created') },
  {
    title: 'Classification',
    fields: [
      { key: ['filterByUpdatedDate'], label: 'Find changes by the updated date', kind: 'boolean', defaultValue: true, hint: 'filterByUpdatedDate; turn off when the API has no updated date (changes are then found by the created date)' },
      { key: ['createdCheckTolerance'], label: 'Created check tolerance (seconds)', kind: 'number', hint: 'created and updated dates this close make an event CREATED rather than UPDATED' },
      {
        key: ['datesConfiguration', 'createdCheckTolerance'],
        label: 'Created check tolerance in datesConfiguration (seconds)',
        kind: 'number',
        when: (r) => isPlainObject(r.datesConfiguration) && r.datesConfiguration.createdCheckTolerance !== undefined,
        hint: 'the same setting, written inside datesConfiguration; the resource-level value wins',
      },
    ],
  },
  {
    title: 'Changes',
    fields: [
      {
        key: ['notifyOnFields'],
        label: 'Notify only when these fields change',
        kind: 'paths',
        mono: true,
        hint: 'notifyOnFields: JSON paths separated by commas; updates are still stored, but delivered and notified only when one of these changed',
        placeholder: 'stage, address.city',
      },
      { key: ['ignoreFields'], label: 'Ignore changes of', kind: 'paths', mono: true, hint: 'ignoreFields: JSON paths left out of the changes (modifiedon, versionnumber, etags and the updated date are always left out)', placeholder: 'audit.lastSync' },
      { key: ['secretFields'], label: 'Mask the values of', kind: 'paths', mono: true, hint: 'secretFields: JSON paths whose old and new values show as ***', placeholder: 'ssn' },
    ],
  },
];

/** Keys the form edits; anything else in a resource is shown as "other keys" (edited as JSON). */
export const FORM_KEYS = new Set(['url', 'recordsPath', 'pageSize', 'pollDelay', 'filterByCurrentDate', 'paging', 'idField', 'xPath', 'datesConfiguration', 'filterByUpdatedDate', 'createdCheckTolerance', 'notifyOnFields', 'ignoreFields', 'secretFields']);

export function visibleFields(group: FieldGroup, resource: Record<string, unknown>, elementKey: string): ResourceField[] {
  return group.fields.filter((field) => (!field.elements || field.elements.includes(elementKey)) && (!field.when || field.when(resource)));
}

export function fieldPath(resourceBasePath: string, field: ResourceField): string {
  return field.key.reduce((path, key) => joinPath(path, key), resourceBasePath);
}

export function readField(resource: Record<string, unknown>, key: readonly string[]): unknown {
  let value: unknown = resource;
  for (const part of key) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** Sets a value down the path, creating objects on the way; undefined removes it (and an emptied parent object). */
export function writeField(resource: Record<string, unknown>, key: readonly string[], value: unknown): void {
  const parents: Record<string, unknown>[] = [resource];
  let target = resource;
  for (const part of key.slice(0, -1)) {
    if (!isPlainObject(target[part])) {
      if (value === undefined) return;
      target[part] = {};
    }
    target = target[part] as Record<string, unknown>;
    parents.push(target);
  }
  const last = key[key.length - 1] as string;
  if (value === undefined) {
    delete target[last];
    for (let depth = parents.length - 1; depth > 0; depth--) {
      const parent = parents[depth] as Record<string, unknown>;
      if (Object.keys(parent).length > 0) break;
      delete (parents[depth - 1] as Record<string, unknown>)[key[depth - 1] as string];
    }
  } else {
    target[last] = value;
  }
}

/** A form control's text as the value to store: numbers as numbers when they read as one. */
export function parseFieldInput(field: ResourceField, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (field.kind === 'paths') return text.split(',').map((path) => path.trim()).filter((path) => path !== '');
  if (field.kind === 'number') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

/** Cloud Elements wrote booleans as true/"true"; the form shows what the poller will do. */
export function booleanValue(value: unknown, fallback: boolean): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fallback;
}

export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return JSON.stringify(value);
}
