/** Reading a command's `<file|->` argument. */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { formatJsonSyntaxError, parseJsonText } from '../../shared/jsonText.ts';
import { CliError } from './errors.ts';

export async function readInput(source: string): Promise<string> {
  if (source === '-') return text(process.stdin);
  try {
    return await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${source}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${source}: is a directory, not a JSON file`);
    throw new CliError(`${source}: cannot be read (${(error as Error).message})`);
  }
}

/** Parses JSON, turning a syntax error into an unusable-input error that names the source, line and column. */
export function parseJsonInput(source: string, content: string): unknown {
  const parsed = parseJsonText(content);
  if (parsed.ok) return parsed.value;
  const name = source === '-' ? 'standard input' : source;
  throw new CliError(`${name}: not valid JSON: ${formatJsonSyntaxError(parsed.error)}`);
}

/** `--at`/`--since` values: any ISO-8601 instant. */
export function parseInstant(option: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CliError(`${option} "${value}" is not an ISO-8601 time; write e.g. 2024-05-01T08:00:00Z`);
  return ms;
}
