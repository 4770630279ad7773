/**
 * Basic authentication on every request, with Sage-style account lockout: after N consecutive bad
 * passwords for a user, every attempt (even with the right password) fails until an administrator
 * unlocks the account. This is what makes a connector's retry-on-401 dangerous.
 */

export interface SageUser {
  username: string;
  password: string;
}

export type AuthOutcome =
  | { ok: true; username: string }
  | { ok: false; reason: 'missing' | 'invalid' | 'locked'; username?: string };

export interface AccountState {
  consecutiveFailures: number;
  /** Every attempt made while locked, including correct passwords. */
  attemptsWhileLocked: number;
  locked: boolean;
}

export class BasicAuthGate {
  private readonly users: Map<string, string>;
  private readonly threshold: number;
  private accounts = new Map<string, AccountState>();

  constructor(users: readonly SageUser[], lockoutThreshold: number) {
    // Sage log-ons are case-insensitive; passwords are not.
    this.users = new Map(users.map((user) => [user.username.toLowerCase(), user.password]));
    this.threshold = lockoutThreshold;
  }

  check(authorization: string | undefined): AuthOutcome {
    const credentials = parseBasic(authorization);
    if (!credentials) return { ok: false, reason: 'missing' };
    const username = credentials.username.toLowerCase();
    const expected = this.users.get(username);
    if (expected === undefined) return { ok: false, reason: 'invalid', username: credentials.username };
    const account = this.account(username);
    if (account.locked) {
      account.attemptsWhileLocked++;
      return { ok: false, reason: 'locked', username: credentials.username };
    }
    if (credentials.password !== expected) {
      account.consecutiveFailures++;
      if (this.threshold > 0 && account.consecutiveFailures >= this.threshold) account.locked = true;
      return { ok: false, reason: 'invalid', username: credentials.username };
    }
    account.consecutiveFailures = 0;
    return { ok: true, username: credentials.username };
  }

  /** Unlocks one account, or all of them. */
  unlock(username?: string): void {
    if (username === undefined) this.accounts.clear();
    else this.accounts.delete(username.toLowerCase());
  }

  state(): Record<string, AccountState> {
    return Object.fromEntries([...this.accounts].map(([name, account]) => [name, { ...account }]));
  }

  private account(username: string): AccountState {
    let account = this.accounts.get(username);
    if (!account) {
      account = { consecutiveFailures: 0, attemptsWhileLocked: 0, locked: false };
      this.accounts.set(username, account);
    }
    return account;
  }
}

function parseBasic(header: string | undefined): SageUser | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
