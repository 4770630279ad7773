/** Validation of one resource under `event.poller.configuration`. */
import { checkJavaDatePattern, checkTimeZone } from '../dates.ts';
import { checkFieldPath } from '../fieldPath.ts';
import { checkUrlTemplate } from '../urlMacros.ts';
import { joinPath, type ProblemList } from './problems.ts';
import { DATE_FIELD_KEYS, DEFAULT_CREATED_CHECK_TOLERANCE_SECONDS, DEFAULT_DATE_ZONE, type DateField, type ResourceConfig } from './types.ts';
import { describeType, isPlainObject, readBoolean, readNumber, readString, warnIfDocumentationHost, warnIfPlaceholder } from './values.ts';

/** Resource keys interpreted here; connectors may interpret more (kept in `extra`). */
const RESOURCE_KEYS = new Set([
  'url',
  'idField',
  'xPath',
  'datesConfiguration',
  'filterByUpdatedDate',
  'filterByCurrentDate',
  'createdCheckTolerance',
  'pageSize',
  'pollDelay',
  'ignoreFields',
  'secretFields',
  'notifyOnFields',
  'labelField',
]);

/** Keys some connectors read (the generic element's paging), known so they are not warned about. */
export const CONNECTOR_RESOURCE_KEYS = new Set(['recordsPath', 'paging']);

const DATE_KEYS = new Set<string>([...DATE_FIELD_KEYS, 'createdCheckTolerance']);

const SECONDS = { unit: 'seconds', min: 0 };

export function validateResource(name: string, value: unknown, path: string, problems: ProblemList): ResourceConfig | undefined {
  if (!isPlainObject(value)) {
    problems.error(path, `resource "${name}" must be an object with at least "url" and "idField", got ${describeType(value)}`);
    return undefined;
  }
  warnUnknownKeys(value, path, problems);
  const url = readUrl(name, value, path, problems);
  const idField = readIdField(name, value, path, problems);
  const dates = readDates(value.datesConfiguration, joinPath(path, 'datesConfiguration'), problems);
  const filterByUpdatedDate = readBoolean(problems, joinPath(path, 'filterByUpdatedDate'), value.filterByUpdatedDate, true);
  const resource: ResourceConfig = {
    name,
    url: url ?? '',
    idField: idField ?? '',
    updated: dates.updated,
    created: dates.created,
    filterByUpdatedDate,
    filterByCurrentDate: readBoolean(problems, joinPath(path, 'filterByCurrentDate'), value.filterByCurrentDate, false),
    createdCheckTolerance: readTolerance(value, dates.tolerance, path, problems),
    pageSize: readNumber(problems, joinPath(path, 'pageSize'), value.pageSize, { unit: 'records', min: 1, max: 10_000, integer: true }),
    pollDelay: readNumber(problems, joinPath(path, 'pollDelay'), value.pollDelay, SECONDS),
    ignoreFields: readFieldPathList(value.ignoreFields, joinPath(path, 'ignoreFields'), 'fields whose changes are not reported', problems),
    secretFields: readFieldPathList(value.secretFields, joinPath(path, 'secretFields'), 'fields whose values are masked in changes', problems),
    notifyOnFields: readFieldPathList(value.notifyOnFields, joinPath(path, 'notifyOnFields'), 'fields whose changes are delivered and notified', problems),
    labelField: readLabelField(value.labelField, joinPath(path, 'labelField'), problems),
    extra: Object.fromEntries(Object.entries(value).filter(([key]) => !RESOURCE_KEYS.has(key))),
  };
  checkFilterDate(name, resource, path, problems);
  return url === undefined || idField === undefined ? undefined : resource;
}

function warnUnknownKeys(value: Record<string, unknown>, path: string, problems: ProblemList): void {
  for (const key of Object.keys(value)) {
    if (RESOURCE_KEYS.has(key) || CONNECTOR_RESOURCE_KEYS.has(key)) continue;
    problems.warn(joinPath(path, key), `unknown resource key "${key}" is kept but not used; known keys: ${[...RESOURCE_KEYS].join(', ')}`);
  }
}

