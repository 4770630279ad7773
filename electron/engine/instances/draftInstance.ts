/**
 * A draft from the editor as the engine tries it (Try before saving): validated as a save would
 * validate it, and never stored. The secrets typed for it are used for one call; for an existing
 * instance the saved ones stand in for those not typed, bound to the servers they were saved for
 * by the one rule of credentialBinding.ts (`credentialsFor`).
 */
import type { InstanceDraft } from '../../../shared/api.ts';
import { validateInstance } from '../../../shared/config/instance.ts';
import { credentialBinding } from '../../../shared/config/origins.ts';
import { isPlainObject } from '../../../shared/config/values.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { InvalidInstanceError } from './createOrReplace.ts';
import { savedBinding, secretsFitServer } from './credentialBinding.ts';
import type { InstanceRepository } from './instanceRepository.ts';
import { splitSecrets } from './instanceSecrets.ts';

/** Where a connector's secrets come from: typed values first, then the secret store under `storedAs`. */
export interface SecretSource {
  typed?: Readonly<Record<string, string>>;
  /** The name the saved secrets are stored under; none (a new instance): nothing is read from the store. */
  storedAs?: string;
}

export interface DraftInstance {
  /** Shaped like a stored instance for the connectors and the readiness check; it is in no store. */
  instance: StoredInstance;
  /** The saved instance it is a draft of. */
  saved?: StoredInstance;
  secrets: SecretSource;
}

/** A name is not needed to try a draft: a new instance may be tested before it is named. */
const NAME_PATH = 'name';

/** Throws InvalidInstanceError (every problem, with its path) when the draft could not be saved either. */
export function draftInstance(draft: InstanceDraft, saved: StoredInstance | undefined, repository: InstanceRepository, now: number): DraftInstance {
  const validation = validateInstance(draft.document);
  const errors = validation.errors.filter((problem) => problem.path !== NAME_PATH);
  const config = validation.config;
  if (errors.length > 0 || !config || !isPlainObject(draft.document)) throw new InvalidInstanceError(errors, validation.warnings);
  const elementKey = config.elementKey ?? 'generic';
  const { document, secrets: inDocument } = splitSecrets(draft.document, elementKey);
  const typed = { ...inDocument, ...Object.fromEntries(Object.entries(draft.secrets ?? {}).filter(([, value]) => value !== '')) };
  const instance: StoredInstance = {
    id: saved?.id ?? 0,
    name: config.name?.trim() || saved?.name || 'new instance',
    elementKey,
    enabled: false,
    document,
    createdAt: saved?.createdAt ?? now,
    updatedAt: now,
    // The saved secrets stay bound where they were saved for; a new draft's typed ones are for its own servers.
    credentialsFor: saved ? savedBinding(repository, saved) : credentialBinding(elementKey, config.configuration),
  };
  // Trusted sign-in authorities go with the saved credentials, and are dropped with them (engine.ts #rebindCredentials).
  if (saved && secretsFitServer(repository, instance)) instance.trustedAuthorities = saved.trustedAuthorities;
  return { instance, saved, secrets: { typed, storedAs: saved?.name } };
}
