/**
 * Nothing acts before it is ready: an instance with placeholders, Cloud Elements' documentation
 * values or credentials not stored is saved but not enabled, lists what is left ("Needs setup"),
 * and refuses to be enabled, polled or tested until the list is empty.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NeedsSetupError } from '../../../electron/engine/instances/readiness.ts';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { closedAfterEach, itemsInstance, openTestEngine } from '../support/harness.ts';
import { startRecordServer } from '../support/recordServer.ts';
import { SEEDS } from '../../support/seeds.ts';

const INSTANCE_FIXTURES = readdirSync(SEEDS).filter((name) => name.endsWith('.json') && 'element' in (JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as object));
const PATTERN = "yyyy-MM-dd'T'HH:mm:ss'Z'";

const closing = closedAfterEach();

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as Record<string, unknown>;
}

describe('an instance that needs setup', () => {
  it.each(INSTANCE_FIXTURES)('%s is saved not enabled, with what is left, and nothing polls or tests it', async (name) => {
    const engine = closing(openTestEngine());
    // The three Dynamics examples share a placeholder name: give each its own, as the import dialog does.
    const saved = await engine.addInstance({ ...fixture(name), name: `From ${name}` });
    expect(saved.instance.enabled).toBe(false);
    expect(saved.setup.length).toBeGreaterThan(0);
    expect(await engine.setupOf(saved.instance)).toEqual(saved.setup);
    await expect(engine.setEnabled(saved.instance, true)).rejects.toThrow(NeedsSetupError);
    await expect(engine.pollInstance(saved.instance)).rejects.toThrow(/is not ready to poll: \d+ things to set up first:/);
    expect((await engine.testConnection(saved.instance)).message).toMatch(/is not ready to test/);
    // Nothing was attempted: no poll run, no cursor.
    expect(engine.stores.runs.recent({ instanceId: saved.instance.id, limit: 10 })).toEqual([]);
  });

  it("lists the Sage example's documentation values and its missing password, each at its field", async () => {
    const engine = closing(openTestEngine());
    const { setup } = await engine.addInstance(fixture('sagecrm-instance-example.json'));
    expect(setup).toEqual([
      { path: 'configuration.subdomain', message: expect.stringContaining('sagecrm-0.cloud-elements.com is the host of a documentation example') },
      { path: 'configuration.username', message: expect.stringContaining('"xxxxx" is the crossed-out value') },
      { path: 'configuration.event.notification.callback.url', message: expect.stringContaining('console.cloud-elements.com is the host of a documentation example') },
      // The crossed-out password is not stored: it is asked for, naming where it goes.
      { path: 'configuration.password', message: `Password is not stored yet: set the environment variable ${secretEnvName('SageCRMPolling', 'password')} where the poller runs` },
    ]);
  });

  it('saves the Sage template ({{page.elementKey}}) as a Sage CRM instance', async () => {
    const engine = closing(openTestEngine());
    const { instance, validation } = await engine.addInstance({ ...fixture('sagecrm-instance-template.json'), name: 'Template' });
    expect(instance.elementKey).toBe('sagecrm');
    expect(instance.document.element).toEqual({ key: 'sagecrm' });
    expect(validation.warnings[0]?.message).toContain('read as "sagecrm"');
    expect(engine.instances.load(instance).validation.warnings.some((warning) => warning.path === 'element.key')).toBe(false);
  });

  it('is enabled at once when nothing is left, and enabling is the deliberate step after the setup', async () => {
    const server = closing(await startRecordServer());
    const token = secretEnvName('Ready API', 'token');
    const env: Record<string, string> = {};
    const engine = closing(openTestEngine(undefined, env));
    const document = itemsInstance(server.url, { pattern: PATTERN }, 'Ready API');
    Object.assign(document.configuration as Record<string, unknown>, { 'auth.type': 'bearer' });
    const withoutToken = await engine.addInstance(document);
    expect(withoutToken.setup).toEqual([{ path: 'configuration.token', message: `Bearer token is not stored yet: set the environment variable ${token} where the poller runs` }]);
    expect(withoutToken.instance.enabled).toBe(false);

    env[token] = 'a-token';
    expect(await engine.setupOf(withoutToken.instance)).toEqual([]);
    // Filled in, it is still not enabled: that is the user's step.
    expect(engine.instances.get(withoutToken.instance.id)?.enabled).toBe(false);
    expect((await engine.setEnabled(withoutToken.instance, true)).enabled).toBe(true);

    const ready = await engine.addInstance(itemsInstance(server.url, { pattern: PATTERN }, 'Open API'));
    expect(ready.setup).toEqual([]);
    expect(ready.instance.enabled).toBe(true);
  });

  it('an enabled instance edited back to a placeholder is disabled, and keeps its cursors', async () => {
    const server = closing(await startRecordServer());
    const engine = closing(openTestEngine());
    const { instance } = await engine.addInstance(itemsInstance(server.url, { pattern: PATTERN }, 'Edited API'));
    server.upsert('1', 'Ada');
    await engine.pollInstance(instance, { backfillSince: 0 });
    const document = itemsInstance(server.url, { pattern: PATTERN }, 'Edited API');
    Object.assign(document.configuration as Record<string, unknown>, { 'event.notification.enabled': true, 'event.notification.callback.url': '<YOUR_CALLBACK_URL>' });
    const edited = await engine.replaceInstance(instance, document);
    expect(edited.instance.enabled).toBe(false);
    expect(edited.setup).toEqual([{ path: 'configuration.event.notification.callback.url', message: 'placeholder <YOUR_CALLBACK_URL>: fill in before enabling' }]);
    expect(engine.stores.cursors.load(instance.id, 'items')).toBeDefined();
  });
});
