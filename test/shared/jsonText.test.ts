import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, formatJsonSyntaxError, parseJsonText } from '../../shared/jsonText.ts';
import jsonSyntaxErrorCases from './cases/jsonSyntaxErrors.json' with { type: 'json' };

/** A text JSON.parse refuses, and the message that says what is wrong in it and where. */
const jsonSyntaxErrors: readonly { text: string; message: string }[] = jsonSyntaxErrorCases;

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

  // As rows, so that each title quotes its text (%j).
  it.each(jsonSyntaxErrors.map(({ text, message }) => [text, message]))('says what is wrong in %j, and where', (text, message) => {
    expect(problem(text)).toBe(message);
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
