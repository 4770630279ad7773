/** The hidden prompt of `credentials set`: what is typed is kept, never echoed; Ctrl+C saves nothing. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecret, type SecretTerminal } from '../../electron/cli/secretInput.ts';

function terminal(): { input: PassThrough & SecretTerminal; output: PassThrough; written: () => string; rawModes: boolean[] } {
  const rawModes: boolean[] = [];
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (mode: boolean) => rawModes.push(mode) });
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { input, output, written: () => written, rawModes };
}

describe('readSecret at a terminal', () => {
  it('reads keys until Enter without echoing them, honouring backspace, and leaves raw mode', async () => {
    const { input, output, written, rawModes } = terminal();
    const secret = readSecret(input, output, 'token of "API"');
    input.write('s3cr');
    input.write('x\u007fet\r');
    expect(await secret).toBe('s3cret');
    expect(written()).toBe('token of "API" (not shown as you type): \n');
    expect(rawModes).toEqual([true, false]);
  });

  it('gives up on Ctrl+C, saving nothing', async () => {
    const { input, output } = terminal();
    const secret = readSecret(input, output, 'password');
    input.write('half\u0003');
    await expect(secret).rejects.toThrow('cancelled: nothing was saved');
  });

  it('reads a pipe whole, without the line break echo adds', async () => {
    const input = new PassThrough();
    const secret = readSecret(input, new PassThrough(), 'token');
    input.end('line one\nline two\n');
    expect(await secret).toBe('line one\nline two');
  });
});
