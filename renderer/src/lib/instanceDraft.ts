/**
 * The instance editor's working copy: a Cloud Elements instance document, edited in place. Pure
 * functions over plain objects, so the forms, the raw JSON and the tests share one model.
 */
import { validateInstance } from '../../../shared/config/instance.ts';
import { joinPath, type Problem } from '../../../shared/config/problems.ts';
import { isPlainObject } from '../../../shared/config/values.ts';

export const POLLER_KEY = 'event.poller.configuration';
export const LEGACY_POLLER_KEY = 'event.poller.urls';
export const RESOURCES_PATH = `configuration.${POLLER_KEY}`;

export interface InstanceDocument {
  element: { key: string };
  name: string;
  tags?: unknown;
  configuration: Record<string, unknown>;
  [key: string]: unknown;
}

/** Example resources per element: the starting point of a new instance (users then copy them). */
const EXAMPLE_RESOURCES: Record<string, Record<string, unknown>> = {
  sagecrm: {
    accounts: {
      url: "/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      idField: 'key',
      datesConfiguration: {
        updatedDateField: 'Comp_UpdatedDate',
        updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        updatedDateTimezone: 'GMT',
        createdDateField: 'Comp_CreatedDate',
        createdDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        createdDateTimezone: 'GMT',
      },
    },
  },
  dynamicscrmadfs: {
    accounts: {
      url: "/hubs/crm/accounts?where=modifiedon>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
      idField: 'accountid',
      datesConfiguration: {
        updatedDateField: 'modifiedon',
        updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        updatedDateTimezone: 'GMT',
        createdDateField: 'createdon',
        createdDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        createdDateTimezone: 'GMT',
      },
    },
  },
  generic: {
    items: {
      url: "/items?updated_since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}",
      idField: 'id',
      recordsPath: 'data',
      paging: { type: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 100 },
      datesConfiguration: {
        updatedDateField: 'updated',
        updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        updatedDateTimezone: 'GMT',
        createdDateField: 'created',
        createdDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
        createdDateTimezone: 'GMT',
      },
    },
  },
};

const CONNECTION_DEFAULTS: Record<string, Record<string, unknown>> = {
  generic: { 'base.url': '', 'auth.type': 'none' },
  sagecrm: { subdomain: '', username: '' },
  dynamicscrmadfs: { 'dynamics.tenant': '', 'user.username': '' },
};

/** A deep copy of JSON data; works on the editor's reactive proxies too (structuredClone does not). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function newDocument(elementKey: string): InstanceDocument {
  return {
    element: { key: elementKey },
    name: '',
    configuration: {
      ...cloneJson(CONNECTION_DEFAULTS[elementKey] ?? {}),
      'event.notification.enabled': false,
      'event.poller.refresh_interval': 15,
      [POLLER_KEY]: cloneJson(EXAMPLE_RESOURCES[elementKey] ?? {}),
    },
  };
}

export function elementKeyOf(document: unknown): string | undefined {
  if (!isPlainObject(document)) return undefined;
  const element = document.element;
  if (typeof element === 'string') return element;
  if (isPlainObject(element) && typeof element.key === 'string') return element.key;
  return undefined;
}

/**
 * A copy to edit: `element` as `{key}`, and the resources as an object whatever form they came in
 * (a JSON string, or the legacy `event.poller.urls` lines). Says what it converted.
 */
export function editableDocument(input: unknown): { document: InstanceDocument; notes: string[] } {
  const notes: string[] = [];
  const source = isPlainObject(input) ? cloneJson(input) : {};
  const configuration = isPlainObject(source.configuration) ? source.configuration : {};
  const document: InstanceDocument = { ...source, element: { key: elementKeyOf(source) ?? 'generic' }, name: typeof source.name === 'string' ? source.name : '', configuration };
  const normalized = validateInstance(document).config?.configuration[POLLER_KEY];
  if (typeof configuration[POLLER_KEY] === 'string' && isPlainObject(normalized)) {
    configuration[POLLER_KEY] = cloneJson(normalized);
    notes.push(`${POLLER_KEY} was a JSON string; it is edited (and saved) as an object, which means the same`);
  } else if (configuration[POLLER_KEY] === undefined && typeof configuration[LEGACY_POLLER_KEY] === 'string' && isPlainObject(normalized)) {
    configuration[POLLER_KEY] = cloneJson(normalized);
    delete configuration[LEGACY_POLLER_KEY];
    notes.push(`the legacy ${LEGACY_POLLER_KEY} lines were converted to ${POLLER_KEY}, which means the same`);
  }
  return { document, notes };
}

