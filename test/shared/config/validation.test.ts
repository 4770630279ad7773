import { describe, expect, it } from 'vitest';
import { validateInstance, validateInstanceText } from '../../../shared/config/instance.ts';
import { formatProblem } from '../../../shared/config/problems.ts';

const dates = {
  updatedDateField: 'updated',
  updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
  createdDateField: 'created',
  createdDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'",
};
const accounts = { url: "/hubs/crm/accounts?where=updated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'", idField: 'id', datesConfiguration: dates };

/** A valid instance with `patch` merged into its configuration (a key set to undefined is removed). */
function instance(patch: Record<string, unknown> = {}, resources: Record<string, unknown> = { accounts }): Record<string, unknown> {
  const configuration: Record<string, unknown> = {
    subdomain: 'crm.example.com',
    username: 'me',
    password: 'secret',
    'event.notification.enabled': true,
    'event.notification.callback.url': 'https://example.com/hook',
    'event.poller.configuration': resources,
    ...patch,
  };
  for (const key of Object.keys(configuration)) if (configuration[key] === undefined) delete configuration[key];
  return { element: { key: 'sagecrm' }, name: 'Test', tags: [], configuration };
}

const withResource = (resource: Record<string, unknown>) => instance({}, { accounts: { ...accounts, ...resource } });
const withDates = (patch: Record<string, unknown>) => withResource({ datesConfiguration: { ...dates, ...patch } });
const P = 'configuration.event.poller.configuration.accounts';

