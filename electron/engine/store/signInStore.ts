/** Refused sign-ins per instance, in SQLite: how many since the last success, and whose credentials (fingerprints, never values). */
import type { Database } from './database.ts';
import { fromRow, type RowRecord } from './rows.ts';

interface SignInRow {
  instance_id: number;
  refused: number;
  last_refused_at: number | null;
  /** Fingerprints (credentialFingerprints.ts) of the credentials refused since the last success, space-separated, the last REFUSED_KEPT. */
  refused_credentials: string | null;
  /** The fingerprint of the credentials that signed in last. */
  accepted_credentials: string | null;
  error: string | null;
  error_kind: string | null;
}

export type SignInRecord = RowRecord<SignInRow>;

/** How many refused credentials are remembered: each is compared before a sign-in. */
const REFUSED_KEPT = 4;

export function refusedFingerprints(refused: string | undefined): string[] {
  return refused ? refused.split(' ') : [];
}

export class SignInStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  get(instanceId: number): SignInRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM sign_ins WHERE instance_id = ?').get(instanceId) as SignInRow | undefined;
    return row && fromRow(row);
  }

  all(): SignInRecord[] {
    return (this.#db.prepare('SELECT * FROM sign_ins').all() as unknown as SignInRow[]).map((row) => fromRow(row));
  }

  /** One more refused sign-in, with these credentials (they no longer count as the ones that signed in). */
  refused(instanceId: number, credentials: string, at: number, error: { message: string; kind?: string }): void {
    const kept = [...refusedFingerprints(this.get(instanceId)?.refusedCredentials), credentials].slice(-REFUSED_KEPT).join(' ');
    this.#db
      .prepare(
        `INSERT INTO sign_ins (instance_id, refused, last_refused_at, refused_credentials, error, error_kind) VALUES (?, 1, ?, ?, ?, ?)
         ON CONFLICT (instance_id) DO UPDATE SET refused = refused + 1, last_refused_at = excluded.last_refused_at,
           refused_credentials = excluded.refused_credentials, accepted_credentials = NULL, error = excluded.error, error_kind = excluded.error_kind`,
      )
      .run(instanceId, at, kept, error.message, error.kind ?? null);
  }

  /**
   * These credentials signed in: the count starts over. A draft's (`keepRefused`) do not vouch for the
   * saved ones: those refused stay refused, and counted.
   */
  accepted(instanceId: number, credentials: string, options: { keepRefused?: boolean } = {}): void {
    if (options.keepRefused) {
      this.#db.prepare('INSERT INTO sign_ins (instance_id, accepted_credentials) VALUES (?, ?) ON CONFLICT (instance_id) DO UPDATE SET accepted_credentials = excluded.accepted_credentials').run(instanceId, credentials);
      return;
    }
    this.#db
      .prepare(
        `INSERT INTO sign_ins (instance_id, refused, accepted_credentials) VALUES (?, 0, ?)
         ON CONFLICT (instance_id) DO UPDATE SET refused = 0, last_refused_at = NULL, refused_credentials = NULL, error = NULL, error_kind = NULL,
           accepted_credentials = excluded.accepted_credentials`,
      )
      .run(instanceId, credentials);
  }

  remove(instanceId: number): void {
    this.#db.prepare('DELETE FROM sign_ins WHERE instance_id = ?').run(instanceId);
  }
}
