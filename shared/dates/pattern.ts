// The SimpleDateFormat pattern compiler: pattern string -> tokens, cached by pattern.

/** Pattern letters SimpleDateFormat knows; every other ASCII letter is an error. */
const PATTERN_LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';

/** Letters whose numeric form makes a preceding numeric field obey its width (SimpleDateFormat.shouldObeyCount). */
const ABUTTING_NUMERIC = 'ydkHmsSDFwWhKYu';

export interface FieldToken {
  readonly kind: 'field';
  readonly letter: string;
  readonly count: number;
  /** The next token is a numeric field, so this one is parsed with a fixed width ("yyyyMMdd"). */
  obeyCount: boolean;
}

export interface LiteralToken {
  readonly kind: 'literal';
  readonly text: string;
}

export type Token = FieldToken | LiteralToken;

export interface CompiledPattern {
  readonly pattern: string;
  readonly tokens: readonly Token[];
  /** Uses week, day-of-year or day-of-week-in-month fields (costlier to compute when formatting). */
  readonly needsWeekFields: boolean;
}

export class PatternError extends Error {}

const cache = new Map<string, CompiledPattern>();
const CACHE_LIMIT = 1000;

/** Compiles (or returns the cached compilation of) a pattern; throws PatternError when invalid. */
export function compilePattern(pattern: string): CompiledPattern {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Port of SimpleDateFormat.compile: quotes, '' for a quote, runs of one letter, literals. */
function compile(pattern: string): CompiledPattern {
  const tokens: Token[] = [];
  let literal = '';
  let letter = '';
  let count = 0;
  let inQuote = false;

  const flushField = (): void => {
    if (count === 0) return;
    if (literal !== '') {
      tokens.push({ kind: 'literal', text: literal });
      literal = '';
    }
    if (letter === 'X' && count >= 4) {
      throw new PatternError(`invalid ISO 8601 zone '${'X'.repeat(count)}' (at most XXX) in "${pattern}"`);
    }
    tokens.push({ kind: 'field', letter, count, obeyCount: false });
    count = 0;
  };

  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "'") {
      if (pattern.charAt(i + 1) === "'") {
        // '' is a literal quote, inside or outside a quoted section.
        i++;
        flushField();
        literal += "'";
      } else {
        flushField();
        inQuote = !inQuote;
      }
    } else if (inQuote || !isAsciiLetter(c)) {
      flushField();
      literal += c;
    } else if (!PATTERN_LETTERS.includes(c)) {
      throw new PatternError(`unknown pattern letter '${c}' in "${pattern}"`);
    } else if (count > 0 && c !== letter) {
      flushField();
      letter = c;
      count = 1;
    } else {
      letter = c;
      count++;
    }
  }
  if (inQuote) throw new PatternError(`unterminated quote in "${pattern}"`);
  flushField();
  if (literal !== '') tokens.push({ kind: 'literal', text: literal });

  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (token?.kind === 'field' && next?.kind === 'field') token.obeyCount = isAbuttingNumeric(next);
  }
  const needsWeekFields = tokens.some((t) => t.kind === 'field' && 'YwWDF'.includes(t.letter));
  return { pattern, tokens, needsWeekFields };
}

function isAsciiLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isAbuttingNumeric(token: FieldToken): boolean {
  if (token.letter === 'M' || token.letter === 'L') return token.count <= 2;
  return ABUTTING_NUMERIC.includes(token.letter);
}
