/**
 * The one rule for signing in after a refusal (a CRM locks the account after a few bad passwords):
 * credentials refused last are never tried by anything automatic (the scheduler, Poll all, a
 * restart), and a person's Test connection or Poll now tries them once more only when confirmed.
 * New credentials (or ones that signed in last) go. Called at the start of every path that signs in.
 */
import { describeRefusals } from '../../shared/signIn.ts';
import type { SignInStatus } from '../../shared/status.ts';
import { UserError } from './userError.ts';

export interface SignInRequest {
  /** `automatic`: the scheduler, Poll all; `user`: Test connection, Poll now, Fetch sample, `poll`. */
  by: 'automatic' | 'user';
  /** The user was told the account may lock and asked to try anyway. */
  confirmed?: boolean;
}

export type SignInDecision = 'go' | 'hold' | 'ask';

export function signInGate(status: SignInStatus, request: SignInRequest): SignInDecision {
  if (status.state !== 'confirm-first') return 'go';
  if (request.by === 'automatic') return 'hold';
  return request.confirmed === true ? 'go' : 'ask';
}

/** A sign-in the gate did not let through: `ask` (a person may confirm) or `hold` (nothing automatic tries). */
export class SignInHeldError extends UserError {
  override name = 'SignInHeldError';
  readonly decision: Exclude<SignInDecision, 'go'>;
  readonly status: SignInStatus;

  constructor(instanceName: string, status: SignInStatus, decision: Exclude<SignInDecision, 'go'>) {
    const refused = `the last sign-in of "${instanceName}" was refused (${describeRefusals(status)}): another attempt with the same credentials may lock the account`;
    super(
      decision === 'ask'
        ? `${refused}. Save the right credentials, or confirm to try once more (the window asks; over the API pass { confirmLockoutRisk: true }; on the command line --confirm-lockout-risk)`
        : `${refused}; it is not tried by itself. Save the right credentials, or use Test connection or Poll now, which ask first (crm-event-poller poll --confirm-lockout-risk)`,
    );
    this.decision = decision;
    this.status = status;
  }
}
