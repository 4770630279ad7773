/**
 * Reading a secret for `credentials set`: typed at a prompt that never echoes it, or piped in on
 * standard input (`printf %s "$TOKEN" | crm-event-poller credentials set …`). Never an argument:
 * arguments end up in shell history and in every process listing.
 */
import { text } from 'node:stream/consumers';
import { CliError } from './errors.ts';

/** What a terminal needs to offer for a hidden prompt (process.stdin when it is a TTY). */
export interface SecretTerminal extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/** From a terminal: a hidden prompt. Otherwise all of standard input, without the one line break `echo` adds. */
export async function readSecret(input: SecretTerminal, prompt: NodeJS.WritableStream, label: string): Promise<string> {
  const value = input.isTTY && input.setRawMode ? await promptHidden(input, prompt, label) : stripFinalNewline(await text(input));
  if (value === '') throw new CliError(`no ${label} given: nothing was saved`);
  return value;
}

function stripFinalNewline(value: string): string {
  return value.replace(/\r?\n$/, '');
}

/** Raw mode: each key arrives as typed and nothing is echoed; Ctrl+C gives up, Enter ends. */
export function promptHidden(input: SecretTerminal, prompt: NodeJS.WritableStream, label: string): Promise<string> {
  prompt.write(`${label} (not shown as you type): `);
  input.setRawMode?.(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      prompt.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === CTRL_C) return finish(new CliError('cancelled: nothing was saved'));
        if (ENTER.has(ch) || ch === CTRL_D) return finish();
        if (BACKSPACE.has(ch)) value = Array.from(value).slice(0, -1).join('');
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
