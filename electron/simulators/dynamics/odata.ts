/**
 * The OData subset Dataverse queries use: `$filter` (eq ne gt ge lt le, and, or, not, parentheses,
 * contains/startswith/endswith, quoted strings, bare GUIDs, unquoted dates and date-times),
 * `$select`, `$orderby`, and the `Prefer` header. Parsing and type checking follow OData's rules
 * (e.g. `not` binds tighter than `eq`, keywords are lowercase, a quoted date is a type error), and
 * evaluation follows SQL Server: text compares case-insensitively and NULL comparisons are unknown.
 */

import { orderHolds } from '../common/compare.ts';
import { EDM_TYPE_NAMES } from './entities.ts';
import type { DvEntitySet, DvType } from './entities.ts';
import type { DvRow } from './store.ts';

/** A query error Dataverse reports as 400 with code 0x80060888. */
export class ODataQueryError extends Error {}

type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const COMPARE_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const OPERATOR_KIND: Record<CompareOp | 'and' | 'or', string> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual', and: 'And', or: 'Or',
};
const FUNCTIONS = ['contains', 'startswith', 'endswith'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

type LiteralType = 'string' | 'number' | 'guid' | 'datetime' | 'date' | 'bool' | 'null';

type Expr =
  | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'property'; name: string }
  | { kind: 'literal'; type: LiteralType; value: string | number | boolean | null; decimal?: boolean };

// ---------------------------------------------------------------- tokens

type Token =
  | { type: 'identifier'; text: string; position: number }
  | { type: 'literal'; literal: Extract<Expr, { kind: 'literal' }>; position: number }
  | { type: 'punct'; text: '(' | ')' | ','; position: number }
  | { type: 'end'; position: number };

const GUID_TOKEN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME_TOKEN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.])/i;
const DATE_TOKEN = /^\d{4}-\d{2}-\d{2}(?![\w:.])/;
const NUMBER_TOKEN = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/;
const IDENTIFIER_TOKEN = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/;

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
      tokens.push({ type: 'punct', text: ch, position: i });
      i++;
      continue;
    }
    if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ODataQueryError(`There is an unterminated string literal at position ${start} in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'string', value }, position: start });
      continue;
    }
    const rest = text.slice(i);
    let match: RegExpExecArray | null;
    if ((match = GUID_TOKEN.exec(rest))) {
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'guid', value: match[0].toLowerCase() }, position: i });
    } else if ((match = DATETIME_TOKEN.exec(rest))) {
      const ms = Date.parse(match[0]);
      if (!Number.isFinite(ms)) throw new ODataQueryError(`The DateTimeOffset text '${match[0]}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`);
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'datetime', value: ms }, position: i });
    } else if ((match = DATE_TOKEN.exec(rest))) {
      const ms = Date.parse(`${match[0]}T00:00:00Z`);
      if (!Number.isFinite(ms)) throw new ODataQueryError(`The Date text '${match[0]}' is not valid.`);
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'date', value: ms }, position: i });
    } else if ((match = NUMBER_TOKEN.exec(rest))) {
      tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'number', value: Number(match[0]), decimal: /[.eE]/.test(match[0]) }, position: i });
    } else if ((match = IDENTIFIER_TOKEN.exec(rest))) {
      const word = match[0];
      if (word === 'true' || word === 'false') tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'bool', value: word === 'true' }, position: i });
      else if (word === 'null') tokens.push({ type: 'literal', literal: { kind: 'literal', type: 'null', value: null }, position: i });
      else tokens.push({ type: 'identifier', text: word, position: i });
    } else {
      throw new ODataQueryError(`Syntax error: character '${ch}' is not valid at position ${i} in '${text}'.`);
    }
    i += (match as RegExpExecArray)[0].length;
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}

// ---------------------------------------------------------------- parser

