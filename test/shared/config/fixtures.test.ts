import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateInstanceText } from '../../../shared/config/instance.ts';
import { SEEDS } from '../../support/seeds.ts';

const load = (name: string) => validateInstanceText(readFileSync(join(SEEDS, name), 'utf8'));

describe('the Cloud Elements seed fixtures', () => {
  it.each(readdirSync(SEEDS).filter((name) => name.endsWith('.json')))('%s validates', (name) => {
    const result = load(name);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('reads the Sage CRM example with its five resources exactly as written', () => {
    const { config, warnings, todos } = load('sagecrm-instance-example.json');
    // Its documentation values are all to fill in: none is a user's server, account or receiver.
    expect(todos).toEqual([
      { path: 'configuration.subdomain', message: 'sagecrm-0.cloud-elements.com is the host of a documentation example, not yours: put your own before enabling (nothing is sent there)' },
      { path: 'configuration.username', message: '"xxxxx" is the crossed-out value of Cloud Elements\' example: fill in your own before enabling' },
      { path: 'configuration.password', message: '"xxxxxxxxxxxxxxxxxxxxxx" is the crossed-out value of Cloud Elements\' example: fill in your own before enabling' },
      { path: 'configuration.event.notification.callback.url', message: 'console.cloud-elements.com is the host of a documentation example, not yours: put your own before enabling (nothing is sent there)' },
    ]);
    expect(warnings).toEqual(todos);
    expect(config?.name).toBe('SageCRMPolling');
    expect(config?.elementKey).toBe('sagecrm');
    expect(config?.tags).toEqual(['Docs']);
    expect(config?.refreshIntervalMinutes).toBe(15);
    expect(config?.notification).toEqual({ enabled: true, callbackUrl: 'https://console.cloud-elements.com' });
    expect(config?.resources.map((resource) => resource.name)).toEqual(['accounts', 'contacts', 'leads', 'opportunities', 'users']);
    const leads = config?.resources.find((resource) => resource.name === 'leads');
    expect(leads).toMatchObject({
      idField: 'key',
      updated: { field: 'Lead_UpdatedDate', format: "yyyy-MM-dd'T'HH:mm:ss'Z'", timeZone: 'GMT' },
      created: { field: 'lead_createddate', format: "yyyy-MM-dd'T'HH:mm:ss'Z'", timeZone: 'GMT' },
      filterByUpdatedDate: true,
      filterByCurrentDate: false,
      createdCheckTolerance: 0,
    });
  });

  it('turns the Dynamics placeholders into "fill in before enabling" warnings', () => {
    const { warnings, config } = load('dynamicscrmadfs-instance-2016.json');
    const byPath = Object.fromEntries(warnings.map((warning) => [warning.path, warning.message]));
    expect(byPath['configuration.user.username']).toBe('placeholder <INSERT_DYNMAICS_CRM_USERNAME>: fill in before enabling');
    expect(byPath['configuration.user.password']).toBe('placeholder <INSERT_DYNMAICS_CRM_PASSWORD>: fill in before enabling');
    expect(byPath['configuration.event.notification.callback.url']).toContain('<INSERT_YOUR_APPS_CALLBACK_URL>');
    expect(byPath['name']).toContain('<INSERT_INSTANCE_NAME>');
    expect(byPath['tags[0]']).toContain('<INSERT_TAGS>');
    expect(config?.resources).toHaveLength(7);
  });

  it('reads the poller configuration given as a JSON string the same as the object form', () => {
    const fromString = load('dynamicscrmadfs-instance-2016-string-config.json').config;
    const fromObject = load('dynamicscrmadfs-instance-2016.json').config;
    expect(fromString?.resources).toEqual(fromObject?.resources);
    expect(fromString?.configuration['event.poller.configuration']).toEqual(fromObject?.configuration['event.poller.configuration']);
  });

  it('reads a bare configuration object with a placeholder poller configuration', () => {
    const { config, warnings } = load('dynamicscrmadfs-configuration-fragment.json');
    expect(config?.resources).toEqual([]);
    expect(warnings.map((warning) => warning.path)).toEqual(['event.notification.callback.url', 'event.poller.configuration']);
  });

  it("reads the template element key {{page.elementKey}} as Sage CRM's (it is the Sage CRM page's template), with a note", () => {
    const { config, valid, warnings, todos } = load('sagecrm-instance-template.json');
    expect(valid).toBe(true);
    expect(config?.elementKey).toBe('sagecrm');
    expect(warnings).toContainEqual({ path: 'element.key', message: '{{page.elementKey}} is how Cloud Elements\' Sage CRM documentation page writes its element key: read as "sagecrm" (saved so)' });
    // The note is not something to fill in; the placeholders are, and the Sage checks apply.
    expect(todos.map((todo) => todo.path)).toEqual(['configuration.subdomain', 'configuration.username', 'configuration.password', 'configuration.event.notification.callback.url', 'name', 'tags[0]']);
    expect(todos).toContainEqual({ path: 'configuration.subdomain', message: 'placeholder <YOUR_TENANT>: fill in before enabling' });
  });
});
