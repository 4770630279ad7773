/**
 * The SData query language as Sage CRM accepts it in `where=`: comparisons `eq ne gt ge lt le like`,
 * `in (…)`, `between … and …`, `and`, `or`, `not`, parentheses (the dialect the product documents for Sage
 * CRM has only `eq ne gt ge lt le like and or`: `beyondDocumentedDialect` names what else a clause
 * uses, so the server can refuse it); literals 'text' / "text" (quote
 * doubled to escape), numbers, `null`, dates `@2024-03-01@` and timestamps `@…Z@`, `@…+05:00@` or
 * `@…@` (server-local). Field names are case-insensitive. Evaluation follows SQL Server: text
 * compares case-insensitively, and a comparison with a NULL column is unknown (so `not` does not
 * turn it into true); only `eq null` / `ne null` test for NULL.
 */

import { orderHolds } from '../common/compare.ts';
import { parseSageDateTime } from './dates.ts';
import type { SageFieldType } from './entities.ts';

export class WhereSyntaxError extends Error {
  /** 0-based character position in the expression, when known. */
  readonly position: number | undefined;
  constructor(message: string, position?: number) {
    super(position === undefined ? message : `${message} at position ${position + 1}`);
    this.position = position;
  }
}

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'like';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'null' }
  /** `@…@`: the text between the at signs, resolved against the server zone when compiled. */
  | { kind: 'timestamp'; text: string };

export type Operand = { kind: 'field'; name: string; position: number } | Literal;

export type WhereExpr =
  | { type: 'and' | 'or'; left: WhereExpr; right: WhereExpr }
  | { type: 'not'; operand: WhereExpr }
  | { type: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { type: 'in'; left: Operand; values: Operand[] }
  | { type: 'between'; left: Operand; low: Operand; high: Operand };

// ---------------------------------------------------------------- tokens

type Token =
  | { type: 'word'; text: string; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; value: number; position: number }
  | { type: 'timestamp'; text: string; position: number }
  | { type: 'punct'; text: '(' | ')' | ','; position: number }
  | { type: 'end'; position: number };

const KEYWORDS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'in', 'between', 'and', 'or', 'not', 'null']);
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const operandEnded = (): boolean => {
    const last = tokens[tokens.length - 1];
    return last !== undefined && (last.type === 'string' || last.type === 'number' || last.type === 'timestamp' || (last.type === 'punct' && last.text === ')') || (last.type === 'word' && !KEYWORDS.has(last.text.toLowerCase())));
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', text: ch, position: i });
      i++;
    } else if (ch === "'" || ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new WhereSyntaxError('unterminated string literal', start);
        if (text[i] === ch) {
          if (text[i + 1] === ch) {
            value += ch;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ type: 'string', value, position: start });
    } else if (ch === '@') {
      const end = text.indexOf('@', i + 1);
      if (end < 0) throw new WhereSyntaxError('unterminated date literal', i);
      tokens.push({ type: 'timestamp', text: text.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? '') && !operandEnded())) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'number', value: Number(match[0]), position: i });
      i += match[0].length;
      if (/[A-Za-z_]/.test(text[i] ?? '')) throw new WhereSyntaxError(`unexpected '${text[i]}'`, i);
    } else if (/[A-Za-z_$]/.test(ch)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_.$]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ type: 'word', text: match[0], position: i });
      i += match[0].length;
    } else {
      throw new WhereSyntaxError(`unexpected '${ch}'`, i);
    }
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

// ---------------------------------------------------------------- parser

