/**
 * JSON text as people type it: parsed by JSON.parse, and when that fails, the first mistake found
 * by a small scanner that says what it is, where (line and column, 1-based) and what to do.
 * JSON.parse's own messages differ between engines, often carry no position, and place a trailing
 * comma or a missing one on the line after the mistake; these point at the mistake itself.
 */

export interface JsonSyntaxError {
  /** Offset of the mistake in the text (UTF-16 code units). */
  offset: number;
  line: number;
  column: number;
  message: string;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const found = findJsonSyntaxError(text) ?? { offset: 0, message: (error as Error).message };
    return { ok: false, error: { ...found, ...lineAndColumn(text, found.offset) } };
  }
}

/** `line 3, column 5: …`, the form every JSON problem is reported in. */
export function formatJsonSyntaxError(error: JsonSyntaxError): string {
  return `line ${error.line}, column ${error.column}: ${error.message}`;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

export interface JsonMistake {
  offset: number;
  message: string;
}

class Mistaken extends Error {
  readonly mistake: JsonMistake;

  constructor(mistake: JsonMistake) {
    super(mistake.message);
    this.mistake = mistake;
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** The first mistake in text that JSON.parse refuses; undefined when there is none. */
export function findJsonSyntaxError(text: string): JsonMistake | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.skipWhitespace();
    if (scanner.atEnd()) scanner.fail(0, 'the text is empty: write a JSON value, e.g. {"name": "…"}');
    scanner.value();
    scanner.skipWhitespace();
    if (!scanner.atEnd()) scanner.fail(scanner.at, `unexpected ${scanner.describeHere()} after the end of the JSON value: remove it (or a "{" or "[" is missing before)`);
    return undefined;
  } catch (error) {
    if (error instanceof Mistaken) return error.mistake;
    throw error;
  }
}

class Scanner {
  readonly text: string;
  at = 0;

  constructor(text: string) {
    this.text = text;
  }

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  fail(offset: number, message: string): never {
    throw new Mistaken({ offset, message });
  }

  skipWhitespace(): void {
    while (!this.atEnd() && WHITESPACE.has(this.text[this.at] as string)) this.at++;
  }

  /** The unquoted word starting here, if one does. */
  wordHere(): string | undefined {
    return /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at))?.[0];
  }

  /** What stands here, for a message: a word, or one character. */
  describeHere(): string {
    const word = this.wordHere();
    return word ? `the word ${word}` : `"${this.text[this.at] ?? ''}"`;
  }

  value(): void {
    this.skipWhitespace();
    if (this.atEnd()) this.fail(this.at, 'the text ends where a value should be: complete it, or close what is open with } or ]');
    const ch = this.text[this.at] as string;
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    if (/[a-z]/i.test(ch)) return this.word();
    this.fail(this.at, this.unexpectedValue(ch));
  }

  unexpectedValue(ch: string): string {
    if (ch === "'") return "text takes double quotes (\"), not single ones (')";
    if (ch === '/') return 'comments are not allowed in JSON: remove them';
    if (ch === '}' || ch === ']') return `a value is missing before "${ch}"`;
    if (ch === ',') return 'a value is missing before ","';
    return `unexpected "${ch}" where a value should be (text in double quotes, a number, true, false, null, an object or a list)`;
  }

  object(): void {
    let name = '';
    this.members({ close: '}', unclosed: 'this object is never closed: add the closing }', member: 'property' }, () => {
      const ch = this.text[this.at] as string;
      if (ch !== '"') {
        if (ch === "'") this.fail(this.at, "property names take double quotes (\"), not single ones (')");
        const word = this.wordHere();
        if (word) this.fail(this.at, `the property name ${word} needs double quotes: "${word}"`);
        this.fail(this.at, `expected a property name in double quotes, got ${this.describeHere()}`);
      }
      const nameStart = this.at;
      this.string();
      name = this.text.slice(nameStart, this.at);
      this.skipWhitespace();
      if (this.text[this.at] !== ':') this.fail(this.at, `expected ":" after the property name ${name}`);
      this.at++;
      this.value();
    }, (next) => `missing "," after the value of ${name}${next === '"' ? ' (another property follows)' : `, or "}" to close the object (found ${this.describeHere()})`}`);
  }

  array(): void {
    this.members({ close: ']', unclosed: 'this list is never closed: add the closing ]', member: 'item' }, () => this.value(), () => `missing "," between two items of the list, or "]" to close it (found ${this.describeHere()})`);
  }

  /**
   * What objects and lists share: members separated by commas up to the closing bracket, and the
   * messages for one never closed, a trailing comma, or a missing comma (`noComma`, given what follows).
   */
  members(container: { close: '}' | ']'; unclosed: string; member: string }, readMember: () => void, noComma: (next: string | undefined) => string): void {
    const open = this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === container.close) {
      this.at++;
      return;
    }
    let comma: number | undefined;
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd()) this.fail(open, container.unclosed);
      if (this.text[this.at] === container.close && comma !== undefined) this.fail(comma, `trailing comma after the last ${container.member}: remove this ","`);
      readMember();
      const memberEnd = this.at;
      this.skipWhitespace();
      if (this.atEnd()) this.fail(open, container.unclosed);
      const next = this.text[this.at];
      if (next === container.close) {
        this.at++;
        return;
      }
      if (next !== ',') this.fail(memberEnd, noComma(next));
      comma = this.at++;
    }
  }

  string(): void {
    const open = this.at++;
    while (!this.atEnd()) {
      const ch = this.text[this.at] as string;
      if (ch === '"') {
        this.at++;
        return;
      }
      if (ch === '\n' || ch === '\r') this.fail(open, 'this text is not closed on its line: add the closing " (a line break inside text is written \\n)');
      if (ch < ' ') this.fail(this.at, 'a control character (such as a tab) inside text: write it as an escape, e.g. \\t');
      if (ch === '\\') {
        const escape = this.text[this.at + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) this.fail(this.at, '\\u must be followed by four hex digits, e.g. \\u00e9');
          this.at += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail(this.at, `unknown escape "\\${escape ?? ''}": a backslash is written \\\\`);
        this.at += 2;
        continue;
      }
      this.at++;
    }
    this.fail(open, 'this text is never closed: add the closing "');
  }

  number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) this.fail(this.at, 'not a number: write e.g. 15, -3 or 2.5');
    const end = this.at + match[0].length;
    if (/^-?0\d/.test(this.text.slice(this.at))) this.fail(this.at, 'a number cannot start with 0 (write 15, not 015; quote it if it is text)');
    if (/^[.\deE]/.test(this.text[end] ?? '')) this.fail(this.at, 'not a number: write e.g. 15, -3, 2.5 or 1e3');
    this.at = end;
  }

  word(): void {
    const word = this.wordHere() ?? '';
    if (word === 'true' || word === 'false' || word === 'null') {
      this.at += word.length;
      return;
    }
    const hint = /^(true|false|null)$/i.test(word) ? `write ${word.toLowerCase()} in lower case` : `put text in double quotes: "${word}"`;
    this.fail(this.at, `${word} is not a JSON value: ${hint}`);
  }
}
