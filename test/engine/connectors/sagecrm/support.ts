/** The Sage CRM seed instance pointed at a simulator, and an engine to poll it with. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpOptions } from '../../../../electron/engine/connectors/http.ts';
import { Engine, type ResourceOutcome } from '../../../../electron/engine/engine.ts';
import type { ChangeEvent } from '../../../../electron/engine/polling/events.ts';
import { secretEnvName } from '../../../../electron/engine/secrets/envStore.ts';
import { openSecretStore } from '../../../../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../../../../electron/engine/settings/openConfSettings.ts';
import { tempDataDir } from '../../support/harness.ts';
import { SEEDS } from '../../../support/seeds.ts';

export const FIXTURES = SEEDS;

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/** An engine on a throwaway data dir whose secrets come from `env`. */
export function openEngine(env: Record<string, string>, http: HttpOptions = {}): Engine {
  const dataDir = tempDataDir('cep-crm-');
  return new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }), http });
}

export interface SageTarget {
  baseUrl: string;
  username: string;
  password: string;
}

/**
 * `sagecrm-instance-example.json` exactly as Cloud Elements documented it, with only the server and
 * credentials changed (and `configuration` patched as given); the password goes to the env secrets.
 */
export function sageInstance(sim: SageTarget, patch: Record<string, unknown> = {}, name = 'Sage Test'): { document: Record<string, unknown>; env: Record<string, string> } {
  const document = fixture('sagecrm-instance-example.json');
  // The example sends events to Cloud Elements' own console: off, unless a test turns them on.
  const configuration: Record<string, unknown> = { ...(document.configuration as Record<string, unknown>), subdomain: sim.baseUrl, username: sim.username, 'event.notification.enabled': false, ...patch };
  delete configuration.password;
  return { document: { ...document, name, configuration }, env: { [secretEnvName(name, 'password')]: sim.password } };
}

/** Keeps only these resources of the document's poller configuration. */
export function onlyResources(document: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const configuration = document.configuration as Record<string, unknown>;
  const all = configuration['event.poller.configuration'] as Record<string, unknown>;
  return { ...document, configuration: { ...configuration, 'event.poller.configuration': Object.fromEntries(names.map((name) => [name, all[name]])) } };
}

export function failures(outcomes: ResourceOutcome[]): string[] {
  return outcomes.flatMap((outcome) => (outcome.error ? [`${outcome.resource}: ${outcome.error.message}`] : []));
}

export function eventsOf(outcomes: ResourceOutcome[]): ChangeEvent[] {
  return outcomes.flatMap((outcome) => [...(outcome.result?.newEvents ?? []), ...(outcome.reconcile?.deleted ?? [])]);
}

/** `resource objectId TYPE`, sorted: what tests compare. */
export function summary(events: ChangeEvent[]): string[] {
  return events.map((event) => `${event.resource} ${event.objectId} ${event.eventType}`).sort();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lets the whole-second clocks (Date header, record stamps) move past the poll that just ran. */
export const nextSecond = () => sleep(1100);
