/** The real command line against the Dynamics simulator and its AD FS on another port: the sign-in authority question and its answer. */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/support/runCli.ts';
import { startDynamicsSimulator, type DynamicsSimulator } from '../../../../electron/simulators/index.ts';
import { tempDataDir } from '../../support/harness.ts';
import { onlyResources } from '../sagecrm/support.ts';
import { dynamicsInstance } from './support.ts';

let sim: DynamicsSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('crm-event-poller with Dynamics and an AD FS on its own host', () => {
  it('asks whether to trust the authority the server names, and polls once trust-authority answers', { timeout: 60_000 }, async () => {
    sim = await startDynamicsSimulator({ seed: 4, recordsPerEntity: 3, separateAuthority: true, changeTrackingDisabledFor: [] });
    const { document, env } = dynamicsInstance(sim);
    const global = ['--data-dir', tempDataDir('cep-cli-'), '--secrets', 'env'];
    expect((await runCli([...global, 'instances', 'add', '-'], { input: JSON.stringify(onlyResources(document, ['accounts'])), env })).code).toBe(0);

    const asked = await runCli([...global, 'poll', 'Dynamics Test'], { env });
    expect(asked.code).not.toBe(0);
    expect(asked.stderr).toContain(`this server (${sim.url}) names ${sim.authorityUrl} as its sign-in authority; trust it?`);
    expect(asked.stderr).toContain(`crm-event-poller instances trust-authority "Dynamics Test" ${sim.authorityUrl}`);
    expect(sim.control.requests().filter((entry) => entry.method === 'POST')).toEqual([]);

    const refused = await runCli([...global, 'instances', 'trust-authority', 'Dynamics Test', 'adfs.contoso.com'], { env });
    expect([refused.code, refused.stderr.trim()]).toEqual([1, 'crm-event-poller: "adfs.contoso.com" is not a URL: give the sign-in server\'s address, e.g. https://adfs.contoso.com']);

    const trusted = await runCli([...global, 'instances', 'trust-authority', 'Dynamics Test', sim.authorityUrl], { env });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toBe(`"Dynamics Test" trusts ${sim.authorityUrl} as its sign-in authority: its password may be sent there\n`);

    const polled = await runCli([...global, 'poll', 'Dynamics Test'], { env });
    expect([polled.code, polled.stderr]).toEqual([0, expect.stringContaining('Dynamics Test/accounts: 0 new event(s)')]);
    expect(sim.control.requests().filter((entry) => entry.method === 'POST').map((entry) => `${entry.path} ${entry.status}`)).toEqual(['/adfs/oauth2/token 200']);

    const listed = await runCli([...global, 'instances', 'list', '--json'], { env });
    expect(JSON.parse(listed.stdout)[0].trustedAuthorities).toEqual([sim.authorityUrl]);
  });
});
