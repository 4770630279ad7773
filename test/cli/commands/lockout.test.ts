/**
 * `poll` and `poll --test` after a refused sign-in, against the Sage CRM simulator's lockout
 * counter: the saved password is tried again only with --confirm-lockout-risk or a "y" at a
 * terminal (a real pseudo-terminal, through util-linux `script`); `status` shows the count; a
 * password changed in the environment (--secrets env) is new, tried once without asking.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { startSageCrmSimulator, type SageCrmSimulator } from '../../../electron/simulators/index.ts';
import { onlyResources, sageInstance } from '../../engine/connectors/sagecrm/support.ts';
import { tempDataDir } from '../../engine/support/harness.ts';
import { BIN, finished, runCli, type CliResult } from '../support/runCli.ts';

const NAME = 'Sage Test';
let sim: SageCrmSimulator;
let global: string[];
let wrong: NodeJS.ProcessEnv;

const refusals = () => sim.control.accounts().admin?.consecutiveFailures ?? 0;
const cli = (args: string[], env: NodeJS.ProcessEnv = wrong) => runCli([...global, ...args], { env });

/** The command at a terminal (a pseudo-terminal), typing `typed`. */
function atTerminal(args: string[], typed: string): Promise<CliResult> {
  const command = [process.execPath, BIN, ...global, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...wrong } });
  child.stdin.end(typed);
  return finished(child);
}

beforeAll(async () => {
  sim = await startSageCrmSimulator({ recordsPerEntity: 3 });
  const { document } = sageInstance(sim, {}, NAME);
  global = ['--data-dir', tempDataDir('cep-cli-lockout-'), '--secrets', 'env'];
  wrong = { [secretEnvName(NAME, 'password')]: 'not-the-password' };
  const added = await runCli([...global, 'instances', 'add', '-'], { input: JSON.stringify(onlyResources(document, ['accounts'])), env: wrong });
  expect(added.code, added.stderr).toBe(0);
});

afterAll(async () => {
  await sim?.close();
});

describe('the command line after a refused sign-in', () => {
  it('asks for --confirm-lockout-risk (or a y at a terminal) before trying the refused password again', async () => {
    const first = await cli(['poll', NAME]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/Sage CRM refused the sign-in/);
    expect(refusals()).toBe(1);

    for (const args of [['poll', NAME], ['poll', NAME, '--test']]) {
      const refused = await cli(args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toMatch(/the last sign-in of "Sage Test" was refused \(1 refused sign-in since the last success\): .*may lock the account.*--confirm-lockout-risk/);
      expect(refused.stderr).not.toMatch(/unexpected/);
    }
    expect(refusals()).toBe(1);

    const test = await cli(['poll', NAME, '--test', '--confirm-lockout-risk']);
    expect(test.code).toBe(1);
    expect(test.stderr).toMatch(/connection test failed: .*refused the sign-in/);
    expect(refusals()).toBe(2);

    const status = await cli(['status']);
    expect(status.stdout).toContain(`${NAME}: 2 refused sign-ins since the last success: the account may lock`);
    const json = JSON.parse((await cli(['status', '--json'])).stdout) as { signIn: unknown }[];
    expect(json[0]?.signIn).toMatchObject({ state: 'confirm-first', refused: 2 });
  });

  it('at a terminal: asks, and tries once more only after a "y"', async () => {
    const no = await atTerminal(['poll', NAME], 'n\n');
    expect(no.stdout).toMatch(/may lock the account[\s\S]*Try the saved credentials once more\? \[y\/N\]/);
    expect(no.stdout).toContain('nothing was tried');
    expect(refusals()).toBe(2);

    const yes = await atTerminal(['poll', NAME], 'y\n');
    expect(yes.stdout).toMatch(/Sage CRM refused the sign-in/);
    expect(refusals()).toBe(3);
  });

  it('a password changed in the environment is new: tried once without asking, and the count starts over', async () => {
    const right = { [secretEnvName(NAME, 'password')]: sim.password };
    const poll = await cli(['poll', NAME], right);
    expect(poll.code, poll.stderr).toBe(0);
    expect(refusals()).toBe(0);
    const status = await cli(['status', '--json'], right);
    expect((JSON.parse(status.stdout) as { signIn: unknown }[])[0]?.signIn).toMatchObject({ state: 'ok', refused: 0 });
  });
});
