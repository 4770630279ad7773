/**
 * The demo's instances: the Cloud Elements seed fixtures as they are, pointed at the simulated CRMs,
 * polled every minute, labelled as demo, their passwords handed over as env-style secrets (no keychain).
 */
import { secretEnvName } from '../secrets/envStore.ts';

export const DEMO_SAGE = 'Demo Sage CRM';
export const DEMO_DYNAMICS = 'Demo Dynamics 365';
export const DEMO_DYNAMICS_BY_DATE = 'Demo Dynamics 365 (by date)';

export interface DemoServers {
  sage: { baseUrl: string; username: string; password: string };
  dynamics: { url: string; username: string; password: string };
  /** Where the demo instances' webhooks go (a local receiver). */
  callbackUrl: string;
}

/** The seed fixtures, parsed: `sagecrm-instance-example.json` and the two `dynamicscrmadfs-instance-*.json`. */
export interface DemoFixtures {
  sage: Record<string, unknown>;
  dynamicsTracking: Record<string, unknown>;
  dynamicsByDate: Record<string, unknown>;
}

export interface DemoInstances {
  documents: Record<string, unknown>[];
  /** `CRM_EVENT_POLLER_SECRET_…` → value, for the env secret store. */
  secretEnv: Record<string, string>;
}

/** Every resource polled each minute (the shortest refresh interval), Sage's deletions looked for as often. */
const COMMON = { 'event.poller.refresh_interval': 1, 'event.notification.enabled': true };

export function demoInstances(fixtures: DemoFixtures, servers: DemoServers): DemoInstances {
  const secretEnv: Record<string, string> = {};
  const instance = (fixture: Record<string, unknown>, name: string, configuration: Record<string, unknown>, secret: [string, string], dropResources: string[] = []) => {
    const original = { ...(fixture.configuration as Record<string, unknown>) };
    delete original[secret[0]];
    const poller = { ...(original['event.poller.configuration'] as Record<string, unknown>) };
    for (const resource of dropResources) delete poller[resource];
    secretEnv[secretEnvName(name, secret[0])] = secret[1];
    return {
      element: fixture.element,
      name,
      tags: ['demo'],
      configuration: { ...original, ...COMMON, 'event.notification.callback.url': servers.callbackUrl, ...configuration, 'event.poller.configuration': poller },
    };
  };
  const { sage, dynamics } = servers;
  const documents = [
    instance(fixtures.sage, DEMO_SAGE, { subdomain: sage.baseUrl, username: sage.username, 'event.poller.reconcile_interval': 1 }, ['password', sage.password]),
    // Change tracking on activitypointers is UNCONFIRMED (the simulator refuses it, as Dynamics may): that resource is polled by date below.
    instance(fixtures.dynamicsTracking, DEMO_DYNAMICS, { 'dynamics.tenant': dynamics.url, 'user.username': dynamics.username }, ['user.password', dynamics.password], ['activities']),
    instance(fixtures.dynamicsByDate, DEMO_DYNAMICS_BY_DATE, { 'dynamics.tenant': dynamics.url, 'user.username': dynamics.username }, ['user.password', dynamics.password]),
  ];
  return { documents, secretEnv };
}
