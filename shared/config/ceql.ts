/**
 * The `where` clause of Cloud Elements hub URLs (its query language, "CEQL"), e.g.
 * `/hubs/crm/accounts?where=Comp_UpdatedDate>'2024-03-01T10:00:00Z' and Comp_Type in ('Customer','Partner')`.
 * Parsed here into a small tree; each vendor translates the tree into its own dialect (Sage CRM's
 * SData `where`, Dynamics' OData `$filter`) and says clearly what it cannot express.
 *
 * Grammar (keywords case-insensitive):
 *
 *   expression := term ('or' term)*
 *   term       := factor ('and' factor)*
 *   factor     := '(' expression ')' | condition
 *   condition  := field ('=' | '!=' | '<>' | '<' | '<=' | '>' | '>=') value
 *               | field 'like' value
 *               | field 'in' '(' value (',' value)* ')'
 *   value      := 'text' | "text" | number | true | false | null
 *   field      := letters, digits, `_`, `.` and `$`, not starting with a digit
 *
 * Inside quotes a quote is written twice (`'O''Brien'`) or escaped with a backslash (`'O\'Brien'`).
 */

export type CeqlValue = { kind: 'string'; value: string } | { kind: 'number'; text: string } | { kind: 'boolean'; value: boolean } | { kind: 'null' };

export type CeqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type CeqlExpression =
  | { type: 'and' | 'or'; left: CeqlExpression; right: CeqlExpression }
  | { type: 'compare'; field: string; op: CeqlOperator; value: CeqlValue; position: number }
  | { type: 'like'; field: string; pattern: CeqlValue; position: number }
  | { type: 'in'; field: string; values: CeqlValue[]; position: number };

/** A where clause that cannot be read or translated; `position` is 0-based in the clause, when known. */
export class CeqlError extends Error {
  readonly position: number | undefined;

  constructor(message: string, position?: number) {
    super(position === undefined ? message : `${message} (at character ${position + 1})`);
    this.name = 'CeqlError';
    this.position = position;
  }
}

type Token =
  | { type: 'word'; text: string; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; text: string; position: number }
  | { type: 'op'; text: CeqlOperator; position: number }
  | { type: 'punct'; text: '(' | ')' | ','; position: number }
  | { type: 'end'; position: number };

const OPERATORS: [string, CeqlOperator][] = [
  ['<=', '<='],
  ['>=', '>='],
  ['!=', '!='],
  ['<>', '!='],
  ['=', '='],
  ['<', '<'],
  ['>', '>'],
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', text: ch, position: i++ });
      continue;
    }
    const operator = OPERATORS.find(([symbol]) => text.startsWith(symbol, i));
    if (operator) {
      tokens.push({ type: 'op', text: operator[1], position: i });
      i += operator[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const [value, end] = readQuoted(text, i);
      tokens.push({ type: 'string', value, position: i });
      i = end;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && (ch !== '-' || !endsOperand(tokens))) {
      if (/[A-Za-z_$]/.test(text[i + number[0].length] ?? '')) throw new CeqlError(`"${text.slice(i).split(/[\s()]/)[0]}" is neither a number nor a field name`, i);
      tokens.push({ type: 'number', text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_.$]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ type: 'word', text: word[0], position: i });
      i += word[0].length;
      continue;
    }
    throw new CeqlError(`unexpected "${ch}"`, i);
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

function endsOperand(tokens: Token[]): boolean {
  const last = tokens.at(-1);
  return last !== undefined && (last.type === 'string' || last.type === 'number' || last.type === 'word' || (last.type === 'punct' && last.text === ')'));
}

function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
      value += text[++i];
    } else if (ch === quote) {
      if (text[i + 1] !== quote) return [value, i + 1];
      value += quote;
      i++;
    } else {
      value += ch;
    }
  }
  throw new CeqlError(`the text starting ${quote}${text.slice(start + 1, start + 21)}… has no closing ${quote}`, start);
}

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'in', 'true', 'false', 'null', 'is', 'between']);

