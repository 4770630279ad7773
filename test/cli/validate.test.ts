import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.ts';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);
const scratch = mkdtempSync(join(tmpdir(), 'cep-validate-'));

function writeConfig(name: string, content: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('crm-event-poller validate', () => {
  it('lists the Sage CRM example resources with the URL of the next poll and exits 0', async () => {
    const result = await runCli(['validate', fixture('sagecrm-instance-example.json'), '--at', '2024-05-01T08:30:00Z']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('instance:  SageCRMPolling');
    expect(result.stdout).toContain('element:   sagecrm');
    expect(result.stdout).toContain('refresh:   every 15 min');
    for (const resource of ['accounts', 'contacts', 'leads', 'opportunities', 'users']) expect(result.stdout).toContain(`\n  ${resource}\n`);
    expect(result.stdout).toContain("next URL: /hubs/crm/accounts?where=Comp_UpdatedDate>'2024-05-01T08:30:00Z'");
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
    expect(output.resources[0]).toMatchObject({ name: 'accounts', idField: 'id', nextUrl: "/hubs/crm/accounts?where=modifiedon >'2024-05-01T08:30:00Z'" });
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
