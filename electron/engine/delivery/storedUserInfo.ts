/**
 * Callback URLs with user info that an earlier version stored in the event database (as endpoint
 * URLs, and in attempts and errors naming them) lose it at start. An endpoint merges into the one
 * of its bare URL when that exists. Deleted content is overwritten and the WAL truncated, so the
 * password does not linger in free pages.
 */
import { splitUserInfo } from '../../../shared/config/callbackUrl.ts';
import { redact } from '../secrets/redact.ts';
import { inTransaction, type Database } from '../store/database.ts';

/** A stored message with the URL's user info (and its password alone) hidden. */
function hidden(text: string | null, userInfo: string | undefined): string | null {
  return text === null ? null : redact(text, { values: [userInfo, userInfo?.slice(userInfo.indexOf(':') + 1)] });
}

/** Returns how many endpoints had user info. */
export function stripStoredUserInfo(db: Database): number {
  const legacy = db.prepare("SELECT id, url FROM delivery_endpoints WHERE url LIKE '%@%'").all() as { id: number; url: string }[];
  const endpoints = legacy.map((row) => ({ ...row, ...splitUserInfo(row.url) })).filter((row) => row.userInfo !== undefined);
  if (endpoints.length === 0) return 0;
  const secureDelete = (db.prepare('PRAGMA secure_delete').get() as { secure_delete: number }).secure_delete;
  db.exec('PRAGMA secure_delete = ON');
  try {
    inTransaction(db, () => {
      for (const { id, url, userInfo } of endpoints) {
        const bare = db.prepare('SELECT id FROM delivery_endpoints WHERE url = ?').get(url) as { id: number } | undefined;
        if (bare) {
          db.prepare('UPDATE outbox SET endpoint_id = ? WHERE endpoint_id = ?').run(bare.id, id);
          db.prepare('UPDATE outbox_objects SET endpoint_id = ? WHERE endpoint_id = ?').run(bare.id, id);
          db.prepare('DELETE FROM delivery_endpoints WHERE id = ?').run(id);
        } else {
          const { disabled_reason: reason } = db.prepare('SELECT disabled_reason FROM delivery_endpoints WHERE id = ?').get(id) as { disabled_reason: string | null };
          db.prepare('UPDATE delivery_endpoints SET url = ?, disabled_reason = ? WHERE id = ?').run(url, hidden(reason, userInfo), id);
        }
        const errors = db.prepare('SELECT id, last_error FROM outbox WHERE endpoint_id = ? AND last_error IS NOT NULL').all(bare?.id ?? id) as { id: number; last_error: string }[];
        for (const row of errors) db.prepare('UPDATE outbox SET last_error = ? WHERE id = ?').run(hidden(row.last_error, userInfo), row.id);
      }
      const attempts = db.prepare("SELECT id, url, response, error FROM delivery_attempts WHERE url LIKE '%@%'").all() as { id: number; url: string; response: string | null; error: string | null }[];
      for (const attempt of attempts) {
        const { url, userInfo } = splitUserInfo(attempt.url);
        if (userInfo === undefined) continue;
        db.prepare('UPDATE delivery_attempts SET url = ?, response = ?, error = ? WHERE id = ?').run(url, hidden(attempt.response, userInfo), hidden(attempt.error, userInfo), attempt.id);
      }
    });
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.exec(`PRAGMA secure_delete = ${secureDelete}`);
  }
  return endpoints.length;
}