/** Parses a where clause; throws CeqlError saying what is wrong and where. */
export function parseCeql(text: string): CeqlExpression {
  if (text.trim() === '') throw new CeqlError('the where clause is empty');
  const tokens = tokenize(text);
  let index = 0;
  const peek = () => tokens[index] as Token;
  const next = () => tokens[index++] as Token;
  const isWord = (token: Token, word: string) => token.type === 'word' && token.text.toLowerCase() === word;
  const describe = (token: Token): string => {
    switch (token.type) {
      case 'end':
        return 'the end of the clause';
      case 'string':
        return `the text '${token.value}'`;
      case 'number':
        return `the number ${token.text}`;
      default:
        return `"${token.text}"`;
    }
  };

  /** `operand (word operand)*`, grouped from the left: "or" joins terms, "and" joins factors (and binds tighter). */
  const joined = (word: 'or' | 'and', operand: () => CeqlExpression): CeqlExpression => {
    let left = operand();
    while (isWord(peek(), word)) {
      next();
      left = { type: word, left, right: operand() };
    }
    return left;
  };
  const expression = (): CeqlExpression => joined('or', term);
  const term = (): CeqlExpression => joined('and', factor);
  const factor = (): CeqlExpression => {
    const token = peek();
    if (token.type === 'punct' && token.text === '(') {
      next();
      const inner = expression();
      const close = next();
      if (!(close.type === 'punct' && close.text === ')')) throw new CeqlError(`expected ")" to close the parenthesis opened at character ${token.position + 1}, found ${describe(close)}`, close.position);
      return inner;
    }
    if (isWord(token, 'not')) throw new CeqlError('"not" is not supported: write the opposite comparison instead (e.g. != for =)', token.position);
    return condition();
  };
  const condition = (): CeqlExpression => {
    const fieldToken = next();
    if (fieldToken.type !== 'word' || KEYWORDS.has(fieldToken.text.toLowerCase())) {
      throw new CeqlError(`expected a field name, found ${describe(fieldToken)}`, fieldToken.position);
    }
    const field = fieldToken.text;
    const position = fieldToken.position;
    const operator = next();
    if (operator.type === 'op') return { type: 'compare', field, op: operator.text, value: value(), position };
    if (isWord(operator, 'like')) return { type: 'like', field, pattern: value(), position };
    if (isWord(operator, 'in')) return { type: 'in', field, values: list(), position };
    if (isWord(operator, 'is') || isWord(operator, 'not') || isWord(operator, 'between')) {
      throw new CeqlError(`"${operator.type === 'word' ? operator.text : ''}" is not supported: use = null / != null, or two comparisons joined by "and"`, operator.position);
    }
    throw new CeqlError(`expected a comparison after "${field}" (=, !=, <, <=, >, >=, like or in), found ${describe(operator)}`, operator.position);
  };
  const value = (): CeqlValue => {
    const token = next();
    if (token.type === 'string') return { kind: 'string', value: token.value };
    if (token.type === 'number') return { kind: 'number', text: token.text };
    if (isWord(token, 'true') || isWord(token, 'false')) return { kind: 'boolean', value: isWord(token, 'true') };
    if (isWord(token, 'null')) return { kind: 'null' };
    if (token.type === 'word') {
      throw new CeqlError(`expected a value, found the name "${token.text}": quote text values ('${token.text}'); comparing two fields is not supported`, token.position);
    }
    throw new CeqlError(`expected a value ('text', a number, true, false or null), found ${describe(token)}`, token.position);
  };
  const list = (): CeqlValue[] => {
    const open = next();
    if (!(open.type === 'punct' && open.text === '(')) throw new CeqlError(`expected "(" after "in", found ${describe(open)}`, open.position);
    const values = [value()];
    for (;;) {
      const separator = next();
      if (separator.type === 'punct' && separator.text === ',') values.push(value());
      else if (separator.type === 'punct' && separator.text === ')') return values;
      else throw new CeqlError(`expected "," or ")" in the "in" list, found ${describe(separator)}`, separator.position);
    }
  };

  const result = expression();
  const rest = peek();
  if (rest.type !== 'end') throw new CeqlError(`expected "and", "or" or the end of the clause, found ${describe(rest)}`, rest.position);
  return result;
}

/** Every field a where clause names (for checks such as "fetchChanges only alone"). */
export function ceqlFields(expression: CeqlExpression): string[] {
  switch (expression.type) {
    case 'and':
    case 'or':
      return [...ceqlFields(expression.left), ...ceqlFields(expression.right)];
    default:
      return [expression.field];
  }
}

const HUB_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A quoted value that reads as a date or date-time (`2024-03-01T10:00:00Z`, `2024-03-01T05:00:00-05:00`,
 * `2024-03-01 10:00:00`, `2024-03-01`), as epoch ms. Without a zone it is UTC: Cloud Elements' hub
 * wrote and read dates in UTC. Undefined for anything else.
 */
export function parseHubDate(text: string): number | undefined {
  const match = HUB_DATE.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const wall = Date.UTC(...fields, Math.floor(Number(`0.${fraction || '0'}`) * 1000));
  const check = new Date(Date.UTC(...fields));
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return undefined;
  if (zone === undefined || zone.toUpperCase() === 'Z') return wall;
  const digits = zone.replace(':', '');
  const minutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0')) * (digits.startsWith('-') ? -1 : 1);
  return wall - minutes * 60_000;
}

/** `2024-03-01T10:00:00Z`, with milliseconds only when there are any. */
export function formatUtcDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
