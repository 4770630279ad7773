/**
 * The window's side of the sign-in gate (electron/engine/signInGate.ts): before Test connection,
 * Poll now or Fetch sample on an instance whose last sign-in was refused, the user is asked (one
 * dialog, LockoutDialog.svelte), naming how many sign-ins were refused, and only a "yes" sends the
 * confirmation the API wants.
 */
import type { LockoutConfirmation } from '../../../shared/api.ts';
import type { SignInStatus } from '../../../shared/status.ts';
import { instances } from './appState.svelte.ts';

export interface LockoutQuestion {
  instanceName: string;
  action: string;
  signIn: SignInStatus;
  answer: (tryAnyway: boolean) => void;
}

export const lockout = $state<{ question?: LockoutQuestion }>({});

/** The options to call with (`{}` when nothing was refused), or undefined when the user chose not to try. */
export async function confirmSignIn(instanceId: number, action: string): Promise<LockoutConfirmation | undefined> {
  const instance = instances.list.find((candidate) => candidate.id === instanceId);
  const signIn = instance?.status.signIn;
  if (!instance || signIn?.state !== 'confirm-first') return {};
  const tryAnyway = await new Promise<boolean>((resolve) => {
    lockout.question?.answer(false);
    lockout.question = { instanceName: instance.name, action, signIn, answer: resolve };
  });
  lockout.question = undefined;
  return tryAnyway ? { confirmLockoutRisk: true } : undefined;
}
