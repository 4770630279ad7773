/**
 * Which server an instance's saved connection secrets are for. They are bound to the origins its
 * configuration named when they were saved (shared/config/origins.ts); once the configuration names
 * another server, they are not sent anywhere until the user gives new ones or says the old ones are
 * for the new server too. The webhook signature keys are not bound: they never leave this machine.
 */
import { findElement } from '../../../shared/config/elements.ts';
import { credentialBinding, sameBinding } from '../../../shared/config/origins.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import type { InstanceRepository } from './instanceRepository.ts';

/** The origins the instance's configuration sends credentials to now. */
export function serverBinding(instances: InstanceRepository, instance: StoredInstance): string[] {
  return credentialBinding(instance.elementKey, instances.load(instance).config.configuration);
}

/** The origins its secrets were saved for (an instance saved before bindings were kept: its current ones). */
export function savedBinding(instances: InstanceRepository, instance: StoredInstance): string[] {
  return instance.credentialsFor ?? serverBinding(instances, instance);
}

export function secretsFitServer(instances: InstanceRepository, instance: StoredInstance): boolean {
  return sameBinding(savedBinding(instances, instance), serverBinding(instances, instance));
}

/** The element's secrets that are sent to its servers (passwords, tokens, client secrets). */
export function connectionSecretKeys(elementKey: string): string[] {
  return (findElement(elementKey)?.connectionKeys ?? []).filter((key) => key.secret).map((key) => key.key);
}
