/**
 * The one redaction rule: what is hidden in every text the engine stores, prints, logs or answers
 * (poll runs, delivery attempts, status, API errors, CLI output).
 *
 * Hidden are the secret values an instance uses, in every form they travel in (raw, percent- and
 * form-encoded, JSON- and HTML-escaped, base64, and inside the Basic credential of a user name), and
 * whatever any server or library may echo that carries a credential even when its value is not known
 * here: the values of credential headers (Authorization, Proxy-Authorization, Cookie, Set-Cookie,
 * X-Api-Key and an instance's own auth header), Basic/Bearer credentials, token and password
 * parameters, and the user info of URLs.
 */
import type { SecretStore } from './secretStore.ts';

export const REDACTED = '***';

/** Headers whose value is a credential, whatever it is. */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];

/** JSON keys and form or query parameters whose value is a credential. */
const CREDENTIAL_PARAMETERS = ['password', 'passwd', 'client_secret', 'access_token', 'refresh_token', 'id_token', 'token', 'api_key', 'apikey'];

export interface RedactionSecrets {
  /** Secret values: passwords, tokens, keys, a callback's user info. */
  values?: Iterable<string | undefined>;
  /** User names and client ids, which go into a Basic credential together with a secret value. */
  users?: Iterable<string | undefined>;
  /** Header names of an instance's own credential header (the generic element's `header.name`). */
  headerNames?: Iterable<string | undefined>;
}

/**
 * Replaces every credential in `text` with `***` (longer secrets first, so one containing another is
 * hidden whole). `secrets` may be just the secret values.
 */
export function redact(text: string, secrets: RedactionSecrets | Iterable<string | undefined> = {}): string {
  return compile(Symbol.iterator in secrets ? { values: secrets } : secrets)(text);
}

type Rule = (text: string) => string;

function compile(secrets: RedactionSecrets): Rule {
  const values = present(secrets.values);
  const needles = new Set<string>();
  for (const value of values) for (const shown of encodings(value)) needles.add(shown);
  for (const user of present(secrets.users)) {
    for (const value of values) {
      needles.add(base64(`${user}:${value}`));
      needles.add(base64(`${formEncode(user)}:${formEncode(value)}`));
    }
  }
  const sorted = [...needles].filter((needle) => needle !== '').sort((a, b) => b.length - a.length);
  const headers = headerRules([...CREDENTIAL_HEADERS, ...present(secrets.headerNames)]);
  return (text) => {
    let result = text;
    for (const needle of sorted) if (result.includes(needle)) result = result.split(needle).join(REDACTED);
    for (const rule of [redactUserInfo, ...headers, redactParameters, redactSchemes]) result = rule(result);
    return result;
  };
}

function present(values: Iterable<string | undefined> | undefined): string[] {
  return [...new Set([...(values ?? [])].filter((value): value is string => typeof value === 'string' && value !== ''))];
}

