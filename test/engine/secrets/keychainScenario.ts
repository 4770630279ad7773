/**
 * Child process for keychainStore.test.ts: uses the real OS keychain of whatever D-Bus session it
 * was started in and prints one JSON object on its last stdout line. A test cannot switch its own
 * process to a private keyring, hence the separate process.
 *
 *   node keychainScenario.ts scenario     the whole set/get/list/delete run (spawns `readback`)
 *   node keychainScenario.ts readback     a fresh process and store reading what `scenario` wrote
 *   node keychainScenario.ts attempts     get, set, get against an unusable keychain: outcomes, time
 *   node keychainScenario.ts poll DOC DIR adds the instance document DOC in data dir DIR, polls it
 *                                         once (backfilling): the error or the events' object ids
 */
import { spawnSync } from 'node:child_process';
import { Engine } from '../../../electron/engine/engine.ts';
import { KeychainStore } from '../../../electron/engine/secrets/keychainStore.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { LONG_VALUE, UNICODE_INSTANCE, UNICODE_VALUE } from './keychainScenarioValues.ts';

type Json = Record<string, unknown>;

const OWN_KEY = 'sign-in-fingerprint-key';

async function scenario(): Promise<Json> {
  const store = new KeychainStore();
  const result: Json = {};
  result.initialKeys = await store.listKeys('alpha');
  result.missing = (await store.get('alpha', 'password')) ?? null;
  result.deleteMissing = await store.delete('alpha', 'password');

  await store.set('alpha', 'password', 'first');
  result.afterSet = await store.get('alpha', 'password');
  await store.set('alpha', 'password', 'second');
  result.afterOverwrite = await store.get('alpha', 'password');
  result.keysAfterOverwrite = await store.listKeys('alpha');

  // Same key in two instances, and names that only an unambiguous account encoding keeps apart.
  await store.set('beta', 'password', 'beta-secret');
  await store.set('a/b', 'c', 'a/b + c');
  await store.set('a', 'b/c', 'a + b/c');
  await store.set('x%2Fy', 'k', 'percent');
  await store.set('x/y', 'k', 'slash');
  await store.set(UNICODE_INSTANCE, 'user.password', UNICODE_VALUE);
  await store.set(UNICODE_INSTANCE, 'oauth.client.secret', LONG_VALUE);
  await store.set(UNICODE_INSTANCE, 'event.notification.signature.key', 'sig');
  result.alphaAfterBeta = await store.get('alpha', 'password');
  result.beta = await store.get('beta', 'password');
  result.slashes = [await store.get('a/b', 'c'), await store.get('a', 'b/c'), await store.get('x%2Fy', 'k'), await store.get('x/y', 'k')];
  result.unicodeKeys = await store.listKeys(UNICODE_INSTANCE);

  // A key of the poller's own: made once, never one of an instance's secrets (not even one named like it).
  result.ownKey = await store.ownKey(OWN_KEY, () => 'made-first');
  result.ownKeyAgain = await store.ownKey(OWN_KEY, () => 'made-second');
  await store.set(OWN_KEY, 'x', 'an instance named like the key');
  result.ownKeyInstanceKeys = await store.listKeys(OWN_KEY);
  result.ownKeyAfterInstance = await store.ownKey(OWN_KEY, () => 'made-third');
  result.ownKeyWithSlash = await store.ownKey('a/b', () => 'never').catch((error: Error) => error.message);

  // A fresh process and store: the values come from the Secret Service, not from memory.
  result.readback = runReadback();

  result.deleted = await store.delete('alpha', 'password');
  result.afterDelete = (await store.get('alpha', 'password')) ?? null;
  result.keysAfterDelete = await store.listKeys('alpha');
  await store.deleteInstance(UNICODE_INSTANCE);
  result.unicodeKeysAfterDeleteInstance = await store.listKeys(UNICODE_INSTANCE);
  result.betaAfterDeleteInstance = await store.get('beta', 'password');

  result.readbackAfterDelete = runReadback();
  return result;
}

async function readback(): Promise<Json> {
  const store = new KeychainStore();
  return {
    alpha: (await store.get('alpha', 'password')) ?? null,
    beta: (await store.get('beta', 'password')) ?? null,
    unicode: (await store.get(UNICODE_INSTANCE, 'user.password')) ?? null,
    long: (await store.get(UNICODE_INSTANCE, 'oauth.client.secret')) ?? null,
    unicodeKeys: await store.listKeys(UNICODE_INSTANCE),
    slashKeys: [await store.listKeys('a/b'), await store.listKeys('a'), await store.listKeys('x/y')],
    ownKey: await store.ownKey(OWN_KEY, () => 'made-in-readback'),
  };
}

/** get, set, get against a keychain that may be unusable: each outcome and the total time. */
async function attempts(): Promise<Json> {
  const store = new KeychainStore({ timeoutMs: 5_000 });
  const started = performance.now();
  const outcomes = [];
  for (const attempt of [() => store.get('alpha', 'password'), () => store.set('alpha', 'password', 'x'), () => store.get('alpha', 'password')]) {
    try {
      outcomes.push({ value: (await attempt()) ?? null });
    } catch (error) {
      outcomes.push({ error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'unknown', message: String(error) } });
    }
  }
  return { outcomes, elapsedMs: performance.now() - started };
}

/** The engine on this keychain: adds the instance and polls it once. */
async function poll(): Promise<Json> {
  const [document, dataDir] = process.argv.slice(3) as [string, string];
  const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: new KeychainStore({ timeoutMs: 5_000 }) });
  try {
    const { instance } = await engine.addInstance(JSON.parse(document) as Record<string, unknown>);
    const outcomes = await engine.pollInstance(instance, { backfillSince: 0 });
    const error = outcomes.find((outcome) => outcome.error)?.error;
    return { error: error?.message ?? null, objectIds: outcomes.flatMap((outcome) => outcome.result?.newEvents ?? []).map((event) => event.objectId) };
  } finally {
    engine.close();
  }
}

function runReadback(): unknown {
  const child = spawnSync(process.execPath, [import.meta.filename, 'readback'], { encoding: 'utf8', timeout: 15_000 });
  if (child.status !== 0) return { failed: child.status, stderr: child.stderr };
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null');
}

const modes: Record<string, () => Promise<Json>> = { scenario, readback, attempts, poll };
const mode = modes[process.argv[2] ?? ''];
if (!mode) {
  console.error(`usage: keychainScenario.ts ${Object.keys(modes).join('|')}`);
  process.exit(2);
}
// Exit explicitly: a timed-out keytar call may still hold a worker thread.
console.log(JSON.stringify(await mode()));
process.exit(0);
