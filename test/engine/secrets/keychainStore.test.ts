/**
 * KeychainStore against a real gnome-keyring: each run starts a private D-Bus session with a fresh,
 * unlocked keyring in throwaway directories, so the developer's own keychain is never touched.
 * The store runs in a child process (keychainScenario.ts) because a process cannot switch its own
 * D-Bus session.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_VALUE, UNICODE_VALUE } from './keychainScenarioValues.ts';
import { missingKeyringTools, START_KEYRING } from '../../support/keyring.ts';
import { itemsInstance } from '../support/harness.ts';
import { startRecordServer } from '../support/recordServer.ts';

const SCENARIO = join(import.meta.dirname, 'keychainScenario.ts');
// Non-empty: with an empty unlock password the daemon tries to prompt and the keyring stays unusable.
const KEYRING_PASSWORD = 'test-password';


interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs a command in its own process group, killing the whole group (bus, keyring) on timeout. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${command} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, elapsedMs: performance.now() - started });
    });
  });
}

function lastJsonLine(result: ChildResult): Record<string, unknown> {
  const line = result.stdout.trim().split('\n').at(-1);
  if (result.code !== 0 || !line) throw new Error(`scenario failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** A throwaway home: no real keyring, config or runtime directory of the developer is reachable. */
function throwawayEnv(root: string): NodeJS.ProcessEnv {
  const dirs = { HOME: 'home', XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8' };
  for (const [name, dir] of Object.entries(dirs)) {
    mkdirSync(join(root, dir), { mode: 0o700 });
    env[name] = join(root, dir);
  }
  return env;
}

type Outcome = { value: string | null } | { error: { name: string; message: string } };

function expectUnreachableError(outcome: Outcome | undefined): void {
  expect(outcome).toHaveProperty('error');
  const error = outcome && 'error' in outcome ? outcome.error : undefined;
  expect(error?.name).toBe('KeychainUnreachableError');
  expect(error?.message).toMatch(/^The OS keychain is not reachable \(.+\)\. /);
  expect(error?.message).toContain('gnome-keyring or KWallet with a D-Bus session');
  expect(error?.message).toContain('--secrets env');
  expect(error?.message).toContain('CRM_EVENT_POLLER_SECRET_<INSTANCE>_<KEY>');
}

async function attempts(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ outcomes: Outcome[]; elapsedMs: number }> {
  return lastJsonLine(await run(command, args, env, 15_000)) as { outcomes: Outcome[]; elapsedMs: number };
}

const missing = missingKeyringTools();

if (process.platform !== 'linux' && process.env.CI) {
  it('runs where CI runs: Linux', () => {
    throw new Error(`keychain tests need Linux (a private gnome-keyring over D-Bus); CI runs on ${process.platform}`);
  });
} else if (process.platform !== 'linux') {
  it.skip(`keychain tests need Linux (a private gnome-keyring over D-Bus); this is ${process.platform}`);
} else if (missing.length > 0 && process.env.CI) {
  it('has the keyring tools CI installs', () => {
    throw new Error(`${missing.join(' and ')} not found on PATH: CI must install dbus-x11 (or dbus) and gnome-keyring.`);
  });
} else if (missing.length > 0) {
  const reason = `keychain tests skipped: ${missing.join(' and ')} not found on PATH (install dbus-x11 and gnome-keyring)`;
  console.warn(reason);
  it.skip(reason);
} else {
  describe('KeychainStore with a real gnome-keyring', () => {
    let root: string;
    let dataHome: string;
    let result: Record<string, unknown>;
    let elapsedMs: number;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'crm-secrets-keyring-'));
      const env: NodeJS.ProcessEnv = { ...throwawayEnv(root), KEYRING_PASSWORD };
      dataHome = env.XDG_DATA_HOME ?? '';
      const child = await run('dbus-run-session', ['--', 'sh', '-c', START_KEYRING, process.execPath, SCENARIO, 'scenario'], env, 20_000);
      elapsedMs = child.elapsedMs;
      result = lastJsonLine(child);
    }, 25_000);

    afterAll(() => {
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('starts empty and reports a missing secret as undefined', () => {
      expect(result.initialKeys).toEqual([]);
      expect(result.missing).toBeNull();
      expect(result.deleteMissing).toBe(false);
    });

    it('stores, reads back and overwrites a secret', () => {
      expect(result.afterSet).toBe('first');
      expect(result.afterOverwrite).toBe('second');
      expect(result.keysAfterOverwrite).toEqual(['password']);
    });

    it('keeps the same key of two instances apart, also for names with / and %', () => {
      expect(result.alphaAfterBeta).toBe('second');
      expect(result.beta).toBe('beta-secret');
      expect(result.slashes).toEqual(['a/b + c', 'a + b/c', 'percent', 'slash']);
    });

    it('lists the keys of an instance with a unicode name', () => {
      expect(result.unicodeKeys).toEqual(['event.notification.signature.key', 'oauth.client.secret', 'user.password']);
    });

    it('really stores in the Secret Service: a fresh process reads the unicode and the long value', () => {
      expect(result.readback).toEqual({
        alpha: 'second',
        beta: 'beta-secret',
        unicode: UNICODE_VALUE,
        long: LONG_VALUE,
        unicodeKeys: ['event.notification.signature.key', 'oauth.client.secret', 'user.password'],
        slashKeys: [['c'], ['b/c'], ['k']],
        ownKey: 'made-first',
      });
    });

    it("keeps a key of the poller's own apart from every instance's secrets, made once", () => {
      expect(result.ownKey).toBe('made-first');
      expect(result.ownKeyAgain).toBe('made-first');
      expect(result.ownKeyInstanceKeys).toEqual(['x']);
      expect(result.ownKeyAfterInstance).toBe('made-first');
      expect(result.ownKeyWithSlash).toMatch(/needs a name without "\/"/);
    });

    it('deletes one secret and a whole instance, leaving the others', () => {
      expect(result.deleted).toBe(true);
      expect(result.afterDelete).toBeNull();
      expect(result.keysAfterDelete).toEqual([]);
      expect(result.unicodeKeysAfterDeleteInstance).toEqual([]);
      expect(result.betaAfterDeleteInstance).toBe('beta-secret');
      expect(result.readbackAfterDelete).toMatchObject({ alpha: null, beta: 'beta-secret', unicode: null, long: null, unicodeKeys: [] });
    });

    it('wrote the throwaway keyring file, encrypted', () => {
      const keyring = join(dataHome, 'keyrings', 'login.keyring');
      expect(existsSync(keyring)).toBe(true);
      expect(readFileSync(keyring).includes('beta-secret')).toBe(false);
    });

    it('fails fast with the clear error when the keyring could only be created through a prompt', async () => {
      // An empty unlock password leaves no usable login collection; creating one needs a prompt,
      // and there is no display for the prompter.
      const other = mkdtempSync(join(tmpdir(), 'crm-secrets-noprompt-'));
      try {
        const env = { ...throwawayEnv(other), KEYRING_PASSWORD: '' };
        const { outcomes, elapsedMs } = await attempts('dbus-run-session', ['--', 'sh', '-c', START_KEYRING, process.execPath, SCENARIO, 'attempts'], env);
        expect(outcomes[0]).toEqual({ value: null }); // reading a missing item needs no collection
        expectUnreachableError(outcomes[1]);
        expect(outcomes[2]).toEqual(outcomes[1]); // cached: no second attempt
        expect(elapsedMs).toBeLessThan(4_000);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('polls an instance that sends no credentials when the keychain cannot be written: nothing of it is secret', async () => {
      const other = mkdtempSync(join(tmpdir(), 'crm-secrets-noprompt-'));
      const server = await startRecordServer({ dateStyle: { kind: 'epoch' } });
      try {
        server.upsert('r1', undefined, server.now() - 60_000);
        const env = { ...throwawayEnv(other), KEYRING_PASSWORD: '' };
        const document = JSON.stringify(itemsInstance(server.url, { pattern: 'milliseconds' }));
        const child = await run('dbus-run-session', ['--', 'sh', '-c', START_KEYRING, process.execPath, SCENARIO, 'poll', document, join(other, 'data')], env, 20_000);
        expect(lastJsonLine(child)).toEqual({ error: null, objectIds: ['r1'] });
      } finally {
        await server.close();
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('runs the whole scenario quickly', () => {
      expect(elapsedMs).toBeLessThan(15_000);
    });
  });
}

describe.skipIf(process.platform !== 'linux')('KeychainStore without a session bus', () => {
  it('fails fast with one clear error naming both options', async () => {
    const root = mkdtempSync(join(tmpdir(), 'crm-secrets-nobus-'));
    try {
      // The socket does not exist, and there is no $DISPLAY for D-Bus autolaunch.
      const env = { ...throwawayEnv(root), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
      const { outcomes, elapsedMs } = await attempts(process.execPath, [SCENARIO, 'attempts'], env);
      expect(outcomes).toHaveLength(3);
      expectUnreachableError(outcomes[0]);
      expect(outcomes[1]).toEqual(outcomes[0]); // the verdict of the first use is cached
      expect(outcomes[2]).toEqual(outcomes[0]);
      expect(elapsedMs).toBeLessThan(3_000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
