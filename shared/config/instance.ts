/**
 * Reads a Cloud Elements instance (`{element, configuration, name, tags}`) or a bare `configuration`
 * object, as pasted from Cloud Elements, into an InstanceConfig, reporting every problem with its path.
 */
import { formatJsonSyntaxError, parseJsonText } from '../jsonText.ts';
import { maskedCallbackUrl } from './callbackUrl.ts';
import { checkElement } from './elementValidation.ts';
import { findElement, knownKeys } from './elements.ts';
import { parseUrl } from './hosts.ts';
import { convertLegacyUrls } from './legacyUrls.ts';
import { joinPath, ProblemList, type Problem } from './problems.ts';
import { validateResource } from './resource.ts';
import { DEFAULT_REFRESH_INTERVAL_MINUTES, INCLUDE_CHANGES, type IncludeChanges, type InstanceConfig, type ResourceConfig } from './types.ts';
import { describeType, findPlaceholder, isPlainObject, readBoolean, readNumber, readString, warnIfDocumentationHost, warnIfPlaceholder } from './values.ts';

export interface ValidationResult {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** The warnings about values still to fill in before it may poll (placeholders, documentation examples). */
  todos: Problem[];
  /** Present whenever the input had the right overall shape, even with errors, so callers can show what was understood. */
  config?: InstanceConfig;
}

const INSTANCE_KEYS = new Set(['element', 'configuration', 'name', 'tags']);
/** Fields Cloud Elements' API returned with an instance; harmless when pasted back. */
const IGNORED_INSTANCE_KEYS = new Set(['id', 'token', 'description', 'createdDate', 'updatedDate', 'disabled', 'valid', 'eventsEnabled', 'user', 'providerData']);

export function validateInstance(input: unknown): ValidationResult {
  const problems = new ProblemList();
  const config = readInstance(input, problems);
  return { valid: problems.errors.length === 0, errors: problems.errors, warnings: problems.warnings, todos: problems.todos, config };
}

/** Parses JSON text first; a syntax error becomes a problem at the root, not an exception. */
export function validateInstanceText(text: string): ValidationResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { valid: false, errors: [{ path: '', message: `not valid JSON: ${formatJsonSyntaxError(parsed.error)}` }], warnings: [], todos: [] };
  return validateInstance(parsed.value);
}

/** An instance has `configuration` or `element`; anything else is taken as a bare configuration. */
export function isInstanceShape(input: Record<string, unknown>): boolean {
  return 'configuration' in input || 'element' in input;
}

function readInstance(input: unknown, problems: ProblemList): InstanceConfig | undefined {
  if (!isPlainObject(input)) {
    problems.error('', `expected a Cloud Elements instance {"element", "configuration", "name", "tags"} or a configuration object, got ${describeType(input)}`);
    return undefined;
  }
  if (!isInstanceShape(input)) return readConfiguration(input, '', undefined, problems);
  for (const key of Object.keys(input)) {
    if (!INSTANCE_KEYS.has(key) && !IGNORED_INSTANCE_KEYS.has(key)) problems.warn(key, `unknown instance key "${key}" is kept but not used`);
  }
  const elementKey = readElementKey(input.element, problems);
  if (!isPlainObject(input.configuration)) {
    problems.error('configuration', `must be an object of configuration keys, got ${describeType(input.configuration)}`);
    return undefined;
  }
  const config = readConfiguration(input.configuration, 'configuration', elementKey, problems);
  config.name = readName(input.name, problems);
  config.tags = readTags(input.tags, problems);
  return config;
}

/** Element keys written as a documentation page's template variable, and the element that page is about. */
const TEMPLATE_ELEMENT_KEYS: Readonly<Record<string, string>> = { '{{page.elementKey}}': 'sagecrm' };

function readElementKey(element: unknown, problems: ProblemList): string | undefined {
  if (element === undefined) {
    problems.error('element', 'missing: add {"key": "sagecrm"}, {"key": "dynamicscrmadfs"} or {"key": "generic"}');
    return undefined;
  }
  const key = isPlainObject(element) ? element.key : typeof element === 'string' ? element : undefined;
  const path = isPlainObject(element) ? 'element.key' : 'element';
  if (typeof key !== 'string') {
    problems.error(path, `must name the connector, e.g. {"key": "sagecrm"}, got ${JSON.stringify(element)}`);
    return undefined;
  }
  const templated = TEMPLATE_ELEMENT_KEYS[key];
  if (templated !== undefined) {
    problems.warn(path, `${key} is how Cloud Elements' ${findElement(templated)?.name ?? templated} documentation page writes its element key: read as "${templated}" (saved so)`);
    return templated;
  }
  if (warnIfPlaceholder(problems, path, key)) return undefined;
  if (!findElement(key)) {
    problems.error(path, `unknown element "${key}"; this product polls sagecrm, dynamicscrmadfs and generic (any JSON REST API)`);
  }
  return key;
}

