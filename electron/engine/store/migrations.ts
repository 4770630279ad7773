/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Never edit one that shipped: add another. */

export const MIGRATIONS: string[] = [
  // 1: events, cursors, seen sets, poll runs.
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    object_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    change_time INTEGER,
    poll_time INTEGER NOT NULL,
    element_key TEXT NOT NULL,
    poll_run_id INTEGER,
    raw TEXT NOT NULL,
    stored_at INTEGER NOT NULL
  );
  CREATE INDEX events_by_instance ON events (instance_id, seq);
  CREATE INDEX events_by_resource ON events (instance_id, resource, seq);
  CREATE INDEX events_by_stored_at ON events (stored_at);

  CREATE TABLE cursors (
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    origin INTEGER NOT NULL,
    watermark INTEGER NOT NULL,
    connector_state TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (instance_id, resource)
  );

  CREATE TABLE seen (
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    key TEXT NOT NULL,
    change_time INTEGER NOT NULL,
    PRIMARY KEY (instance_id, resource, key)
  ) WITHOUT ROWID;

  CREATE TABLE poll_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome TEXT NOT NULL DEFAULT 'running',
    pages INTEGER NOT NULL DEFAULT 0,
    records INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    passes INTEGER NOT NULL DEFAULT 0,
    unreadable INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    error_kind TEXT,
    details TEXT
  );
  CREATE INDEX poll_runs_by_instance ON poll_runs (instance_id, resource, id);
  `,
];
