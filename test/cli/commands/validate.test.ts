import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSageCrmConnector } from '../../../electron/engine/connectors/sagecrm/connector.ts';
import { validateInstance } from '../../../shared/config/instance.ts';
import { fetchAll, genericContext, SINCE } from '../../engine/connectors/support/generic.ts';
import { sendJson, startTestApi, type TestApi } from '../../engine/connectors/support/testApi.ts';
import { sageInstance } from '../../engine/connectors/sagecrm/support.ts';
import { startSageCrmSimulator, type SageCrmSimulator } from '../../../electron/simulators/index.ts';
import { runCli } from '../support/runCli.ts';
import { SEEDS } from '../../support/seeds.ts';

const fixture = (name: string) => join(SEEDS, name);
const scratch = mkdtempSync(join(tmpdir(), 'cep-validate-'));

function writeConfig(name: string, content: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

let api: TestApi | undefined;
let sage: SageCrmSimulator | undefined;
afterEach(async () => {
  await Promise.all([api?.close(), sage?.close()]);
  api = sage = undefined;
});

/** The next URLs `validate --json` shows for a document, filled for SINCE. */
async function shownUrls(document: Record<string, unknown>): Promise<string[]> {
  const result = await runCli(['validate', '-', '--json', '--at', new Date(SINCE).toISOString()], { input: JSON.stringify(document) });
  expect([result.code, result.stderr]).toEqual([0, '']);
  return (JSON.parse(result.stdout) as { resources: { nextUrl: string }[] }).resources.map((resource) => resource.nextUrl);
}

describe('crm-event-poller validate', () => {
  it('shows the next URL exactly as the poll sends it: on the server, macros and spaces percent-encoded', async () => {
    api = await startTestApi({ '/v1/items': (_request, response) => sendJson(response, 200, { data: [] }) });
    const url = "/items?since=${dateTimeZone:GMT+05:30:yyyy-MM-dd'T'HH:mm:ssXXX}&q=name eq 'a b'";
    const configuration = { 'base.url': `${api.url}/v1`, 'event.poller.configuration': { items: { url, idField: 'id', recordsPath: 'data', paging: { type: 'offset', pageSize: 50 }, datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' } } } };
    const document = { element: { key: 'generic' }, name: 'Encoded', configuration };
    const [shown] = await shownUrls(document);
    await fetchAll(genericContext(configuration), validateInstance(document).config?.resources[0] as never);
    expect(shown).toBe(`${api.url}${api.requests[0]?.url}`);
    expect(shown).toBe(`${api.url}/v1/items?since=2024-05-01T14%3A00%3A00%2B05%3A30&q=name%20eq%20%27a%20b%27&offset=0&limit=50`);
  });

  it("shows Sage CRM's next URL as the SData request the poll sends", async () => {
    sage = await startSageCrmSimulator({ seed: 2, recordsPerEntity: 3 });
    const { document } = sageInstance(sage);
    const shown = await shownUrls(document);
    const config = validateInstance(document).config;
    const connector = createSageCrmConnector({ instance: config as never, secret: async () => sage?.password });
    for await (const page of connector.fetchChanges({ resource: config?.resources[0] as never, sinceMs: SINCE })) void page;
    expect(shown[0]).toBe(`${new URL(sage.baseUrl).origin}${sage.control.requests()[0]?.path}`);
    expect(shown[0]).toContain("company?where=Comp_UpdatedDate%20gt%20%402024-05-01T08%3A30%3A00Z%40&startIndex=1&count=100");
  });


  it('lists the Sage CRM example resources with the URL of the next poll and exits 0', async () => {
    const result = await runCli(['validate', fixture('sagecrm-instance-example.json'), '--at', '2024-05-01T08:30:00Z']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('instance:  SageCRMPolling');
    expect(result.stdout).toContain('element:   sagecrm');
    expect(result.stdout).toContain('refresh:   every 15 min');
    for (const resource of ['accounts', 'contacts', 'leads', 'opportunities', 'users']) expect(result.stdout).toContain(`\n  ${resource}\n`);
    expect(result.stdout).toContain('next URL: https://sagecrm-0.cloud-elements.com/sdata/crmj/sagecrm2/-/company?where=Comp_UpdatedDate%20gt%20%402024-05-01T08%3A30%3A00Z%40&startIndex=1&count=100');
    expect(result.stdout).toContain("updated:  Comp_UpdatedDate  yyyy-MM-dd'T'HH:mm:ss'Z'  GMT");
    expect(result.stdout.trimEnd().endsWith('valid')).toBe(true);
  });

  it.each(['dynamicscrmadfs-instance-2016.json', 'dynamicscrmadfs-instance-legacy.json', 'dynamicscrmadfs-instance-2016-string-config.json'])(
    'accepts %s with placeholder warnings',
    async (name) => {
      const result = await runCli(['validate', fixture(name)]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('warning: configuration.user.password: placeholder <INSERT_DYNMAICS_CRM_PASSWORD>: fill in before enabling');
    },
  );

  it('exits 1 naming the path of a bad date pattern', async () => {
    const file = writeConfig('bad-pattern.json', {
      element: { key: 'sagecrm' },
      name: 'x',
      configuration: {
        'event.poller.configuration': {
          accounts: { url: '/hubs/crm/accounts', idField: 'key', datesConfiguration: { updatedDateField: 'u', updatedDateFormat: 'yyyy-QQ-dd' } },
        },
      },
    });
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: configuration.event.poller.configuration.accounts.datesConfiguration.updatedDateFormat: unknown pattern letter 'Q' in "yyyy-QQ-dd"`,
    );
  });

  it('prints the same result as JSON', async () => {
    const result = await runCli(['validate', fixture('dynamicscrmadfs-instance-legacy.json'), '--json', '--at', '2024-05-01T08:30:00.000Z']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.valid).toBe(true);
    expect(output.errors).toEqual([]);
    expect(output.warnings).toContainEqual({ path: 'configuration.user.username', message: 'placeholder <INSERT_DYNMAICS_CRM_USERNAME>: fill in before enabling' });
    expect(output.resources).toHaveLength(7);
    expect(output.resources[0]).toMatchObject({
      name: 'accounts',
      idField: 'id',
      nextUrl: 'https://yourcompanyname.crm.dynamics.com/api/data/v9.2/accounts?$filter=modifiedon%20gt%202024-05-01T08%3A30%3A00Z',
    });
  });

  it('reads standard input with -', async () => {
    const result = await runCli(['validate', '-', '--json'], { input: JSON.stringify({ element: { key: 'generic' }, name: 'x', configuration: {} }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).element).toBe('generic');
  });

  it.each([
    [['validate', join(scratch, 'missing.json')], 'missing.json: no such file'],
    [['validate', writeConfig('not-json.json', '{"element": ')], 'not-json.json: not valid JSON'],
    [['validate', fixture('sagecrm-instance-example.json'), '--at', 'yesterday'], '--at "yesterday" is not an ISO-8601 time'],
    [['validate'], "missing required argument 'file'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('exits 2 on unusable input %j, without a stack trace', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('accepts the global --data-dir option on every command', async () => {
    const result = await runCli(['--data-dir', scratch, 'validate', fixture('sagecrm-instance-example.json')]);
    expect(result.code).toBe(0);
  });
});