function readName(value: unknown, problems: ProblemList): string | undefined {
  if (value === undefined) {
    problems.warn('name', 'missing: give the instance a unique name before adding it');
    return undefined;
  }
  const name = readString(problems, 'name', value, 'a non-empty instance name');
  if (name !== undefined) warnIfPlaceholder(problems, 'name', name);
  return name;
}

function readTags(value: unknown, problems: ProblemList): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.error('tags', `must be a list of strings, e.g. ["crm"], got ${describeType(value)}`);
    return [];
  }
  return value.flatMap((tag, index) => {
    const path = joinPath('tags', index);
    if (typeof tag !== 'string') {
      problems.error(path, `must be a string, got ${describeType(tag)}`);
      return [];
    }
    warnIfPlaceholder(problems, path, tag);
    return [tag];
  });
}

function readConfiguration(configuration: Record<string, unknown>, base: string, elementKey: string | undefined, problems: ProblemList): InstanceConfig {
  const at = (key: string) => joinPath(base, key);
  checkConfigurationKeys(configuration, base, elementKey, problems);
  const enabled = readBoolean(problems, at('event.notification.enabled'), configuration['event.notification.enabled'], false);
  const callbackUrl = readCallbackUrl(configuration['event.notification.callback.url'], at('event.notification.callback.url'), enabled, problems);
  const refresh = readNumber(problems, at('event.poller.refresh_interval'), configuration['event.poller.refresh_interval'], {
    fallback: DEFAULT_REFRESH_INTERVAL_MINUTES,
    min: 1,
    unit: 'minutes',
  });
  const poller = readPoller(configuration, base, problems);
  const resources = poller ? readResources(poller, problems) : [];
  const resourcePath = (name: string) => poller?.linePaths?.[name] ?? joinPath(poller?.path ?? at('event.poller.configuration'), name);
  checkElement(elementKey, { configuration, resources, configurationPath: base, resourcePath }, problems);
  const normalized: Record<string, unknown> = { ...configuration };
  if (poller !== undefined) {
    normalized['event.poller.configuration'] = poller.resources;
    delete normalized['event.poller.urls'];
  }
  return {
    elementKey,
    tags: [],
    notification: { enabled, callbackUrl, ...readIncludeChanges(configuration['event.notification.include.changes'], at('event.notification.include.changes'), problems) },
    refreshIntervalMinutes: refresh ?? DEFAULT_REFRESH_INTERVAL_MINUTES,
    vendorType: readVendorType(configuration['event.vendor.type'], at('event.vendor.type'), problems),
    resources,
    configuration: normalized,
  };
}

/** Keys whose values their own readers check for placeholders. */
const CHECKED_ELSEWHERE = new Set(['event.poller.configuration', 'event.poller.urls', 'event.notification.callback.url']);

function checkConfigurationKeys(configuration: Record<string, unknown>, base: string, elementKey: string | undefined, problems: ProblemList): void {
  const element = findElement(elementKey);
  const known = new Set(knownKeys(element).map((key) => key.key));
  for (const [key, value] of Object.entries(configuration)) {
    const path = joinPath(base, key);
    if (!known.has(key)) {
      const owner = element ? `the ${element.key} element` : 'any element';
      problems.warn(path, `unknown configuration key "${key}" is kept but not used by ${owner}`);
    }
    // The callback URL is read by readCallbackUrl: what it is only matters when events are sent there.
    if (CHECKED_ELSEWHERE.has(key) || typeof value !== 'string') continue;
    if (!warnIfPlaceholder(problems, path, value)) warnIfDocumentationHost(problems, path, value);
  }
}

/** Absent unless given: the payload then sends the values. */
function readIncludeChanges(value: unknown, path: string, problems: ProblemList): { includeChanges?: IncludeChanges } {
  if (value === undefined) return {};
  if (typeof value === 'string' && (INCLUDE_CHANGES as readonly string[]).includes(value)) return { includeChanges: value as IncludeChanges };
  problems.error(path, `must be one of ${INCLUDE_CHANGES.map((option) => `"${option}"`).join(', ')} (what of an update's changes the callback carries), got ${JSON.stringify(value)}`);
  return {};
}

