/** The Dynamics seed instances pointed at a simulator. */
import { secretEnvName } from '../../../../electron/engine/secrets/envStore.ts';
import { fixture } from '../sagecrm/support.ts';

export { eventsOf, failures, nextSecond, onlyResources, openEngine, sleep, summary } from '../sagecrm/support.ts';

export interface DynamicsTarget {
  url: string;
  username: string;
  password: string;
}

/**
 * A Dynamics seed fixture as Cloud Elements documented it, with the organization and credentials
 * filled in (and `configuration` patched as given); the password goes to the env secrets.
 */
export function dynamicsInstance(
  sim: DynamicsTarget,
  file = 'dynamicscrmadfs-instance-2016.json',
  patch: Record<string, unknown> = {},
  name = 'Dynamics Test',
): { document: Record<string, unknown>; env: Record<string, string> } {
  const document = fixture(file);
  const configuration: Record<string, unknown> = {
    ...(document.configuration as Record<string, unknown>),
    'dynamics.tenant': sim.url,
    'user.username': sim.username,
    'event.notification.enabled': false,
    ...patch,
  };
  delete configuration['user.password'];
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete configuration[key];
  return { document: { ...document, name, tags: ['test'], configuration }, env: { [secretEnvName(name, 'user.password')]: sim.password } };
}