export function parseFilter(text: string): Expr {
  if (text.trim() === '') throw new ODataQueryError(`Expression expected at position 0 in '${text}'.`);
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index] as Token;
  const advance = (): Token => tokens[index++] as Token;
  const syntaxError = (token: Token): never => {
    throw new ODataQueryError(`Syntax error at position ${token.position} in '${text}'.`);
  };
  const isWord = (token: Token, word: string): boolean => token.type === 'identifier' && token.text === word;

  /** `operand (op operand)*`, grouped from the left: "or" joins and-groups, "and" joins comparisons. */
  const parseLogical = (op: 'or' | 'and', operand: () => Expr): Expr => {
    let left = operand();
    while (isWord(peek(), op)) {
      advance();
      left = { kind: 'logical', op, left, right: operand() };
    }
    return left;
  };
  const parseOr = (): Expr => parseLogical('or', parseAnd);
  const parseAnd = (): Expr => parseLogical('and', parseComparison);
  const parseComparison = (): Expr => {
    let left = parseUnary();
    for (;;) {
      const token = peek();
      if (token.type !== 'identifier' || !COMPARE_OPS.includes(token.text)) return left;
      advance();
      left = { kind: 'compare', op: token.text as CompareOp, left, right: parseUnary() };
    }
  };
  const parseUnary = (): Expr => {
    if (isWord(peek(), 'not')) {
      advance();
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Expr => {
    const token = advance();
    if (token.type === 'punct' && token.text === '(') {
      const inner = parseOr();
      const close = advance();
      if (!(close.type === 'punct' && close.text === ')')) syntaxError(close);
      return inner;
    }
    if (token.type === 'literal') return token.literal;
    if (token.type === 'identifier') {
      if (['and', 'or', 'not', ...COMPARE_OPS].includes(token.text)) return syntaxError(token);
      const next = peek();
      if (next.type === 'punct' && next.text === '(') {
        advance();
        const args: Expr[] = [];
        if (!(peek().type === 'punct' && (peek() as { text: string }).text === ')')) {
          args.push(parseOr());
          while (peek().type === 'punct' && (peek() as { text: string }).text === ',') {
            advance();
            args.push(parseOr());
          }
        }
        const close = advance();
        if (!(close.type === 'punct' && close.text === ')')) syntaxError(close);
        return { kind: 'call', name: token.text, args };
      }
      return { kind: 'property', name: token.text };
    }
    return syntaxError(token);
  };

  const expression = parseOr();
  if (peek().type !== 'end') syntaxError(peek());
  return expression;
}

// ---------------------------------------------------------------- type checking and evaluation

type Value = string | number | boolean | null;
/** What an expression yields: a column type, a literal-only type, or null. */
type ExprType = DvType | 'number' | 'null';
interface Compiled {
  type: ExprType;
  eval(row: DvRow): Value;
}

const collator = new Intl.Collator('en', { sensitivity: 'accent' });
const NUMERIC: readonly ExprType[] = ['int', 'bigint', 'decimal', 'number'];
const TEMPORAL: readonly ExprType[] = ['datetime', 'date'];

function edmName(type: ExprType): string {
  if (type === 'number') return 'Edm.Int32';
  if (type === 'null') return '<null>';
  return EDM_TYPE_NAMES[type];
}

function comparable(a: ExprType, b: ExprType): boolean {
  if (a === 'null' || b === 'null' || a === b) return true;
  if (NUMERIC.includes(a) && NUMERIC.includes(b)) return true;
  return TEMPORAL.includes(a) && TEMPORAL.includes(b);
}

function compareValues(a: Value, b: Value, type: ExprType): number {
  if (type === 'string') return collator.compare(String(a), String(b));
  if (type === 'guid') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  if (type === 'bool') return Number(a) - Number(b);
  return (a as number) - (b as number);
}

/** Type-checks a filter against an entity set and returns a row predicate (true = included). */
export function compileFilter(expression: Expr, set: Pick<DvEntitySet, 'logicalName' | 'fields'>): (row: DvRow) => boolean {
  const compile = (node: Expr): Compiled => {
    switch (node.kind) {
      case 'property': {
        const type = set.fields[node.name];
        if (!type) throw new ODataQueryError(`Could not find a property named '${node.name}' on type 'Microsoft.Dynamics.CRM.${set.logicalName}'.`);
        const name = node.name;
        return { type, eval: (row) => (row[name] ?? null) as Value };
      }
      case 'literal': {
        const value = node.value;
        const type: ExprType = node.type === 'number' ? (node.decimal ? 'decimal' : 'number') : node.type === 'null' ? 'null' : node.type;
        return { type, eval: () => value };
      }
      case 'not': {
        const operand = compile(node.operand);
        if (operand.type !== 'bool') throw new ODataQueryError(`A unary operator with an incompatible type was detected. Found operand type '${edmName(operand.type)}' for operator kind 'Not'.`);
        return { type: 'bool', eval: (row) => {
          const value = operand.eval(row);
          return value === null ? null : !value;
        } };
      }
      case 'logical': {
        const left = compile(node.left);
        const right = compile(node.right);
        for (const side of [left, right]) {
          if (side.type !== 'bool') throw new ODataQueryError(`A binary operator with incompatible types was detected. Found operand types '${edmName(left.type)}' and '${edmName(right.type)}' for operator kind '${OPERATOR_KIND[node.op]}'.`);
        }
        return node.op === 'and'
          ? { type: 'bool', eval: (row) => {
            const a = left.eval(row);
            if (a === false) return false;
            const b = right.eval(row);
            if (b === false) return false;
            return a === null || b === null ? null : true;
          } }
          : { type: 'bool', eval: (row) => {
            const a = left.eval(row);
            if (a === true) return true;
            const b = right.eval(row);
            if (b === true) return true;
            return a === null || b === null ? null : false;
          } };
      }
      case 'compare': {
        const left = compile(node.left);
        const right = compile(node.right);
        if (!comparable(left.type, right.type)) {
          throw new ODataQueryError(`A binary operator with incompatible types was detected. Found operand types '${edmName(left.type)}' and '${edmName(right.type)}' for operator kind '${OPERATOR_KIND[node.op]}'.`);
        }
        const type = left.type === 'null' ? right.type : left.type;
        const op = node.op;
        const leftIsNull = node.left.kind === 'literal' && node.left.type === 'null';
        const rightIsNull = node.right.kind === 'literal' && node.right.type === 'null';
        if (leftIsNull || rightIsNull) {
          // `x eq null` means IS NULL; other comparisons with null are never true.
          const other = leftIsNull ? right : left;
          if (op === 'eq') return { type: 'bool', eval: (row) => other.eval(row) === null };
          if (op === 'ne') return { type: 'bool', eval: (row) => other.eval(row) !== null };
          return { type: 'bool', eval: () => null };
        }
        return { type: 'bool', eval: (row) => {
          const a = left.eval(row);
          const b = right.eval(row);
          if (a === null || b === null) return null;
          return orderHolds(op, compareValues(a, b, type));
        } };
      }
      case 'call': {
        if (!(FUNCTIONS as readonly string[]).includes(node.name)) {
          throw new ODataQueryError(`An unknown function with name '${node.name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`);
        }
        const args = node.args.map(compile);
        const [haystack, needle] = args;
        if (args.length !== 2 || !haystack || !needle || !['string', 'null'].includes(haystack.type) || !['string', 'null'].includes(needle.type)) {
          throw new ODataQueryError(`No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`);
        }
        const name = node.name as FunctionName;
        return { type: 'bool', eval: (row) => {
          const text = haystack.eval(row);
          const part = needle.eval(row);
          if (text === null || part === null) return null;
          const a = String(text).toLocaleLowerCase('en');
          const b = String(part).toLocaleLowerCase('en');
          return name === 'contains' ? a.includes(b) : name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
        } };
      }
    }
  };
  const compiled = compile(expression);
  if (compiled.type !== 'bool') throw new ODataQueryError('The $filter expression must evaluate to a single boolean value.');
  return (row) => compiled.eval(row) === true;
}

// ---------------------------------------------------------------- $select, $orderby, Prefer

function unknownProperty(name: string, set: Pick<DvEntitySet, 'logicalName'>): ODataQueryError {
  return new ODataQueryError(`Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${set.logicalName}'.`);
}

export function parseSelect(text: string, set: Pick<DvEntitySet, 'logicalName' | 'fields'>): string[] {
  const names = text.split(',').map((part) => part.trim());
  for (const name of names) {
    if (name === '') throw new ODataQueryError(`Syntax error at position ${text.length} in '${text}'.`);
    if (!set.fields[name]) throw unknownProperty(name, set);
  }
  return names;
}

export interface OrderKey {
  field: string;
  type: DvType;
  descending: boolean;
}

export function parseOrderBy(text: string, set: DvEntitySet): OrderKey[] {
  return text.split(',').map((part) => {
    const words = part.trim().split(/\s+/);
    const [name = '', direction = 'asc'] = words;
    if (name === '' || words.length > 2 || (direction !== 'asc' && direction !== 'desc')) throw new ODataQueryError(`Syntax error at position ${text.indexOf(part) + part.length} in '${text}'.`);
    const type = set.fields[name];
    if (!type) throw unknownProperty(name, set);
    return { field: name, type, descending: direction === 'desc' };
  });
}

/** Compares by the keys, NULLs first ascending (SQL Server), then the primary key so paging is stable. */
export function rowComparator(keys: readonly OrderKey[], primaryKey: string): (a: DvRow, b: DvRow) => number {
  const all: OrderKey[] = [...keys, { field: primaryKey, type: 'guid', descending: false }];
  return (a, b) => {
    for (const key of all) {
      const x = (a[key.field] ?? null) as Value;
      const y = (b[key.field] ?? null) as Value;
      let order: number;
      if (x === null || y === null) order = x === y ? 0 : x === null ? -1 : 1;
      else order = compareValues(x, y, key.type);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  };
}

export interface Preferences {
  maxPageSize?: number;
  trackChanges: boolean;
}

/** Reads `Prefer: odata.maxpagesize=N, odata.track-changes` (several headers arrive comma-joined). */
export function parsePrefer(header: string | undefined): Preferences {
  const preferences: Preferences = { trackChanges: false };
  for (const part of (header ?? '').split(',')) {
    const [name = '', value] = part.trim().split('=', 2).map((text) => text.trim());
    if (name.toLowerCase() === 'odata.track-changes') preferences.trackChanges = true;
    if (name.toLowerCase() === 'odata.maxpagesize' && value !== undefined && /^\d+$/.test(value) && Number(value) > 0) preferences.maxPageSize = Number(value);
  }
  return preferences;
}