/** The resources object, created when missing (an editor always edits an object). */
export function resourcesOf(document: InstanceDocument): Record<string, unknown> {
  const value = document.configuration[POLLER_KEY];
  if (isPlainObject(value)) return value;
  const resources: Record<string, unknown> = {};
  document.configuration[POLLER_KEY] = resources;
  return resources;
}

export function resourceNames(document: InstanceDocument): string[] {
  const value = document.configuration[POLLER_KEY];
  return isPlainObject(value) ? Object.keys(value) : [];
}

export function resourcePath(name: string): string {
  return joinPath(RESOURCES_PATH, name);
}

export function configPath(key: string): string {
  return joinPath('configuration', key);
}

/** Sets a configuration key; undefined or '' removes it. */
export function setConfig(document: InstanceDocument, key: string, value: unknown): void {
  if (value === undefined || value === '') delete document.configuration[key];
  else document.configuration[key] = value;
}

export function checkResourceName(document: InstanceDocument, name: string, current?: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'give the resource a name, e.g. "contacts" (it becomes the events\' objectType)';
  if (trimmed !== name) return 'remove the spaces around the name';
  if (name !== current && resourceNames(document).includes(name)) return `a resource named "${name}" already exists`;
  return undefined;
}

export function uniqueResourceName(document: InstanceDocument, base: string): string {
  const names = new Set(resourceNames(document));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base}_copy` : `${base}_copy${n}`;
    if (!names.has(candidate)) return candidate;
  }
}

/** Cloud Elements' documented way to add a resource: copy one that works, then change what differs. */
export function copyResource(document: InstanceDocument, from: string, to: string): void {
  const resources = resourcesOf(document);
  resources[to] = cloneJson(resources[from] ?? {});
}

/** Renames in place, keeping the order of the resources. */
export function renameResource(document: InstanceDocument, from: string, to: string): void {
  if (from === to) return;
  const resources = resourcesOf(document);
  const renamed = Object.fromEntries(Object.entries(resources).map(([name, value]) => [name === from ? to : name, value]));
  document.configuration[POLLER_KEY] = renamed;
}

export function removeResource(document: InstanceDocument, name: string): void {
  delete resourcesOf(document)[name];
}

/** Adds the element's example resource (under a free name); for an instance with none to copy. */
export function addExampleResource(document: InstanceDocument): string {
  const examples = EXAMPLE_RESOURCES[document.element.key] ?? EXAMPLE_RESOURCES.generic ?? {};
  const [exampleName = 'records', example = { url: '', idField: 'id' }] = Object.entries(examples)[0] ?? [];
  const names = new Set(resourceNames(document));
  const name = names.has(exampleName) ? uniqueResourceName(document, exampleName) : exampleName;
  resourcesOf(document)[name] = cloneJson(example);
  return name;
}

/** Problems at exactly this path. */
export function problemsAt(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter((problem) => problem.path === path);
}

/** Problems at this path or anywhere inside it. */
export function problemsUnder(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`));
}

/** A DOM id for the control that edits a path, so a problem can be linked to its field. */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The DOM id of a credential's input (credentials are not in the document, so not at fieldId). */
export function secretFieldId(key: string): string {
  return `secret-${key.replace(/[^A-Za-z0-9]/g, '-')}`;
}

/** The document with the credentials typed for it (empty ones left out), to be saved in one call. */
export function withSecrets(document: InstanceDocument, secrets: Readonly<Record<string, string>>): InstanceDocument {
  const given = Object.entries(secrets).filter(([, value]) => value !== '');
  return given.length === 0 ? document : { ...document, configuration: { ...document.configuration, ...Object.fromEntries(given) } };
}