describe('configuration validation', () => {
  it('accepts the baseline instance without problems', () => {
    const result = validateInstance(instance());
    expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
  });

  it.each([
    ['an unknown pattern letter', withDates({ updatedDateFormat: 'yyyy-QQ-dd' }), `${P}.datesConfiguration.updatedDateFormat: unknown pattern letter 'Q' in "yyyy-QQ-dd"`],
    ['a resource without url', withResource({ url: undefined }), `${P}.url: resource "accounts" has no "url"`],
    ['a file: resource url', withResource({ url: 'file:///etc/passwd' }), `${P}.url: "file:///etc/passwd" is not a path or an http(s) URL: write the path to poll, e.g. "/hubs/crm/accounts?where=…"`],
    ['a data: resource url', withResource({ url: 'data:application/json,[]' }), `${P}.url: "data:application/json,[]" is not a path or an http(s) URL`],
    ['a resource without idField', withResource({ idField: undefined }), `${P}.idField: resource "accounts" has no "idField"`],
    ['a malformed id path', withResource({ idField: 'a..b' }), `${P}.idField: unexpected "."`],
    ['an unknown macro', withResource({ url: '/hubs/crm/accounts?where=x>${lastPoll}' }), `${P}.url: unknown macro \${lastPoll}`],
    ['a bad zone', withDates({ updatedDateTimezone: 'Mars/Olympus' }), `${P}.datesConfiguration.updatedDateTimezone:`],
    ['a date field without a format', withDates({ updatedDateFormat: undefined }), `${P}.datesConfiguration.updatedDateFormat: missing`],
    ['no updated date while filtering by it', withResource({ datesConfiguration: undefined }), `${P}.datesConfiguration.updatedDateField: resource "accounts" needs updatedDateField`],
    ['created filtering without a created date', withResource({ filterByUpdatedDate: 'false', datesConfiguration: { updatedDateField: 'u', updatedDateFormat: 'milliseconds' } }), `${P}.datesConfiguration.createdDateField:`],
    ['a non-boolean flag', withResource({ filterByCurrentDate: 'yes' }), `${P}.filterByCurrentDate: must be true or false`],
    ['a negative tolerance', withResource({ createdCheckTolerance: -1 }), `${P}.createdCheckTolerance: must be at least 0 seconds`],
    ['a fractional page size', withResource({ pageSize: 2.5 }), `${P}.pageSize: must be a whole number of records`],
    ['a non-numeric poll delay', withResource({ pollDelay: 'soon' }), `${P}.pollDelay: must be a number of seconds`],
    ['ignoreFields that are not a list', withResource({ ignoreFields: 'audit' }), `${P}.ignoreFields: must be a list of JSON field paths`],
    ['a malformed path in ignoreFields', withResource({ ignoreFields: ['audit', 'a..b'] }), `${P}.ignoreFields[1]: unexpected "."`],
    ['a secretFields entry that is not a path', withResource({ secretFields: [3] }), `${P}.secretFields[0]: must be a JSON field path, got 3`],
    ['notifyOnFields that are not a list', withResource({ notifyOnFields: { stage: true } }), `${P}.notifyOnFields: must be a list of JSON field paths (fields whose changes are delivered and notified)`],
    ['a resource that is not an object', instance({}, { accounts: 'yes' }), `${P}: resource "accounts" must be an object`],
    ['a refresh interval below a minute', instance({ 'event.poller.refresh_interval': '0' }), 'configuration.event.poller.refresh_interval: must be at least 1 minutes'],
    ['a non-numeric refresh interval', instance({ 'event.poller.refresh_interval': 'hourly' }), 'configuration.event.poller.refresh_interval: must be a number of minutes'],
    ['a non-boolean enabled flag', instance({ 'event.notification.enabled': 'on' }), 'configuration.event.notification.enabled: must be true or false'],
    ['a callback that is not a URL', instance({ 'event.notification.callback.url': 'example.com/hook' }), 'configuration.event.notification.callback.url: "example.com/hook" is not a URL'],
    ['a callback with another scheme', instance({ 'event.notification.callback.url': 'ftp://example.com' }), 'must be an http:// or https:// URL'],
    ['events enabled without a callback', instance({ 'event.notification.callback.url': undefined }), 'configuration.event.notification.callback.url: events are enabled but no callback URL is set'],
    ['a poller JSON string that does not parse', instance({ 'event.poller.configuration': '{"accounts": {' }), 'configuration.event.poller.configuration: this JSON string does not parse'],
    ['a poller configuration of the wrong type', instance({ 'event.poller.configuration': 42 }), 'configuration.event.poller.configuration: must be an object of resources'],
    ['an unknown vendor type', instance({ 'event.vendor.type': 'push' }), 'configuration.event.vendor.type: must be "polling" or "webhook"'],
    ['a legacy line without url', instance({ 'event.poller.configuration': undefined, 'event.poller.urls': 'accounts' }), 'configuration.event.poller.urls[line 1]: needs at least "resource|url|idField"'],
    ['an unknown element', { ...instance(), element: { key: 'salesforce' } }, 'element.key: unknown element "salesforce"'],
    ['a missing element', { name: 'x', configuration: instance().configuration }, 'element: missing'],
    ['tags that are not a list', { ...instance(), tags: 'crm' }, 'tags: must be a list of strings'],
    ['a configuration that is not an object', { element: { key: 'sagecrm' }, configuration: [] }, 'configuration: must be an object'],
  ])('reports %s with its path first', (_name, input, expected) => {
    const result = validateInstance(input);
    expect(result.valid).toBe(false);
    expect(result.errors.map(formatProblem).join('\n')).toContain(expected);
  });

  it('reports every problem, not only the first', () => {
    const result = validateInstance(
      instance({ 'event.poller.refresh_interval': 'x' }, { accounts: { ...accounts, idField: undefined }, contacts: { idField: 'id' } }),
    );
    expect(result.errors.map((error) => error.path)).toEqual([
      'configuration.event.poller.refresh_interval',
      `${P}.idField`,
      'configuration.event.poller.configuration.contacts.url',
      'configuration.event.poller.configuration.contacts.datesConfiguration.updatedDateField',
    ]);
  });

  it('reports JSON syntax errors at the root', () => {
    const result = validateInstanceText('{"element": ');
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.message).toMatch(/^not valid JSON/);
  });

  it('accepts booleans and numbers written as strings', () => {
    const result = validateInstance(
      instance({ 'event.notification.enabled': 'false', 'event.poller.refresh_interval': ' 5 ' }, { accounts: { ...accounts, filterByCurrentDate: 'TRUE', pageSize: '200', pollDelay: '30' } }),
    );
    expect(result.errors).toEqual([]);
    expect(result.config?.notification.enabled).toBe(false);
    expect(result.config?.refreshIntervalMinutes).toBe(5);
    expect(result.config?.resources[0]).toMatchObject({ filterByCurrentDate: true, pageSize: 200, pollDelay: 30 });
  });

  it('defaults the refresh interval to 15 minutes and zones to GMT', () => {
    const result = validateInstance(instance());
    expect(result.config?.refreshIntervalMinutes).toBe(15);
    expect(result.config?.resources[0]?.updated?.timeZone).toBe('GMT');
  });

  it('reads createdCheckTolerance on the resource or inside datesConfiguration, the resource winning', () => {
    expect(validateInstance(withDates({ createdCheckTolerance: 5 })).config?.resources[0]?.createdCheckTolerance).toBe(5);
    expect(validateInstance(withResource({ createdCheckTolerance: '3' })).config?.resources[0]?.createdCheckTolerance).toBe(3);
    const both = validateInstance(withResource({ createdCheckTolerance: 3, datesConfiguration: { ...dates, createdCheckTolerance: 5 } }));
    expect(both.config?.resources[0]?.createdCheckTolerance).toBe(3);
    expect(both.warnings.map(formatProblem)).toContainEqual(expect.stringContaining(`${P}.createdCheckTolerance: differs from`));
  });

  it('accepts xPath as the older alias of idField', () => {
    const result = validateInstance(withResource({ idField: undefined, xPath: 'attributes.id' }));
    expect(result.errors).toEqual([]);
    expect(result.config?.resources[0]?.idField).toBe('attributes.id');
  });

  it('keeps unknown keys and reports them as warnings', () => {
    const result = validateInstance(instance({ 'custom.flag': 'x' }, { accounts: { ...accounts, objectName: 'Company' } }));
    expect(result.valid).toBe(true);
    expect(result.warnings.map((warning) => warning.path)).toEqual(['configuration.custom.flag', `${P}.objectName`]);
    expect(result.config?.configuration['custom.flag']).toBe('x');
    expect(result.config?.resources[0]?.extra).toEqual({ objectName: 'Company' });
  });

  it('converts the legacy event.poller.urls pipe format to the object form', () => {
    const urls = [
      "accounts|/hubs/crm/accounts?where=updated>'${gmtDate:yyyy-MM-dd}'|id|updated|yyyy-MM-dd|PST|created|milliseconds",
      'contacts|/hubs/crm/contacts|key|modified|milliseconds',
    ].join('\n');
    const result = validateInstance(instance({ 'event.poller.configuration': undefined, 'event.poller.urls': urls }));
    expect(result.errors).toEqual([]);
    expect(result.config?.configuration['event.poller.configuration']).toEqual({
      accounts: {
        url: "/hubs/crm/accounts?where=updated>'${gmtDate:yyyy-MM-dd}'",
        idField: 'id',
        datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'yyyy-MM-dd', updatedDateTimezone: 'PST', createdDateField: 'created', createdDateFormat: 'milliseconds' },
      },
      contacts: { url: '/hubs/crm/contacts', idField: 'key', datesConfiguration: { updatedDateField: 'modified', updatedDateFormat: 'milliseconds' } },
    });
    expect(result.config?.configuration['event.poller.urls']).toBeUndefined();
    expect(result.config?.resources.map((resource) => resource.updated?.timeZone)).toEqual(['PST', 'GMT']);
  });

  it('points errors inside legacy lines at the line', () => {
    const result = validateInstance(instance({ 'event.poller.configuration': undefined, 'event.poller.urls': 'a|/a|id|u|milliseconds\nb|/b|id|u|yyyy-QQ' }));
    expect(result.errors.map(formatProblem)).toEqual([
      expect.stringContaining("configuration.event.poller.urls[line 2].datesConfiguration.updatedDateFormat: unknown pattern letter 'Q'"),
    ]);
  });

  it('rejects input that is neither an instance nor a configuration', () => {
    expect(validateInstance([1, 2]).errors[0]?.message).toContain('expected a Cloud Elements instance');
  });
});
