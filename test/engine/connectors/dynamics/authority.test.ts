/**
 * The Dynamics password goes only to an approved sign-in authority, never to whatever the server's
 * 401 challenge names. The simulator plays the organization and, on a second port, its AD FS; a
 * second local server plays a hostile authority and records everything it receives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isApprovedAuthority } from '../../../../electron/engine/connectors/dynamics/auth.ts';
import { ConnectorError } from '../../../../electron/engine/connectors/errors.ts';
import type { Engine } from '../../../../electron/engine/engine.ts';
import { Scheduler } from '../../../../electron/engine/scheduler/scheduler.ts';
import { openSecretStore } from '../../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication } from '../../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../../electron/engine/settings/openConfSettings.ts';
import type { StoredInstance } from '../../../../electron/engine/settings/settingsSchema.ts';
import { tempDataDir } from '../../support/harness.ts';
import { startDynamicsSimulator, type DynamicsSimulator, type DynamicsSimulatorOptions } from '../../../../electron/simulators/index.ts';
import { secretsReceived, startAttacker, type Attacker } from '../support/attacker.ts';
import { dynamicsInstance, failures, onlyResources, openEngine, sleep } from './support.ts';

let sim: DynamicsSimulator | undefined;
let attacker: Attacker | undefined;
let engine: Engine | undefined;

afterEach(async () => {
  engine?.close();
  await Promise.all([sim?.close(), attacker?.close()]);
  sim = attacker = engine = undefined;
});

async function setup(options: DynamicsSimulatorOptions, patch: Record<string, unknown> = {}, names = ['Dynamics Test']) {
  sim = await startDynamicsSimulator({ seed: 3, recordsPerEntity: 5, changeTrackingDisabledFor: [], ...options });
  const documents = names.map((name) => dynamicsInstance(sim as DynamicsSimulator, undefined, patch, name));
  engine = openEngine(Object.assign({}, ...documents.map((document) => document.env)));
  const instances = [];
  for (const { document } of documents) instances.push((await engine.addInstance(onlyResources(document, ['accounts']))).instance);
  return { sim, engine, instances };
}

const tokenRequests = (simulator: DynamicsSimulator) => simulator.control.requests().filter((entry) => entry.method === 'POST');
const question = (orgUrl: string, authority: string, name = 'Dynamics Test') =>
  `this server (${orgUrl}) names ${authority} as its sign-in authority; trust it? Nothing is sent there until you do: ` +
  `Trust in the window, or run crm-event-poller instances trust-authority ${JSON.stringify(name)} ${authority}, or set oauth.authority`;

describe('Dynamics sign-in authorities', () => {
  it('a server naming a hostile authority gets its question asked, and the hostile server never gets the password', async () => {
    attacker = await startAttacker();
    const { sim, engine, instances } = await setup({ authorityOrigin: attacker.url });
    const [outcome] = await engine.pollInstance(instances[0] as never);
    expect(attacker.requests).toEqual([]);
    expect(secretsReceived(attacker, [sim.password])).toEqual([]);
    const error = outcome?.error as ConnectorError;
    expect(error).toBeInstanceOf(ConnectorError);
    expect([error.kind, error.untrustedAuthority, error.message]).toEqual(['auth', attacker.url, question(sim.url, attacker.url)]);

    // The scheduler waits for the answer: no retries, and the status carries the question.
    const scheduler = new Scheduler(engine, { minuteMs: 30, maxStartJitterMs: 0 });
    scheduler.start();
    await sleep(300);
    await scheduler.stop();
    const status = scheduler.status()[0];
    expect(status?.state).toBe('needs-attention');
    expect(status?.lastError?.untrustedAuthority).toBe(attacker.url);
    expect(status?.lastError?.advice).toBe('trust it only if it is your organization\'s sign-in server (AD FS); polling waits until you answer');
    expect(attacker.requests).toEqual([]);
  });

  it('an AD FS on its own host is asked about once, then trusted for that instance only', async () => {
    const { sim, engine, instances } = await setup({ separateAuthority: true }, {}, ['Dynamics Test', 'Second Instance']);
    const [first, second] = instances as [never, never];
    expect(failures(await engine.pollInstance(first))).toEqual([`accounts: ${question(sim.url, sim.authorityUrl)}`]);
    expect(tokenRequests(sim)).toEqual([]);

    engine.trustAuthority(engine.requireInstance('Dynamics Test'), `${sim.authorityUrl}/adfs/oauth2/authorize`);
    expect(engine.requireInstance('Dynamics Test').trustedAuthorities).toEqual([sim.authorityUrl]);
    expect(failures(await engine.pollInstance(engine.requireInstance('Dynamics Test')))).toEqual([]);
    expect(tokenRequests(sim).map((entry) => entry.path)).toEqual(['/adfs/oauth2/token']);

    // Kept per instance: another instance of the same server still asks.
    expect(failures(await engine.pollInstance(second))).toEqual([`accounts: ${question(sim.url, sim.authorityUrl, 'Second Instance')}`]);
    expect(tokenRequests(sim)).toHaveLength(1);
  });

  it('through the API: the status asks, trustAuthority answers, and the next poll signs in there', async () => {
    sim = await startDynamicsSimulator({ seed: 3, recordsPerEntity: 5, separateAuthority: true, changeTrackingDisabledFor: [] });
    const { document, env } = dynamicsInstance(sim);
    const dataDir = tempDataDir('cep-authority-');
    const app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }), service: { version: 'test', transport: 'http', dataDir }, scheduler: { maxStartJitterMs: 600_000 } });
    try {
      const created = await app.service.createInstance(onlyResources(document, ['accounts']));
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      const id = created.instance.id;
      await app.service.pollNow(id);
      expect((await app.service.getStatus())[0]?.lastError?.untrustedAuthority).toBe(sim.authorityUrl);
      await app.service.trustAuthority(id, sim.authorityUrl);
      expect((await app.service.getInstance(id)).trustedAuthorities).toEqual([sim.authorityUrl]);
      const poll = await app.service.pollNow(id);
      expect(poll.resources.map((resource) => resource.error)).toEqual([undefined]);
      expect(tokenRequests(sim).map((entry) => `${entry.path} ${entry.status}`)).toEqual(['/adfs/oauth2/token 200']);
    } finally {
      await app.stop();
    }
  });

  it('an approval is for one authority: a server that later names another one is asked about again', async () => {
    attacker = await startAttacker();
    const { sim: before, engine, instances } = await setup({ separateAuthority: true });
    engine.trustAuthority(instances[0] as never, before.authorityUrl);
    await before.close();
    // The same organization address, now naming the attacker (a new server took it over).
    sim = await startDynamicsSimulator({ seed: 3, recordsPerEntity: 5, port: Number(new URL(before.url).port), authorityOrigin: attacker.url });
    const [outcome] = await engine.pollInstance(engine.requireInstance('Dynamics Test'));
    expect((outcome?.error as ConnectorError).untrustedAuthority).toBe(attacker.url);
    expect(attacker.requests).toEqual([]);
  });

  it('a configured oauth.authority on another host is used without asking', async () => {
    const { sim, engine, instances } = await setup({ separateAuthority: true }, { 'oauth.authority': '' });
    const instance = instances[0] as never as StoredInstance;
    // Naming where the password goes is a change of server: the user keeps the password for it.
    const configuration = { ...(instance.document.configuration as object), 'oauth.authority': `${sim.authorityUrl}/adfs` };
    await engine.replaceInstance(instance, { ...instance.document, configuration }, { keepCredentials: true });
    expect(failures(await engine.pollInstance(engine.requireInstance('Dynamics Test')))).toEqual([]);
    expect(tokenRequests(sim).map((entry) => entry.path)).toEqual(['/adfs/oauth2/token']);
  });

  it('refuses to trust what is not an https origin (plain http only on this machine)', async () => {
    const { engine, instances } = await setup({});
    const trust = (url: string) => () => engine.trustAuthority(instances[0] as never, url);
    expect(trust('http://adfs.contoso.com')).toThrow('"http://adfs.contoso.com" is plain http://: the password would cross the network readable; trust only an https:// sign-in server');
    expect(trust('adfs.contoso.com')).toThrow('"adfs.contoso.com" is not a URL: give the sign-in server\'s address, e.g. https://adfs.contoso.com');
    expect(trust('ftp://adfs.contoso.com')).toThrow('"ftp://adfs.contoso.com" is not an https:// URL');
    expect(engine.requireInstance('Dynamics Test').trustedAuthorities ?? []).toEqual([]);
  });
});

describe('isApprovedAuthority', () => {
  const online = 'https://contoso.crm4.dynamics.com/';
  const onPremises = 'https://crm.contoso.local/';
  it.each([
    ["Microsoft's sign-in host, for an online organization", 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', online, [], true],
    ["Microsoft's US government sign-in host, for an online organization", 'https://login.microsoftonline.us/t/oauth2/v2.0/token', 'https://org.crm.microsoftdynamics.us/', [], true],
    ["Microsoft's sign-in host, for an on-premises organization", 'https://login.microsoftonline.com/t/oauth2/v2.0/token', onPremises, [], false],
    ['a look-alike of it', 'https://login.microsoftonline.com.evil.example/t/oauth2/v2.0/token', online, [], false],
    ['plain http to it', 'http://login.microsoftonline.com/t/oauth2/v2.0/token', online, [], false],
    ['the organization itself (an AD FS on the configured server)', 'https://crm.contoso.local/adfs/oauth2/token', onPremises, [], true],
    ['an AD FS the user trusted for this instance', 'https://adfs.contoso.local/adfs/oauth2/token', onPremises, ['https://adfs.contoso.local'], true],
    ['an AD FS nobody trusted', 'https://adfs.contoso.local/adfs/oauth2/token', onPremises, ['https://adfs.other.local'], false],
  ])('%s: %s', (_label, tokenUrl, orgUrl, trusted, approved) => {
    expect(isApprovedAuthority(tokenUrl as string, orgUrl as string, trusted as string[])).toBe(approved);
  });
});