function readCallbackUrl(value: unknown, path: string, enabled: boolean, problems: ProblemList): string | undefined {
  if (value === undefined || value === '') {
    if (enabled) problems.error(path, 'events are enabled but no callback URL is set: add the https:// URL that receives the events, or disable events');
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.error(path, `must be a URL string, got ${describeType(value)}`);
    return undefined;
  }
  const placeholder = findPlaceholder(value);
  if (placeholder !== undefined) {
    if (enabled) warnIfPlaceholder(problems, path, value);
    else problems.warn(path, `placeholder ${placeholder}: fill in before turning events on`);
    return value;
  }
  let url: URL;
  try {
    url = parseUrl(value);
  } catch {
    problems.error(path, `"${maskedCallbackUrl(value)}" is not a URL: write the full address, e.g. https://example.com/crm-events`);
    return value;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.error(path, `"${maskedCallbackUrl(value)}" must be an http:// or https:// URL`);
  if (enabled) warnIfDocumentationHost(problems, path, value);
  return value;
}

function readVendorType(value: unknown, path: string, problems: ProblemList): 'polling' | 'webhook' {
  if (value === undefined || value === 'polling') return 'polling';
  if (value === 'webhook') {
    problems.warn(path, 'webhook events are not supported by this desktop poller; the resources are polled instead');
    return 'webhook';
  }
  problems.error(path, `must be "polling" or "webhook", got ${JSON.stringify(value)}`);
  return 'polling';
}

/** The resources to poll, and where each was written (for pointing at problems). */
interface PollerResources {
  resources: Record<string, unknown>;
  path: string;
  /** For the legacy form: the line each resource was written on. */
  linePaths?: Record<string, string>;
}

/**
 * `event.poller.configuration` as an object, or the same object as a JSON string (the API form), or
 * the legacy `event.poller.urls` lines. Undefined when there is none, or when it is only a placeholder.
 */
function readPoller(configuration: Record<string, unknown>, base: string, problems: ProblemList): PollerResources | undefined {
  const path = joinPath(base, 'event.poller.configuration');
  const value = configuration['event.poller.configuration'];
  const legacy = configuration['event.poller.urls'];
  if (value !== undefined && legacy !== undefined) {
    problems.warn(joinPath(base, 'event.poller.urls'), 'ignored because event.poller.configuration is also set; remove one of them');
  }
  if (value === undefined && legacy === undefined) {
    problems.warn(path, 'missing: add the resources to poll, e.g. {"accounts": {"url": …, "idField": …, "datesConfiguration": {…}}}');
    return undefined;
  }
  if (value === undefined) return readLegacyUrls(legacy, joinPath(base, 'event.poller.urls'), problems);
  const resources = readPollerObject(value, path, problems);
  return resources && { resources, path };
}

function readPollerObject(value: unknown, path: string, problems: ProblemList): Record<string, unknown> | undefined {
  if (isPlainObject(value)) return value;
  if (typeof value !== 'string') {
    problems.error(path, `must be an object of resources, or that object as a JSON string, got ${describeType(value)}`);
    return undefined;
  }
  if (warnIfPlaceholder(problems, path, value)) return undefined;
  return parsePollerJson(value, path, problems);
}

function parsePollerJson(text: string, path: string, problems: ProblemList): Record<string, unknown> | undefined {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    problems.error(path, `this JSON string does not parse (inside it, ${formatJsonSyntaxError(parsed.error)}); check quotes are escaped as \\"`);
    return undefined;
  }
  if (isPlainObject(parsed.value)) return parsed.value;
  problems.error(path, `the JSON string must hold an object of resources, got ${describeType(parsed.value)}`);
  return undefined;
}

function readLegacyUrls(value: unknown, path: string, problems: ProblemList): PollerResources | undefined {
  if (typeof value !== 'string') {
    problems.error(path, `must be a string of lines "resource|url|idField|…", got ${describeType(value)}`);
    return undefined;
  }
  if (warnIfPlaceholder(problems, path, value)) return undefined;
  const { resources, linePaths } = convertLegacyUrls(value, path, problems);
  return { resources, path, linePaths };
}

function readResources(poller: PollerResources, problems: ProblemList): ResourceConfig[] {
  if (Object.keys(poller.resources).length === 0) problems.warn(poller.path, 'no resources configured: nothing will be polled');
  return Object.entries(poller.resources).flatMap(([name, value]) => {
    const path = poller.linePaths?.[name] ?? joinPath(poller.path, name);
    const resource = validateResource(name, value, path, problems);
    return resource ? [resource] : [];
  });
}
