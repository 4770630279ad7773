/** `instances update` from the real command line: another server named gets none of the saved credentials unless --keep-credentials says so. */
import { afterEach, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { secretsReceived, startAttacker, type Attacker } from '../../engine/connectors/support/attacker.ts';
import { sendJson, startTestApi, type Handler, type TestApi } from '../../engine/connectors/support/testApi.ts';
import { tempDataDir } from '../../engine/support/harness.ts';
import { runCli } from '../support/runCli.ts';

let first: TestApi | undefined;
let second: Attacker | undefined;
afterEach(async () => {
  await Promise.all([first?.close(), second?.close()]);
  first = second = undefined;
});

const NAME = 'Orders API';
const PASSWORD = 'saved-for-the-first-server';
const items = { url: '/items', idField: 'id', recordsPath: 'data', datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } };
const document = (baseUrl: string) =>
  JSON.stringify({ element: { key: 'generic' }, name: NAME, configuration: { 'base.url': baseUrl, 'auth.type': 'basic', username: 'poller', 'event.notification.enabled': false, 'event.poller.configuration': { items } } });

describe('crm-event-poller instances update', () => {
  it('drops the saved credentials for a new server unless --keep-credentials', { timeout: 60_000 }, async () => {
    const empty: Handler = (_request, response) => sendJson(response, 200, { data: [] });
    first = await startTestApi({ '/items': empty });
    second = await startAttacker({ '/items': empty });
    const env = { [secretEnvName(NAME, 'password')]: PASSWORD };
    const global = ['--data-dir', tempDataDir('cep-cli-'), '--secrets', 'env'];
    expect((await runCli([...global, 'instances', 'add', '-'], { input: document(first.url), env })).code).toBe(0);
    expect((await runCli([...global, 'poll', NAME], { env })).code).toBe(0);
    expect(secretsReceived(first, [PASSWORD])).toEqual([PASSWORD]);

    const updated = await runCli([...global, 'instances', 'update', NAME, '-'], { input: document(second.url), env });
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain(`updated instance "${NAME}"`);
    expect(updated.stdout).toContain(
      `the server changed (${first.url} → ${second.url}): password from the environment is not sent to ${second.url}; once it holds the new server's value, run this again with --keep-credentials`,
    );
    const held = await runCli([...global, 'poll', NAME], { env });
    expect(held.code).not.toBe(0);
    expect(held.stderr).toContain(`were saved for ${first.url}, and its server is now ${second.url}: they are not sent there`);
    expect(second.requests).toEqual([]);

    const kept = await runCli([...global, 'instances', 'update', NAME, '-', '--keep-credentials'], { input: document(second.url), env });
    expect([kept.code, kept.stdout]).toEqual([0, expect.not.stringContaining('server changed')]);
    expect((await runCli([...global, 'poll', NAME], { env })).code).toBe(0);
    expect(secretsReceived(second, [PASSWORD])).toEqual([PASSWORD]);
  });
});
