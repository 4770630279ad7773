/** What `validate` says about Sage CRM and Dynamics instances beyond the common checks. */
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../../shared/config/problems.ts';
import { validateInstance } from '../../../../shared/config/instance.ts';
import { fixture } from './support.ts';

const P = 'configuration.event.poller.configuration';

/** The example's documentation values (Cloud Elements' hosts, crossed-out account) replaced by a user's own. */
const OWN_SAGE = { subdomain: 'crm.acme.test', username: 'poller', password: undefined, 'event.notification.callback.url': 'https://hooks.acme.test/crm' };

/** A seed fixture with its configuration patched (an undefined value removes the key), and optionally another accounts URL. */
function patched(fixtureName: string, patch: Record<string, unknown>, accountsUrl?: string) {
  const document = fixture(fixtureName);
  const configuration = { ...(document.configuration as Record<string, unknown>), ...patch };
  if (accountsUrl !== undefined) {
    const poller = configuration['event.poller.configuration'] as Record<string, Record<string, unknown>>;
    configuration['event.poller.configuration'] = { ...poller, accounts: { ...poller.accounts, url: accountsUrl } };
  }
  for (const key of Object.keys(patch)) if (patch[key] === undefined) delete configuration[key];
  return validateInstance({ ...document, configuration });
}

const sage = (patch: Record<string, unknown>, accountsUrl?: string) => patched('sagecrm-instance-example.json', { ...OWN_SAGE, ...patch }, accountsUrl);
const dynamics = (patch: Record<string, unknown>, accountsUrl?: string) => patched('dynamicscrmadfs-instance-2016.json', patch, accountsUrl);

const errors = (result: ReturnType<typeof validateInstance>) => result.errors.map(formatProblem);
const warnings = (result: ReturnType<typeof validateInstance>) => result.warnings.map(formatProblem);

describe('Sage CRM instance checks', () => {
  it('accepts the seed example, and a loopback or allowed http server', () => {
    expect(errors(sage({}))).toEqual([]);
    expect(errors(sage({ subdomain: 'http://127.0.0.1:8123' }))).toEqual([]);
    expect(errors(sage({ subdomain: 'http://crm.local', 'allow.insecure.http': 'true' }))).toEqual([]);
    expect(errors(sage({ 'event.poller.reconcile_interval': '60' }))).toEqual([]);
  });

  it.each([
    [{ subdomain: undefined }, 'configuration.subdomain: missing: add the Sage CRM server'],
    [{ subdomain: 'http://crm.example.com' }, 'configuration.subdomain: "http://crm.example.com" is plain http://'],
    [{ subdomain: 'not a host' }, 'configuration.subdomain: "not a host" is neither a host name nor a URL'],
    [{ username: undefined }, 'configuration.username: missing'],
    [{ username: 'a:b' }, 'configuration.username: must not contain ":"'],
    [{ 'event.poller.reconcile_interval': -5 }, 'configuration.event.poller.reconcile_interval: must be at least 0 minutes'],
    [{ 'allow.insecure.http': 'yes' }, 'configuration.allow.insecure.http: must be true or false'],
  ])('%j', (patch, message) => {
    expect(errors(sage(patch))).toEqual([expect.stringContaining(message)]);
  });

  it('reports a where clause Sage CRM cannot run, with the resource url path', () => {
    expect(errors(sage({}, "/hubs/crm/accounts?where=Comp_Flag = true and Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'"))).toEqual([
      `${P}.accounts.url: the where clause cannot be sent to Sage CRM: "Comp_Flag" is compared with true, but Sage CRM has no true/false values: compare with 'Y' or 1 as the column holds them (at character 1)`,
    ]);
    expect(errors(sage({}, "/hubs/crm/accounts?where=fetchChanges='true'"))[0]).toContain('Sage CRM has none');
  });

  it('warns about a resource the connector does not poll and query parameters it does not read', () => {
    const result = sage({}, "/hubs/crm/cases?where=Case_UpdatedDate>'${gmtDate:yyyy-MM-dd}'&orderBy=x");
    expect(errors(result)).toEqual([]);
    expect(warnings(result)).toEqual([
      `${P}.accounts.url: the query parameter "orderBy" is not used by the Sage CRM connector (it reads where and pageSize)`,
      `${P}.accounts.url: "cases" is not a Sage CRM resource this connector polls, so polling it will fail; use one of accounts, contacts, leads, opportunities, users`,
    ]);
  });
});

describe('Dynamics instance checks', () => {
  const filled = { 'user.username': 'me@contoso.com', 'user.password': 'x', 'event.notification.callback.url': 'https://example.com/hook' };

  it('accepts the seed fixtures filled in, and application credentials instead of a user', () => {
    expect(errors(dynamics(filled))).toEqual([]);
    expect(errors(dynamics({ ...filled, 'user.username': undefined, 'user.password': undefined, 'oauth.client.id': 'abc', 'oauth.client.secret': 's' }))).toEqual([]);
    expect(errors(dynamics({ ...filled, 'dynamics.api.version': 'v9.0', 'oauth.authority': 'https://adfs.contoso.com/adfs' }))).toEqual([]);
  });

  it.each([
    [{ 'dynamics.tenant': undefined }, 'configuration.dynamics.tenant: missing'],
    [{ 'dynamics.api.version': '9.2' }, 'configuration.dynamics.api.version: dynamics.api.version "9.2" is not a Web API version'],
    [{ 'dynamics.tenant': 'http://crm.contoso.local' }, 'configuration.dynamics.tenant: "http://crm.contoso.local" is plain http://'],
    [{ 'user.username': undefined }, 'configuration.user.username: missing: add the user the poller signs in as'],
    [{ 'oauth.authority': 'adfs.contoso.com' }, 'configuration.oauth.authority: "adfs.contoso.com" must be an https:// URL'],
  ])('%j', (patch, message) => {
    expect(errors(dynamics({ ...filled, ...patch }))).toEqual([expect.stringContaining(message)]);
  });

  it('reports fetchChanges combined with a filter, and a like pattern OData cannot express', () => {
    expect(errors(dynamics(filled, "/hubs/crm/accounts?where=fetchChanges='true' and name='x'"))).toEqual([
      expect.stringContaining(`${P}.accounts.url: the where clause cannot be sent to Dynamics: fetchChanges='true' must be the whole where clause`),
    ]);
    expect(errors(dynamics(filled, "/hubs/crm/accounts?where=name like 'a_c'"))).toEqual([expect.stringContaining('cannot be written in OData')]);
  });
});
