/**
 * `poll` and `poll --test` after a refused sign-in: the saved credentials are tried once more only
 * with --confirm-lockout-risk, or after a "y" at a terminal; anything else is refused, saying why
 * (the account may lock) and what to do.
 */
import { createInterface } from 'node:readline/promises';
import type { Engine } from '../engine/engine.ts';
import type { StoredInstance } from '../engine/settings/settingsSchema.ts';
import { signInGate, SignInHeldError } from '../engine/signInGate.ts';
import { CliError, EXIT_INVALID } from './errors.ts';

/** Whether the user confirmed trying credentials refused last (false when there is nothing to confirm). */
export async function confirmLockoutRisk(engine: Engine, instance: StoredInstance, flag: boolean): Promise<boolean> {
  if (flag) return true;
  const status = await engine.signIns.check(instance);
  if (signInGate(status, { by: 'user' }) !== 'ask') return false;
  const risk = new SignInHeldError(instance.name, status, 'ask');
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new CliError(risk.message, EXIT_INVALID);
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await terminal.question(`${risk.message}\nTry the saved credentials once more? [y/N] `);
    if (/^y(es)?$/i.test(answer.trim())) return true;
  } finally {
    terminal.close();
  }
  throw new CliError(`${instance.name}: nothing was tried`, EXIT_INVALID);
}
