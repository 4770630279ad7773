/**
 * What the real command says about a user's mistakes: what is wrong, where (the line and column of
 * a JSON mistake, the variable to set) and what to do; never "unexpected error" or a stack trace.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from '../engine/support/harness.ts';
import { runCli } from './support/runCli.ts';
import { SEEDS } from '../support/seeds.ts';


/** The Sage CRM example with its documentation values replaced, pointed at a port nothing listens on. */
function sageDocument(patch: Record<string, unknown> = {}): string {
  return JSON.stringify({
    element: { key: 'sagecrm' },
    name: 'Sage Test',
    configuration: {
      subdomain: 'http://127.0.0.1:9',
      username: 'admin',
      'event.notification.enabled': false,
      'event.poller.configuration': {
        accounts: {
          url: "/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
          idField: 'key',
          datesConfiguration: { updatedDateField: 'Comp_UpdatedDate', updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'" },
        },
      },
      ...patch,
    },
  });
}

function expectUserMessage(result: { stderr: string }): void {
  expect(result.stderr).not.toContain('unexpected');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('messages of the command line', () => {
  it('an instance or resource that is not there is a plain message with exit 2', async () => {
    const dataDir = tempDataDir('cep-messages-');
    const missing = await runCli(['--data-dir', dataDir, '--secrets', 'env', 'poll', 'Nope']);
    expect(missing.stderr).toBe('crm-event-poller: no instance "Nope"; add one with "instances add <file>"\n');
    expect(missing.code).toBe(2);

    expect((await runCli(['--data-dir', dataDir, '--secrets', 'env', 'instances', 'add', '-'], { input: sageDocument() })).code).toBe(0);
    const resource = await runCli(['--data-dir', dataDir, '--secrets', 'env', 'poll', 'Sage Test', '--resource', 'leads']);
    expect(resource.stderr).toBe('crm-event-poller: instance "Sage Test" has no resource "leads"; it has accounts\n');
    expect(resource.code).toBe(2);
  });

  it('a trailing comma is reported on its own line, with the column', async () => {
    const file = join(tempDataDir('cep-messages-'), 'trailing.json');
    writeFileSync(file, '{\n  "element": {"key": "generic"},\n  "name": "x",\n}\n');
    for (const command of [['validate', file], ['instances', 'add', file]]) {
      const result = await runCli(['--data-dir', tempDataDir('cep-messages-'), '--secrets', 'env', ...command]);
      expect(result.stderr).toBe(`crm-event-poller: ${file}: not valid JSON: line 3, column 14: trailing comma after the last property: remove this ","\n`);
      expect(result.code).toBe(2);
    }
  });

  it('a settings file broken by hand says where it is broken', async () => {
    const dataDir = tempDataDir('cep-messages-');
    writeFileSync(join(dataDir, 'settings.json'), '{"instances": [}\n');
    const result = await runCli(['--data-dir', dataDir, '--secrets', 'env', 'instances', 'list']);
    expectUserMessage(result);
    expect(result.stderr).toContain(`the settings file ${join(dataDir, 'settings.json')} cannot be used (not valid JSON: line 1, column 16: a value is missing before "}")`);
    expect(result.code).toBe(2);
  });

  it('a macro whose date pattern leaves a quote open says so, not "add the closing }"', async () => {
    const file = join(tempDataDir('cep-messages-'), 'quote.json');
    const document = JSON.parse(sageDocument()) as { configuration: Record<string, Record<string, Record<string, unknown>>> };
    document.configuration['event.poller.configuration']!.accounts!.url = "/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z}'";
    writeFileSync(file, JSON.stringify(document));
    const result = await runCli(['validate', file]);
    expect(result.stderr).toContain("opens a quote (') that is never closed, so its \"}\" reads as quoted text");
    expect(result.stderr).not.toContain('add the closing "}"');
    expect(result.code).toBe(1);
  });

  it('with --secrets env, a missing password names the variable to set', async () => {
    const dataDir = tempDataDir('cep-messages-');
    expect((await runCli(['--data-dir', dataDir, '--secrets', 'env', 'instances', 'add', '-'], { input: sageDocument() })).code).toBe(0);
    const poll = await runCli(['--data-dir', dataDir, '--secrets', 'env', 'poll', 'Sage Test']);
    expectUserMessage(poll);
    expect(poll.stderr).toBe(
      'crm-event-poller: "Sage Test" is not ready to poll: one thing to set up first:\n' +
        '  configuration.password: Password is not stored yet: set the environment variable CRM_EVENT_POLLER_SECRET_SAGE_TEST_PASSWORD where the poller runs\n',
    );
    expect(poll.stderr).not.toContain("save it with the instance's credentials");
    expect(poll.code).toBe(1);
  });

  it('validates the Dynamics fixtures without calling them invalid JSON', async () => {
    const result = await runCli(['validate', join(SEEDS, 'dynamicscrmadfs-instance-2016-string-config.json')]);
    expect(result.code).toBe(0);
  });
});
