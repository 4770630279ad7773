/**
 * The URL macros of Cloud Elements poller URLs, e.g.
 * `/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'`.
 *
 * | macro                      | filled with (for the instant the poll asks changes since)        |
 * | `${gmtDate:FMT}`           | the instant as SimpleDateFormat FMT in GMT                        |
 * | `${date:FMT}`              | the same; Cloud Elements' poller ran in UTC ("usually the equivalent of gmtDate") |
 * | `${date}`                  | ISO-8601 UTC to the second, `2024-01-31T09:15:00Z`                |
 * | `${dateTimeZone:ZONE:FMT}` | FMT in ZONE (`PST`, `-8:00`, `America/Denver`)                    |
 * | `${epoch}` `${epoch:ms}`   | epoch milliseconds; `${epoch:s}` seconds; `${epoch:us}` microseconds |
 * | `${milliseconds}`          | epoch milliseconds                                                |
 *
 * Values are truncated (seconds, days…), never rounded up: a lower bound that is too early only
 * re-reads records the cursor already knows, one that is too late would miss changes.
 */
import { checkJavaDatePattern, checkTimeZone, formatJavaDate } from './dates.ts';
import { problemOf } from './problemOf.ts';

export type Macro =
  | { kind: 'date'; zone: string; pattern: string }
  | { kind: 'epoch'; unit: 's' | 'ms' | 'us' };

export type UrlPart = { text: string } | { macro: Macro; source: string };

export class MacroError extends Error {}

const ISO_SECONDS = "yyyy-MM-dd'T'HH:mm:ss'Z'";

/** Splits a URL template into literal text and macros; throws MacroError naming the bad macro. */
export function parseUrlTemplate(template: string): UrlPart[] {
  const parts: UrlPart[] = [];
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('${', i);
    if (start < 0) {
      parts.push({ text: template.slice(i) });
      break;
    }
    if (start > i) parts.push({ text: template.slice(i, start) });
    const end = findMacroEnd(template, start + 2);
    if (end < 0) throw new MacroError(unterminatedMacro(template, start));
    const source = template.slice(start, end + 1);
    parts.push({ macro: parseMacro(template.slice(start + 2, end), source), source });
    i = end + 1;
  }
  return parts;
}

/** The closing brace of a macro, skipping braces inside SimpleDateFormat quotes. */
function findMacroEnd(template: string, from: number): number {
  let quoted = false;
  for (let i = from; i < template.length; i++) {
    const ch = template[i];
    if (ch === "'") quoted = !quoted;
    else if (ch === '}' && !quoted) return i;
  }
  return -1;
}

/** A `}` that is there but inside an unclosed quote is a quote problem, not a missing brace. */
function unterminatedMacro(template: string, start: number): string {
  const brace = template.indexOf('}', start);
  if (brace < 0) return `unterminated macro starting "${template.slice(start, start + 30)}": add the closing "}"`;
  return `the date pattern of ${template.slice(start, brace + 1)} opens a quote (') that is never closed, so its "}" reads as quoted text: close the quoted text with ' (a quote itself is written '')`;
}

function parseMacro(body: string, source: string): Macro {
  const colon = body.indexOf(':');
  const name = colon < 0 ? body : body.slice(0, colon);
  const argument = colon < 0 ? undefined : body.slice(colon + 1);
  switch (name) {
    case 'gmtDate':
    case 'date':
      if (argument === undefined) {
        if (name === 'date') return { kind: 'date', zone: 'UTC', pattern: ISO_SECONDS };
        throw new MacroError(`${source} needs a date pattern, e.g. \${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}`);
      }
      return { kind: 'date', zone: 'GMT', pattern: checkedPattern(argument, source) };
    case 'dateTimeZone':
      return parseZonedMacro(argument ?? '', source);
    case 'epoch':
      if (argument === undefined || argument === 'ms') return { kind: 'epoch', unit: 'ms' };
      if (argument === 's' || argument === 'us') return { kind: 'epoch', unit: argument };
      throw new MacroError(`${source}: unknown epoch unit "${argument}"; use s, ms or us`);
    case 'milliseconds':
      if (argument === undefined) return { kind: 'epoch', unit: 'ms' };
      break;
  }
  throw new MacroError(
    `unknown macro ${source}; known macros: \${gmtDate:FORMAT}, \${date:FORMAT}, \${date}, \${dateTimeZone:ZONE:FORMAT}, \${epoch}, \${epoch:s|ms|us}, \${milliseconds}`,
  );
}

/** `ZONE:FMT`, where ZONE may itself contain colons (`-8:00`): the longest valid zone wins. */
function parseZonedMacro(argument: string, source: string): Macro {
  for (let colon = argument.lastIndexOf(':'); colon > 0; colon = argument.lastIndexOf(':', colon - 1)) {
    const zone = argument.slice(0, colon);
    if (checkTimeZone(zone) === undefined) return { kind: 'date', zone, pattern: checkedPattern(argument.slice(colon + 1), source) };
  }
  const zone = argument.split(':')[0] ?? '';
  const zoneProblem = zone === '' ? 'no zone given' : checkTimeZone(zone);
  throw new MacroError(`${source}: ${zoneProblem}; write \${dateTimeZone:ZONE:FORMAT}, e.g. \${dateTimeZone:America/Denver:yyyy-MM-dd HH:mm:ss}`);
}

function checkedPattern(pattern: string, source: string): string {
  if (pattern === '') throw new MacroError(`${source} has an empty date pattern`);
  const problem = checkJavaDatePattern(pattern);
  if (problem) throw new MacroError(`${source}: ${problem}`);
  return pattern;
}

/** Returns undefined when every macro in the template is valid, else the first problem. */
export function checkUrlTemplate(template: string): string | undefined {
  return problemOf(parseUrlTemplate, template);
}

export interface RenderOptions {
  /** Applied to each filled-in value, e.g. encodeURIComponent when the value lands in a query string. */
  encode?: (value: string) => string;
}

/** Fills every macro of the template for the given instant (epoch ms). */
export function renderUrlTemplate(template: string, instantMs: number, options: RenderOptions = {}): string {
  const encode = options.encode ?? ((value: string) => value);
  return parseUrlTemplate(template)
    .map((part) => ('text' in part ? part.text : encode(renderMacro(part.macro, instantMs))))
    .join('');
}

export function renderMacro(macro: Macro, instantMs: number): string {
  if (macro.kind === 'date') return formatJavaDate(instantMs, macro.pattern, macro.zone);
  const ms = Math.floor(instantMs);
  if (macro.unit === 's') return String(Math.floor(ms / 1000));
  if (macro.unit === 'us') return String(BigInt(ms) * 1000n);
  return String(ms);
}

/** The macros a template uses, for showing what a URL depends on. */
export function listMacros(template: string): Macro[] {
  return parseUrlTemplate(template).flatMap((part) => ('macro' in part ? [part.macro] : []));
}
