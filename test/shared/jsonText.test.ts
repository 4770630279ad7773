import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, formatJsonSyntaxError, parseJsonText } from '../../shared/jsonText.ts';

function problem(text: string): string {
  const result = parseJsonText(text);
  if (result.ok) throw new Error(`parsed: ${text}`);
  return formatJsonSyntaxError(result.error);
}

describe('parseJsonText', () => {
  it('parses what JSON.parse parses', () => {
    expect(parseJsonText('{"a": [1, "x", null]}')).toEqual({ ok: true, value: { a: [1, 'x', null] } });
  });

  it('puts a trailing comma on its own line, not on the line of the closing brace', () => {
    expect(problem('{\n  "a": 1,\n  "b": 2,\n}')).toBe('line 3, column 9: trailing comma after the last property: remove this ","');
    expect(problem('[\n  1,\n  2,\n]')).toBe('line 3, column 4: trailing comma after the last item: remove this ","');
  });

  it('puts a missing comma right after the value it should follow', () => {
    expect(problem('{\n  "url": "/items",\n  "idField": "id"\n  "recordsPath": "data"\n}')).toBe('line 3, column 18: missing "," after the value of "idField" (another property follows)');
    expect(problem('[1 2]')).toBe('line 1, column 3: missing "," between two items of the list, or "]" to close it (found "2")');
  });

  it.each([
    ['{"a": 1', 'line 1, column 1: this object is never closed: add the closing }'],
    ['[1, 2', 'line 1, column 1: this list is never closed: add the closing ]'],
    ['{"a": "open}', 'line 1, column 7: this text is never closed: add the closing "'],
    ['{"a": "line\nbreak"}', 'line 1, column 7: this text is not closed on its line: add the closing " (a line break inside text is written \\n)'],
    ["{'a': 1}", 'line 1, column 2: property names take double quotes ("), not single ones (\')'],
    ['{a: 1}', 'line 1, column 2: the property name a needs double quotes: "a"'],
    ['{"a": True}', 'line 1, column 7: True is not a JSON value: write true in lower case'],
    ['{"a": yes}', 'line 1, column 7: yes is not a JSON value: put text in double quotes: "yes"'],
    ['{"a": 015}', 'line 1, column 7: a number cannot start with 0 (write 15, not 015; quote it if it is text)'],
    ['{"a": "\\q"}', 'line 1, column 8: unknown escape "\\q": a backslash is written \\\\'],
    ['{"a" 1}', 'line 1, column 6: expected ":" after the property name "a"'],
    ['{"a": 1}}', 'line 1, column 9: unexpected "}" after the end of the JSON value: remove it (or a "{" or "[" is missing before)'],
    ['{"a": 1, // note\n"b": 2}', 'line 1, column 10: expected a property name in double quotes, got "/"'],
    ['', 'line 1, column 1: the text is empty: write a JSON value, e.g. {"name": "…"}'],
    ['{"a": }', 'line 1, column 7: a value is missing before "}"'],
  ])('says what is wrong in %j, and where', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it('finds a mistake in every text JSON.parse refuses (valid JSON with one character changed)', () => {
    const edits = fc.record({ json: fc.jsonValue().map((value) => JSON.stringify(value, null, 1)), at: fc.nat(), insert: fc.constantFrom('', ',', '}', ']', '"', ':', ' x', '\n', "'", '0') });
    fc.assert(
      fc.property(edits, ({ json, at, insert }) => {
        const position = json.length === 0 ? 0 : at % json.length;
        const text = json.slice(0, position) + insert + json.slice(position + (insert === '' ? 1 : 0));
        let refused = false;
        try {
          JSON.parse(text);
        } catch {
          refused = true;
        }
        expect(findJsonSyntaxError(text) !== undefined).toBe(refused);
      }),
      { numRuns: 2000 },
    );
  });
});
