/**
 * Secrets found in plain in the settings file at start (a callback URL's user info saved by an
 * earlier version, a password typed into the file by hand) move to the secret store, and the
 * instance is stored without them. The read-only env source cannot take them: the notice names the
 * variables to set, and they stay where they are meanwhile (removing them would break the instance).
 */
import { secretEnvName } from '../secrets/envStore.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { InstanceRepository } from './instanceRepository.ts';
import { splitSecrets } from './instanceSecrets.ts';

/** Returns one notice per instance that had secrets in the settings file. */
export async function moveSecretsOutOfSettings(repository: InstanceRepository, secrets: SecretStore, now: () => number): Promise<string[]> {
  const notices: string[] = [];
  for (const instance of repository.list()) {
    const { document, secrets: found } = splitSecrets(instance.document, instance.elementKey);
    const keys = Object.keys(found);
    if (keys.length === 0) continue;
    if (secrets.kind === 'env') {
      const variables = keys.map((key) => secretEnvName(instance.name, key)).join(', ');
      notices.push(`instance "${instance.name}" has ${keys.join(', ')} in plain in the settings file, which --secrets env cannot take over: set ${variables} and remove them from the instance`);
      continue;
    }
    for (const [key, value] of Object.entries(found)) await secrets.set(instance.name, key, value);
    // Saved meanwhile (the window, another process): that version is the one to keep; the next start looks again.
    const current = repository.get(instance.id);
    if (!current || JSON.stringify(current.document) !== JSON.stringify(instance.document)) continue;
    repository.update(instance.id, { document }, now());
    notices.push(`moved ${keys.join(', ')} of instance "${instance.name}" from the settings file to the ${secrets.kind}`);
  }
  return notices;
}