function readUrl(name: string, resource: Record<string, unknown>, path: string, problems: ProblemList): string | undefined {
  const urlPath = joinPath(path, 'url');
  if (resource.url === undefined) {
    problems.error(urlPath, `resource "${name}" has no "url": add the path to poll, e.g. "/hubs/crm/${name}?where=…"`);
    return undefined;
  }
  const url = readString(problems, urlPath, resource.url, 'the path or URL to poll');
  if (url === undefined || warnIfPlaceholder(problems, urlPath, url)) return url;
  const problem = checkUrlTemplate(url);
  if (problem) problems.error(urlPath, problem);
  // Only http(s) is ever requested: a file:, data: or other URL would be joined to the server as a path at best.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    problems.error(urlPath, `"${url}" is not a path or an http(s) URL: write the path to poll, e.g. "/hubs/crm/${name}?where=…"`);
  }
  warnIfDocumentationHost(problems, urlPath, url);
  return url;
}

/** `idField`, or the older alias `xPath`. */
function readIdField(name: string, resource: Record<string, unknown>, path: string, problems: ProblemList): string | undefined {
  const key = resource.idField !== undefined ? 'idField' : resource.xPath !== undefined ? 'xPath' : undefined;
  if (key === undefined) {
    problems.error(joinPath(path, 'idField'), `resource "${name}" has no "idField": add the JSON path of the record id, e.g. "id" or "key"`);
    return undefined;
  }
  if (key === 'idField' && resource.xPath !== undefined && resource.xPath !== resource.idField) {
    problems.warn(joinPath(path, 'xPath'), 'both "idField" and its older alias "xPath" are set; "idField" is used');
  }
  return readFieldPathValue(resource[key], joinPath(path, key), 'the JSON path of the record id', problems);
}

function readFieldPathValue(value: unknown, path: string, what: string, problems: ProblemList): string | undefined {
  const text = readString(problems, path, value, what);
  if (text === undefined || warnIfPlaceholder(problems, path, text)) return text;
  const problem = checkFieldPath(text);
  if (problem) problems.error(path, problem);
  return text;
}

/** A list of JSON field paths, e.g. `["address.city", "['Modified By']"]`; each checked where it sits. */
function readFieldPathList(value: unknown, path: string, what: string, problems: ProblemList): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.error(path, `must be a list of JSON field paths (${what}), e.g. ["stage", "address.city"], got ${describeType(value)}`);
    return [];
  }
  const paths: string[] = [];
  for (const [index, item] of value.entries()) {
    const text = readFieldPathValue(item, joinPath(path, index), 'a JSON field path', problems);
    if (text !== undefined && checkFieldPath(text) === undefined) paths.push(text);
  }
  return paths;
}

/** `labelField`: one JSON path (`"Comp_Name"`) or several whose values are joined (`["Pers_FirstName", "Pers_LastName"]`). */
function readLabelField(value: unknown, path: string, problems: ProblemList): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const text = readFieldPathValue(value, path, 'the JSON path of the field that names a record', problems);
    return text !== undefined && checkFieldPath(text) === undefined ? [text] : undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problems.error(path, `must be the JSON path of the field that names a record ("name"), or a list of them whose values are joined (["firstname", "lastname"]), got ${describeType(value)}`);
    return undefined;
  }
  const paths = readFieldPathList(value, path, 'fields whose values, joined, name a record', problems);
  return paths.length > 0 ? paths : undefined;
}

interface Dates {
  updated?: DateField;
  created?: DateField;
  tolerance?: number;
}

function readDates(value: unknown, path: string, problems: ProblemList): Dates {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    problems.error(path, `must be an object with updatedDateField, updatedDateFormat…, got ${describeType(value)}`);
    return {};
  }
  for (const key of Object.keys(value)) {
    if (!DATE_KEYS.has(key)) problems.warn(joinPath(path, key), `unknown key "${key}" is kept but not used; known keys: ${[...DATE_KEYS].join(', ')}`);
  }
  return {
    updated: readDateField(value, 'updated', path, problems),
    created: readDateField(value, 'created', path, problems),
    tolerance: readNumber(problems, joinPath(path, 'createdCheckTolerance'), value.createdCheckTolerance, SECONDS),
  };
}