/** The forms a secret takes in a URL, a form body, JSON, HTML and base64. */
function encodings(value: string): string[] {
  const forms = [value, JSON.stringify(value).slice(1, -1), htmlEscape(value), base64(value)];
  try {
    forms.push(encodeURIComponent(value), formEncode(value));
  } catch {
    // A lone surrogate has no percent-encoding; the raw form is still hidden.
  }
  return forms;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
const htmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `https://user:pass@host` → `https://***@host`. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
const redactUserInfo: Rule = (text) => text.replace(USER_INFO, `$1${REDACTED}@`);

/** A quoted value (either quote, escapes allowed; its quote is capture group 2) or a JSON array of them. */
const QUOTED_VALUE = String.raw`(?:(["'])(?:\\.|(?!\2)[^\\\r\n])*\2|\[[^\]\r\n]*\])`;

/** `"Name": "value"` (JSON, JavaScript), `Name: value` (a header line, to its end or to the end of the JSON string it is in), `name=value` (a query or form). */
function headerRules(names: string[]): Rule[] {
  const alternatives = [...new Set(names.map((name) => name.toLowerCase()))].map(escapeRegExp).join('|');
  const quoted = new RegExp(String.raw`(["'])(?:${alternatives})\1\s*:\s*` + QUOTED_VALUE, 'gi');
  const line = new RegExp(String.raw`(?<![\w-])((?:${alternatives})\s*:[ \t]*)[^\r\n"]+`, 'gi');
  const assigned = new RegExp(String.raw`(?<![\w-])((?:${alternatives})=)[^&\s"'<>]+`, 'gi');
  return [
    (text) => text.replace(quoted, (match: string) => quotedValueRedacted(match)),
    (text) => text.replace(line, (_match: string, prefix: string) => `${prefix}${REDACTED}`),
    (text) => text.replace(assigned, `$1${REDACTED}`),
  ];
}

const PARAMETERS = CREDENTIAL_PARAMETERS.join('|');
const QUOTED_PARAMETER = new RegExp(String.raw`(["'])(?:${PARAMETERS})\1\s*:\s*` + QUOTED_VALUE, 'gi');
const ASSIGNED_PARAMETER = new RegExp(String.raw`(?<![\w-])((?:${PARAMETERS})=)[^&\s"'<>]+`, 'gi');
const redactParameters: Rule = (text) => text.replace(QUOTED_PARAMETER, (match: string) => quotedValueRedacted(match)).replace(ASSIGNED_PARAMETER, `$1${REDACTED}`);

/** Keeps the key and the separator of a `"key": value` match, the value becomes `"***"`. */
function quotedValueRedacted(match: string): string {
  const separator = /^(["'])[^"']*\1\s*:\s*/.exec(match)?.[0] ?? '';
  const quote = match.charAt(separator.length) === "'" ? "'" : '"';
  return `${separator}${quote}${REDACTED}${quote}`;
}

/** `Basic dXNlcjpwYXNz`, `Bearer eyJ…`: only what looks like a credential, not "Basic authentication". */
const SCHEME = /\b(Basic|Bearer|Digest|Negotiate|NTLM)(\s+)([A-Za-z0-9._~+/-]+=*)/gi;
const redactSchemes: Rule = (text) => text.replace(SCHEME, (match: string, scheme: string, space: string, token: string) => (looksLikeCredential(token) ? `${scheme}${space}${REDACTED}` : match));

function looksLikeCredential(token: string): boolean {
  const core = token.replace(/=+$/, '');
  return core.length >= 8 && (/[0-9+/]/.test(core) || /[a-z][A-Z]/.test(core) || /[A-Z]{2}/.test(core));
}

/** Where the engine's instances say more than their secret values: the user names and header names that go with them. */
export interface RedactionHints {
  users?: string[];
  headerNames?: string[];
}

/**
 * The engine's redaction: knows every secret value this process has read or written through the
 * secret store it watches, and the instances' user and header names. One per engine; every place
 * that stores, prints or answers a message goes through `text` or `error`.
 */
export class Redactor {
  readonly #values = new Set<string>();
  readonly #hints: () => RedactionHints;
  #rule: Rule | undefined;

  constructor(hints: () => RedactionHints = () => ({})) {
    this.#hints = hints;
  }

  remember(value: string | undefined): void {
    if (typeof value !== 'string' || value === '' || this.#values.has(value)) return;
    this.#values.add(value);
    this.#rule = undefined;
  }

  /** The instances changed: their user and header names are read again at the next redaction. */
  refresh(): void {
    this.#rule = undefined;
  }

  /** The same store, remembering each value that passes through it. */
  watch(store: SecretStore): SecretStore {
    return {
      kind: store.kind,
      get: async (instance, key) => {
        const value = await store.get(instance, key);
        this.remember(value);
        return value;
      },
      set: (instance, key, value) => {
        this.remember(value);
        return store.set(instance, key, value);
      },
      delete: (instance, key) => store.delete(instance, key),
      listKeys: (instance) => store.listKeys(instance),
      deleteInstance: (instance) => store.deleteInstance(instance),
      check: () => store.check(),
      howToSet: (instance, key) => store.howToSet(instance, key),
      ownKey: async (name, make) => {
        const value = await store.ownKey(name, make);
        this.remember(value);
        return value;
      },
    };
  }

  text(text: string): string {
    this.#rule ??= compile({ values: this.#values, ...this.#hints() });
    return this.#rule(text);
  }

  /**
   * Redacts an error in place and returns it (its class, kind and status kept, for whoever decides
   * on it): message, stack and URL of it and of each cause. Library errors in the chain lose the
   * request they carry (axios keeps the headers and body it sent).
   */
  error<T>(error: T): T {
    const seen = new Set<unknown>();
    for (let current: unknown = error; current instanceof Error && !seen.has(current); current = current.cause) {
      seen.add(current);
      const fields = current as unknown as Record<string, unknown>;
      current.message = this.text(current.message);
      if (typeof current.stack === 'string') current.stack = this.text(current.stack);
      if (typeof fields.url === 'string') Object.defineProperty(current, 'url', { value: this.text(fields.url), enumerable: true, configurable: true });
      for (const carrier of ['config', 'request', 'response']) if (carrier in current) delete fields[carrier];
    }
    return error;
  }
}
