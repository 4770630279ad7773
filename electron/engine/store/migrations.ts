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
  // 2: the delivery outbox: webhook notifications (written with their events), the objects each
  // carries while pending (delivery in order per object), every attempt, and per-endpoint state.
  `
  CREATE TABLE delivery_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'active',
    disabled_reason TEXT,
    disabled_at INTEGER,
    failing_since INTEGER,
    last_success_at INTEGER,
    last_failure_at INTEGER,
    throttle INTEGER NOT NULL DEFAULT 0,
    paused_until INTEGER,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    instance_id INTEGER NOT NULL,
    instance_name TEXT NOT NULL,
    resource TEXT NOT NULL,
    endpoint_id INTEGER NOT NULL REFERENCES delivery_endpoints (id),
    body TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER,
    step INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    lease_owner TEXT,
    lease_until INTEGER
  );
  CREATE INDEX outbox_by_endpoint ON outbox (endpoint_id, state, id);
  CREATE INDEX outbox_due ON outbox (endpoint_id, state, next_attempt_at);
  CREATE INDEX outbox_by_state ON outbox (state, next_attempt_at);
  CREATE INDEX outbox_leased ON outbox (lease_until) WHERE lease_owner IS NOT NULL;
  CREATE INDEX outbox_by_instance ON outbox (instance_id, id);
  CREATE INDEX outbox_by_created ON outbox (created_at);

  CREATE TABLE outbox_objects (
    endpoint_id INTEGER NOT NULL,
    object_key TEXT NOT NULL,
    outbox_id INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, object_key, outbox_id)
  ) WITHOUT ROWID;
  CREATE INDEX outbox_objects_by_outbox ON outbox_objects (outbox_id);

  CREATE TABLE delivery_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    url TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    status INTEGER,
    outcome TEXT NOT NULL,
    response TEXT,
    error TEXT
  );
  CREATE INDEX delivery_attempts_by_outbox ON delivery_attempts (outbox_id, id);
  `,
  // 3: what the poller knows exists, per resource, for finding deletions by comparing id listings
  // (Sage CRM reconciliation, a restarted Dynamics change tracking session), and when each resource
  // was last reconciled (with the last event seq seen then: ids of later events count as known too).
  `
  CREATE TABLE known_objects (
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    object_id TEXT NOT NULL,
    PRIMARY KEY (instance_id, resource, object_id)
  ) WITHOUT ROWID;

  CREATE TABLE reconciliations (
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    reconciled_at INTEGER NOT NULL,
    event_seq INTEGER NOT NULL,
    known INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (instance_id, resource)
  );
  `,
  // 4: a held cursor (its watermark kept because the poll could not trust what it read): since
  // when, for how many polls in a row, and why, so that a held cursor is never silent.
  `
  ALTER TABLE cursors ADD COLUMN held_since INTEGER;
  ALTER TABLE cursors ADD COLUMN held_polls INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cursors ADD COLUMN held_reason TEXT;
  `,
  // 5: what changed on each event (JSON; NULL where not computed: deletions, events stored before),
  // and the latest stored version of each object, which the next change is compared with.
  `
  ALTER TABLE events ADD COLUMN changes TEXT;
  -- A rowid table (rows appended) with a separate key index: keyed by object id alone, every new
  -- object would be put in the middle of a tree of large rows (measured: the poll benchmark slower).
  CREATE TABLE object_versions (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    object_id TEXT NOT NULL,
    change_time INTEGER NOT NULL,
    raw TEXT NOT NULL
  );
  CREATE UNIQUE INDEX object_versions_by_object ON object_versions (instance_id, resource, object_id);
  `,
  // 6: the request headers of each delivery attempt, as sent (signatures included, credentials
  // redacted), so a notification can be shown and copied exactly; and the Events view's order,
  // newest change first (measured at 100,000 events: a page of 1,000 in 13-24 ms instead of
  // 250-380 ms of sorting; no cost above the noise to storing them).
  `
  ALTER TABLE delivery_attempts ADD COLUMN request_headers TEXT;
  CREATE INDEX events_by_change_time ON events (change_time, seq);
  `,
  // 7: refused sign-ins since the last success, per instance (a CRM locks the account after a
  // few), with a salted scrypt fingerprint of the credentials refused last and of those that last
  // signed in, so that only new credentials are tried without asking.
  `
  CREATE TABLE sign_ins (
    instance_id INTEGER PRIMARY KEY,
    refused INTEGER NOT NULL DEFAULT 0,
    last_refused_at INTEGER,
    refused_credentials TEXT,
    accepted_credentials TEXT,
    error TEXT,
    error_kind TEXT
  );
  `,
  // 8: an object's latest version points at its stored event (event_seq) instead of holding a copy
  // of the raw record; the copy is taken only when that event is deleted (retention, by the trigger),
  // so that every deletion of an event keeps the version, whoever deletes it. Exactly one of
  // event_seq and raw is set.
  `
  CREATE TABLE object_versions_new (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL,
    resource TEXT NOT NULL,
    object_id TEXT NOT NULL,
    change_time INTEGER NOT NULL,
    event_seq INTEGER,
    raw TEXT,
    CHECK ((event_seq IS NULL) <> (raw IS NULL))
  );
  INSERT INTO object_versions_new (id, instance_id, resource, object_id, change_time, raw)
    SELECT id, instance_id, resource, object_id, change_time, raw FROM object_versions;
  DROP TABLE object_versions;
  ALTER TABLE object_versions_new RENAME TO object_versions;
  CREATE UNIQUE INDEX object_versions_by_object ON object_versions (instance_id, resource, object_id);
  CREATE INDEX object_versions_by_event ON object_versions (event_seq) WHERE event_seq IS NOT NULL;
  CREATE TRIGGER events_keep_versions BEFORE DELETE ON events BEGIN
    UPDATE object_versions SET raw = OLD.raw, event_seq = NULL WHERE event_seq = OLD.seq;
  END;
  `,
];
