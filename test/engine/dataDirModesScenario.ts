/**
 * Child process for dataDirModes.test.ts, started under the umask the test chooses: opens the
 * engine on a data dir as the CLI does, writes to the settings and the database, fingerprints a
 * sign-in with a token (the key file), and while the database is open (its -wal and -shm exist)
 * prints one JSON line: each file's permission bits (octal text, absent when the file is missing)
 * and the notices the engine gave.
 *
 *   node dataDirModesScenario.ts <data dir>
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILES } from '../../electron/engine/dataDir.ts';
import { Engine } from '../../electron/engine/engine.ts';
import type { StoredInstance } from '../../electron/engine/settings/settingsSchema.ts';
import { openSecretStore } from '../../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../../electron/engine/settings/openConfSettings.ts';
import { itemsInstance } from './support/harness.ts';

const dataDir = process.argv[2] as string;
const notices: string[] = [];
const secrets = openSecretStore('env', { env: { CRM_EVENT_POLLER_SECRET_TEST_API_TOKEN: 'a-token' } });
const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets, notice: (message) => notices.push(message) });
if (engine.instances.list().length === 0) {
  const document = itemsInstance('http://127.0.0.1:9', { pattern: 'milliseconds' });
  await engine.addInstance({ ...document, configuration: { ...(document.configuration as object), 'auth.type': 'bearer' } });
}
engine.stores.runs.start(1, 'items', Date.now());
// A sign-in's fingerprint: with env secrets its key is made in the data dir (only credentials with a secret need one).
await (await engine.signIns.begin(engine.instances.list()[0] as StoredInstance, { by: 'user' })).finish([]);
const mode = (name: string) => {
  const path = join(dataDir, name);
  return existsSync(path) ? (statSync(path).mode & 0o777).toString(8) : undefined;
};
const modes = Object.fromEntries(['.', ...PRIVATE_FILES].map((name) => [name, mode(name)]));
engine.close();
process.stdout.write(`${JSON.stringify({ modes, notices })}\n`);
