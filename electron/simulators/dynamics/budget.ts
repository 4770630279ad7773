/**
 * Dataverse service protection, modelled on the "number of requests" limit: per user, at most N
 * requests in a sliding window, else 429 with Retry-After. Rejected requests count too, so a client
 * that keeps sending while limited makes its own wait grow (as the real service does).
 */

export interface RequestBudget {
  requests: number;
  windowSeconds: number;
}

export type BudgetCheck = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class ServiceProtection {
  private budget: RequestBudget | null;
  private history = new Map<string, number[]>();

  constructor(budget: RequestBudget | null) {
    this.budget = budget;
  }

  /** Replaces the budget (null = unlimited) and forgets past requests. */
  setBudget(budget: RequestBudget | null): void {
    if (budget && (!Number.isInteger(budget.requests) || budget.requests < 1 || !(budget.windowSeconds > 0))) {
      throw new Error('a budget needs requests >= 1 and windowSeconds > 0');
    }
    this.budget = budget;
    this.history.clear();
  }

  current(): RequestBudget | null {
    return this.budget;
  }

  check(principal: string, now: number): BudgetCheck {
    if (!this.budget) return { ok: true, remaining: Number.POSITIVE_INFINITY };
    const windowMs = this.budget.windowSeconds * 1000;
    const times = (this.history.get(principal) ?? []).filter((time) => time > now - windowMs);
    const allowed = times.length < this.budget.requests;
    times.push(now);
    this.history.set(principal, times);
    if (allowed) return { ok: true, remaining: this.budget.requests - times.length };
    // Room returns when enough of the window's requests (this one included) have aged out.
    const freedAt = (times[times.length - this.budget.requests] as number) + windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - now) / 1000)) };
  }

  /** The service's message for the request-count limit (code 0x80072322). */
  message(): string {
    const budget = this.budget ?? { requests: 6000, windowSeconds: 300 };
    return `Number of requests exceeded the limit of ${budget.requests} over time window of ${budget.windowSeconds} seconds.`;
  }
}