function readDateField(dates: Record<string, unknown>, kind: 'updated' | 'created', path: string, problems: ProblemList): DateField | undefined {
  const fieldKey = `${kind}DateField`;
  const formatKey = `${kind}DateFormat`;
  const zoneKey = `${kind}DateTimezone`;
  const field = readFieldPathValue(dates[fieldKey], joinPath(path, fieldKey), 'the JSON path of the date', problems);
  const format = readFormat(dates[formatKey], joinPath(path, formatKey), problems);
  const timeZone = readZone(dates[zoneKey], joinPath(path, zoneKey), problems);
  if (field === undefined) {
    if (format !== undefined) problems.warn(joinPath(path, formatKey), `is set but ${fieldKey} is not, so no ${kind} date is read`);
    return undefined;
  }
  if (format === undefined) {
    if (dates[formatKey] === undefined) {
      problems.error(joinPath(path, formatKey), `missing: say how ${fieldKey} is written, e.g. "yyyy-MM-dd'T'HH:mm:ssXXX" or "milliseconds"`);
    }
    return undefined;
  }
  return { field, format, timeZone: timeZone ?? DEFAULT_DATE_ZONE };
}

function readFormat(value: unknown, path: string, problems: ProblemList): string | undefined {
  const format = readString(problems, path, value, 'a SimpleDateFormat pattern or "milliseconds"');
  if (format === undefined || format === 'milliseconds') return format;
  const problem = checkJavaDatePattern(format);
  if (problem) {
    problems.error(path, `${problem}; see java.text.SimpleDateFormat, or use "milliseconds"`);
    return undefined;
  }
  return format;
}

function readZone(value: unknown, path: string, problems: ProblemList): string | undefined {
  const zone = readString(problems, path, value, 'a time zone such as GMT, EST, -8:00 or America/Denver');
  if (zone === undefined) return undefined;
  const problem = checkTimeZone(zone);
  if (problem) {
    problems.error(path, problem);
    return undefined;
  }
  return zone;
}

/** `createdCheckTolerance` is found both on the resource and inside `datesConfiguration`. */
function readTolerance(resource: Record<string, unknown>, insideDates: number | undefined, path: string, problems: ProblemList): number {
  const onResource = readNumber(problems, joinPath(path, 'createdCheckTolerance'), resource.createdCheckTolerance, SECONDS);
  if (onResource !== undefined && insideDates !== undefined && onResource !== insideDates) {
    problems.warn(
      joinPath(path, 'createdCheckTolerance'),
      `differs from datesConfiguration.createdCheckTolerance (${insideDates}); the resource-level value ${onResource} is used`,
    );
  }
  return onResource ?? insideDates ?? DEFAULT_CREATED_CHECK_TOLERANCE_SECONDS;
}

/** The date the poll filters by must be readable, or no change could be placed in time. */
function checkFilterDate(name: string, resource: ResourceConfig, path: string, problems: ProblemList): void {
  const datesPath = joinPath(path, 'datesConfiguration');
  if (resource.filterByUpdatedDate && resource.updated === undefined && !problems.errors.some((p) => p.path.startsWith(datesPath))) {
    problems.error(
      joinPath(datesPath, 'updatedDateField'),
      `resource "${name}" needs updatedDateField and updatedDateFormat to tell changes apart; or set "filterByUpdatedDate": false and give createdDateField`,
    );
  }
  if (!resource.filterByUpdatedDate && resource.created === undefined && !problems.errors.some((p) => p.path.startsWith(datesPath))) {
    problems.error(joinPath(datesPath, 'createdDateField'), `resource "${name}" has "filterByUpdatedDate": false, so it needs createdDateField and createdDateFormat`);
  }
}
