/** How refused sign-ins are told, the same in the window, the tray and `status`. */
import type { SignInStatus } from './status.ts';

/** "2 refused sign-ins since the last success". */
export function describeRefusals(status: Pick<SignInStatus, 'refused'>): string {
  return `${status.refused} refused sign-in${status.refused === 1 ? '' : 's'} since the last success`;
}

/** One sentence on where the sign-in stands; empty when nothing was refused. */
export function describeSignIn(status: SignInStatus | undefined): string {
  if (!status || status.refused === 0) return '';
  if (status.state === 'confirm-first') return `${describeRefusals(status)}: the account may lock, so nothing tries these credentials by itself; Test connection and Poll now ask first`;
  return `${describeRefusals(status)}; the credentials saved since are tried once`;
}
