/**
 * What the import dialog imports: every instance document in what was pasted or opened (a document,
 * a JSON array of them, several files), each with the name it will be saved under, checked as the
 * engine will check it, names among each other and the saved instances included.
 */
import type { ValidationReport } from '../../../shared/api.ts';
import { isInstanceShape, validateInstance } from '../../../shared/config/instance.ts';
import { nameProblem } from '../../../shared/config/instanceName.ts';
import type { Problem } from '../../../shared/config/problems.ts';
import { findPlaceholder, isPlainObject } from '../../../shared/config/values.ts';
import { formatJsonSyntaxError, parseJsonText } from '../../../shared/jsonText.ts';

export interface ImportSource {
  /** "the pasted JSON", or a file's name. */
  label: string;
  text: string;
  fromFile: boolean;
}

export interface ImportDocument {
  /** Stable while the sources stay: "accounts.json", "the pasted JSON, document 2". */
  key: string;
  source: ImportSource;
  /** The parsed document; undefined when its source is not JSON. */
  value?: unknown;
  /** Its whole source is this one document (so the text goes to the engine unchanged). */
  whole: boolean;
  /** A source that does not parse: where and what. */
  syntaxError?: string;
  /** The name it is saved under unless the user changes it: its own, or its file's instead of a placeholder. */
  suggestedName: string;
  /** A bare configuration (no element, no name) cannot be named here. */
  nameable: boolean;
}

export function importDocuments(sources: readonly ImportSource[]): ImportDocument[] {
  return sources.flatMap((source): ImportDocument[] => {
    const parsed = parseJsonText(source.text);
    if (!parsed.ok) return [{ key: source.label, source, whole: true, syntaxError: `not valid JSON at ${formatJsonSyntaxError(parsed.error)}`, suggestedName: '', nameable: false }];
    const values = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    return values.map((value, index) => ({
      key: Array.isArray(parsed.value) ? `${source.label}, document ${index + 1}` : source.label,
      source,
      value,
      whole: !Array.isArray(parsed.value),
      suggestedName: suggestName(value, source),
      nameable: isPlainObject(value) && isInstanceShape(value),
    }));
  });
}

function suggestName(value: unknown, source: ImportSource): string {
  const name = isPlainObject(value) && typeof value.name === 'string' ? value.name : '';
  // "<INSERT_INSTANCE_NAME>" in a file: the file's name is a better start (the three Dynamics examples share it).
  return source.fromFile && findPlaceholder(name) !== undefined ? source.label.replace(/\.json$/i, '') : name;
}

/** The document as it is saved: under `name` when it can be named. */
export function named(document: ImportDocument, name: string): unknown {
  return document.nameable && isPlainObject(document.value) ? { ...document.value, name } : document.value;
}

export interface ImportCheck {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  /** What is wrong with the name (also among the errors, at `name`). */
  nameError?: string;
  summary?: { elementKey?: string; resources: number; refreshIntervalMinutes: number };
}

/**
 * Each document under its name, as the engine will judge it: `verdicts` are the engine's own checks
 * (validateInstance over the API) by the document's JSON, used once they are in; names unique among
 * the saved instances and the other documents.
 */
export function checkImports(documents: readonly ImportDocument[], names: readonly string[], savedNames: readonly string[], verdicts: ReadonlyMap<string, ValidationReport> = new Map()): ImportCheck[] {
  return documents.map((document, index) => {
    if (document.syntaxError !== undefined) return { valid: false, errors: [{ path: '', message: document.syntaxError }], warnings: [] };
    const value = named(document, names[index] ?? '');
    const result = validateInstance(value);
    const verdict = verdicts.get(JSON.stringify(value));
    const others = names.filter((_, other) => other !== index && documents[other]?.nameable).map((name) => name.trim().toLowerCase());
    const name = result.config?.name?.trim() ?? '';
    const twice = name !== '' && others.includes(name.toLowerCase()) ? `another document of this import is named "${name}" too: give each its own name` : undefined;
    const nameError = nameProblem(name, savedNames) ?? twice;
    // The name's own rule (shared with the engine) says it better than the generic "non-empty" one.
    const found = verdict ?? result;
    const errors = [...found.errors.filter((problem) => problem.path !== 'name'), ...(nameError === undefined ? [] : [{ path: 'name', message: nameError }])];
    const config = result.config;
    const summary = config ? { elementKey: config.elementKey, resources: config.resources.length, refreshIntervalMinutes: config.refreshIntervalMinutes } : undefined;
    return { valid: errors.length === 0, errors, warnings: found.warnings, nameError, summary };
  });
}
