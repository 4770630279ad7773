/**
 * Cloud Elements accepted loosely typed values (`"true"`, `"15"`); these readers accept exactly the
 * forms its users wrote and report anything else with the fix.
 */
import type { ProblemList } from './problems.ts';

/** `<YOUR_PASSWORD>`, `<INSERT_DYNMAICS_CRM_USERNAME>`, `{{page.elementKey}}`: left for the user to fill in. */
const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9_ .-]*>|\{\{[^{}]*\}\}/;
/** Cloud Elements' examples write a user name or password they do not show as a run of x's. */
const CROSSED_OUT = /^x{3,}$/i;

export function findPlaceholder(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return PLACEHOLDER.exec(value)?.[0] ?? (CROSSED_OUT.test(value.trim()) ? value.trim() : undefined);
}

/** Warns about a placeholder and returns true when the value is one (so it is not validated further). */
export function warnIfPlaceholder(problems: ProblemList, path: string, value: unknown): boolean {
  const placeholder = findPlaceholder(value);
  if (placeholder === undefined) return false;
  const marked = placeholder.startsWith('<') || placeholder.startsWith('{{');
  problems.todo(path, marked ? `placeholder ${placeholder}: fill in before enabling` : `"${placeholder}" is the crossed-out value of Cloud Elements' example: fill in your own before enabling`);
  return true;
}

/**
 * Hosts of the documentation examples, never a user's own server or receiver: Cloud Elements' (its
 * examples point the Sage CRM server and the callback at it) and Dynamics' "yourcompanyname".
 */
const DOCUMENTATION_HOST = /(?:^|\.)cloud-elements\.com$|^yourcompanyname\./i;

/** The documentation host a URL or host name points at, if it does. */
export function findDocumentationHost(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let host: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      host = new URL(text).hostname;
    } catch {
      return undefined;
    }
  } else {
    host = /^([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?(?:\/|$)/.exec(text)?.[1];
  }
  return host !== undefined && DOCUMENTATION_HOST.test(host) ? host.toLowerCase() : undefined;
}

/** A value pointing at a documentation host is still valid, and still to replace before it may poll. */
export function warnIfDocumentationHost(problems: ProblemList, path: string, value: unknown): void {
  const host = findDocumentationHost(value);
  if (host === undefined) return;
  problems.todo(path, `${host} is the host of a documentation example, not yours: put your own before enabling (nothing is sent there)`);
}

export function readBoolean(problems: ProblemList, path: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  if (!warnIfPlaceholder(problems, path, value)) {
    problems.error(path, `must be true or false (a boolean or the string "true"/"false"), got ${JSON.stringify(value)}`);
  }
  return fallback;
}

export interface NumberRule {
  fallback?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  unit: string;
}

export function readNumber(problems: ProblemList, path: string, value: unknown, rule: NumberRule): number | undefined {
  if (value === undefined || value === null || value === '') return rule.fallback;
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : Number.NaN;
  const expected = `${rule.integer ? 'a whole number' : 'a number'} of ${rule.unit}`;
  if (!Number.isFinite(number)) {
    if (!warnIfPlaceholder(problems, path, value)) problems.error(path, `must be ${expected} (a number or a numeric string), got ${JSON.stringify(value)}`);
    return rule.fallback;
  }
  if (rule.integer && !Number.isInteger(number)) {
    problems.error(path, `must be ${expected}, got ${number}`);
    return rule.fallback;
  }
  if (rule.min !== undefined && number < rule.min) {
    problems.error(path, `must be at least ${rule.min} ${rule.unit}, got ${number}`);
    return rule.fallback;
  }
  if (rule.max !== undefined && number > rule.max) {
    problems.error(path, `must be at most ${rule.max} ${rule.unit}, got ${number}`);
    return rule.fallback;
  }
  return number;
}

/** A non-empty string, or undefined with an error naming the expected content. */
export function readString(problems: ProblemList, path: string, value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.error(path, `must be ${what}, got ${JSON.stringify(value)}`);
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