/** Parses a where expression; throws WhereSyntaxError on anything malformed. */
export function parseWhere(text: string): WhereExpr {
  if (text.trim() === '') throw new WhereSyntaxError('empty expression', 0);
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index] as Token;
  const advance = (): Token => tokens[index++] as Token;
  const isWord = (token: Token, word: string): boolean => token.type === 'word' && token.text.toLowerCase() === word;
  const describe = (token: Token): string => {
    switch (token.type) {
      case 'end': return 'end of expression';
      case 'word': case 'punct': return `'${token.text}'`;
      case 'string': return 'a string literal';
      case 'number': return 'a number';
      case 'timestamp': return 'a date literal';
    }
  };
  const fail = (expected: string, token: Token): never => {
    throw new WhereSyntaxError(`expected ${expected} but found ${describe(token)}`, token.position);
  };

  /** `operand (word operand)*`, grouped from the left: "or" joins and-groups, "and" joins unary terms. */
  const parseJoined = (word: 'or' | 'and', operand: () => WhereExpr): WhereExpr => {
    let left = operand();
    while (isWord(peek(), word)) {
      advance();
      left = { type: word, left, right: operand() };
    }
    return left;
  };
  const parseOr = (): WhereExpr => parseJoined('or', parseAnd);
  const parseAnd = (): WhereExpr => parseJoined('and', parseUnary);
  const parseUnary = (): WhereExpr => {
    if (isWord(peek(), 'not')) {
      advance();
      return { type: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): WhereExpr => {
    const token = peek();
    // A parenthesis here opens a group (operands never start with one in this subset).
    if (token.type === 'punct' && token.text === '(') {
      advance();
      const inner = parseOr();
      const close = advance();
      if (!(close.type === 'punct' && close.text === ')')) fail("')'", close);
      return inner;
    }
    return parseComparison();
  };
  const parseOperand = (): Operand => {
    const token = advance();
    switch (token.type) {
      case 'string': return { kind: 'string', value: token.value };
      case 'number': return { kind: 'number', value: token.value };
      case 'timestamp': return { kind: 'timestamp', text: token.text };
      case 'word': {
        const lower = token.text.toLowerCase();
        if (lower === 'null') return { kind: 'null' };
        if (KEYWORDS.has(lower)) return fail('a field name or a literal', token);
        return { kind: 'field', name: token.text, position: token.position };
      }
      default: return fail('a field name or a literal', token);
    }
  };
  const parseComparison = (): WhereExpr => {
    const left = parseOperand();
    const opToken = advance();
    const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
    if (COMPARE_OPS.has(op)) return { type: 'compare', op: op as CompareOp, left, right: parseOperand() };
    if (op === 'between') {
      const low = parseOperand();
      const andToken = advance();
      if (!isWord(andToken, 'and')) fail("'and'", andToken);
      return { type: 'between', left, low, high: parseOperand() };
    }
    if (op === 'in') {
      const open = advance();
      if (!(open.type === 'punct' && open.text === '(')) fail("'('", open);
      const values = [parseOperand()];
      for (;;) {
        const next = advance();
        if (next.type === 'punct' && next.text === ',') values.push(parseOperand());
        else if (next.type === 'punct' && next.text === ')') break;
        else fail("',' or ')'", next);
      }
      return { type: 'in', left, values };
    }
    return fail('a comparison operator (eq, ne, gt, ge, lt, le, like, in, between)', opToken);
  };

  const expression = parseOr();
  const rest = peek();
  if (rest.type !== 'end') fail("'and', 'or' or end of expression", rest);
  return expression;
}

// ---------------------------------------------------------------- evaluation

export interface ResolvedField {
  name: string;
  type: SageFieldType;
}

/** A value as evaluation sees it: text, a number (dates as epoch ms), or NULL. */
type Value = string | number | null;
type ValueType = 'string' | 'number' | 'datetime' | 'null';
/** SQL's three-valued logic: null is "unknown". */
type Truth = boolean | null;

interface CompiledOperand {
  type: ValueType;
  get(record: Record<string, unknown>): Value;
  isNullLiteral: boolean;
}

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

function compareValues(a: Value, b: Value, type: ValueType): number {
  if (type === 'string') return collator.compare(String(a).trimEnd(), String(b).trimEnd());
  return (a as number) - (b as number);
}

/** SQL LIKE: % any run, _ one character, [abc] a set; case-insensitive. */
function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^\^/, '^')}]`;
        i = end;
      }
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

/**
 * Binds field names and literals to an entity and returns a row predicate.
 * Throws WhereSyntaxError for unknown fields and literals that cannot convert to the column type.
 */
/** The first operator outside the documented dialect (`in`, `between`, `not`) the expression uses, if any. */
export function beyondDocumentedDialect(expression: WhereExpr): 'in' | 'between' | 'not' | undefined {
  switch (expression.type) {
    case 'and':
    case 'or':
      return beyondDocumentedDialect(expression.left) ?? beyondDocumentedDialect(expression.right);
    case 'compare':
      return undefined;
    default:
      return expression.type;
  }
}

export function compileWhere(expression: WhereExpr, resolveField: (name: string) => ResolvedField | undefined, timeZone: string): (record: Record<string, unknown>) => boolean {
  const compileOperand = (operand: Operand, context: ValueType | undefined): CompiledOperand => {
    switch (operand.kind) {
      case 'field': {
        const field = resolveField(operand.name);
        if (!field) throw new WhereSyntaxError(`Invalid column name '${operand.name}'`, operand.position);
        const type: ValueType = field.type === 'datetime' ? 'datetime' : field.type === 'string' ? 'string' : 'number';
        const name = field.name;
        return { type, get: (record) => (record[name] ?? null) as Value, isNullLiteral: false };
      }
      case 'null':
        return { type: 'null', get: () => null, isNullLiteral: true };
      case 'number': {
        const value = operand.value;
        return { type: 'number', get: () => value, isNullLiteral: false };
      }
      case 'timestamp': {
        const ms = parseSageDateTime(operand.text, timeZone);
        if (ms === undefined) throw new WhereSyntaxError(`invalid date literal @${operand.text}@`);
        return { type: 'datetime', get: () => ms, isNullLiteral: false };
      }
      case 'string': {
        // Like SQL Server, text converts implicitly to the column's type, or the query fails.
        if (context === 'datetime') {
          const ms = parseSageDateTime(operand.value, timeZone);
          if (ms === undefined) throw new WhereSyntaxError(`Conversion failed when converting date and/or time from character string '${operand.value}'`);
          return { type: 'datetime', get: () => ms, isNullLiteral: false };
        }
        if (context === 'number') {
          const number = Number(operand.value);
          if (operand.value.trim() === '' || !Number.isFinite(number)) throw new WhereSyntaxError(`Conversion failed when converting the value '${operand.value}' to a number`);
          return { type: 'number', get: () => number, isNullLiteral: false };
        }
        const value = operand.value;
        return { type: 'string', get: () => value, isNullLiteral: false };
      }
    }
  };

  /** Compiles two operands so that each literal takes the other side's column type. */
  const compilePair = (left: Operand, right: Operand): [CompiledOperand, CompiledOperand, ValueType] => {
    const leftFirst = compileOperand(left, undefined);
    const rightOperand = compileOperand(right, leftFirst.type === 'null' ? undefined : leftFirst.type);
    const leftOperand = left.kind === 'string' ? compileOperand(left, rightOperand.type === 'null' ? undefined : rightOperand.type) : leftFirst;
    const types = [leftOperand.type, rightOperand.type].filter((type) => type !== 'null');
    const type = types[0] ?? 'null';
    if (types.length === 2 && types[0] !== types[1]) {
      throw new WhereSyntaxError(`Operand type clash: ${types[0]} is incompatible with ${types[1]}`);
    }
    return [leftOperand, rightOperand, type];
  };

  const compileCompare = (op: CompareOp, leftOperand: Operand, rightOperand: Operand): ((record: Record<string, unknown>) => Truth) => {
    const [left, right, type] = compilePair(leftOperand, rightOperand);
    if (op === 'like') {
      if (type === 'datetime') throw new WhereSyntaxError('like cannot be applied to a date column');
      if (rightOperand.kind !== 'string') throw new WhereSyntaxError('like needs a string pattern');
      const pattern = likeToRegExp(rightOperand.value);
      return (record) => {
        const value = left.get(record);
        return value === null ? null : pattern.test(String(value));
      };
    }
    if (left.isNullLiteral || right.isNullLiteral) {
      if (op !== 'eq' && op !== 'ne') throw new WhereSyntaxError(`null can only be compared with eq or ne`);
      const other = left.isNullLiteral ? right : left;
      return op === 'eq' ? (record) => other.get(record) === null : (record) => other.get(record) !== null;
    }
    return (record) => {
      const a = left.get(record);
      const b = right.get(record);
      if (a === null || b === null) return null;
      return orderHolds(op, compareValues(a, b, type));
    };
  };

  const compile = (node: WhereExpr): ((record: Record<string, unknown>) => Truth) => {
    switch (node.type) {
      case 'and':
      case 'or': {
        // Three-valued logic: the deciding value (false for and, true for or) wins over unknown (null).
        const decides = node.type === 'or';
        const left = compile(node.left);
        const right = compile(node.right);
        return (record) => {
          const a = left(record);
          if (a === decides) return decides;
          const b = right(record);
          if (b === decides) return decides;
          return a === null || b === null ? null : !decides;
        };
      }
      case 'not': {
        const operand = compile(node.operand);
        return (record) => {
          const value = operand(record);
          return value === null ? null : !value;
        };
      }
      case 'compare':
        return compileCompare(node.op, node.left, node.right);
      case 'between': {
        const low = compileCompare('ge', node.left, node.low);
        const high = compileCompare('le', node.left, node.high);
        return (record) => {
          const a = low(record);
          const b = high(record);
          if (a === false || b === false) return false;
          return a === null || b === null ? null : true;
        };
      }
      case 'in': {
        // SQL: NULLs in the list never match.
        const tests = node.values.filter((value) => value.kind !== 'null').map((value) => compileCompare('eq', node.left, value));
        return (record) => {
          let unknown = false;
          for (const test of tests) {
            const result = test(record);
            if (result === true) return true;
            if (result === null) unknown = true;
          }
          return unknown ? null : false;
        };
      }
    }
  };

  const predicate = compile(expression);
  return (record) => predicate(record) === true;
}
