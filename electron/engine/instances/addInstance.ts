/** Validating and saving an instance pasted as Cloud Elements JSON, its secrets moved to the secret store. */
import { validateInstance, type ValidationResult } from '../../../shared/config/instance.ts';
import { formatProblem, type Problem } from '../../../shared/config/problems.ts';
import { isPlainObject } from '../../../shared/config/values.ts';
import { secretEnvName } from '../secrets/envStore.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import type { InstanceRepository } from './instanceRepository.ts';
import { splitSecrets } from './instanceSecrets.ts';

/** The instance cannot be saved: every problem, path first. */
export class InvalidInstanceError extends Error {
  readonly problems: Problem[];
  readonly warnings: Problem[];

  constructor(problems: Problem[], warnings: Problem[] = []) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InvalidInstanceError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** An instance saved, as the engine knows it; the API's SaveResult (shared/api.ts) is what the window is told. */
export interface SavedInstance {
  instance: StoredInstance;
  validation: ValidationResult;
  /** Keys whose values went to the secret store. */
  storedSecrets: string[];
  /** With the read-only env source: the variables to set for the secrets the document held. */
  secretsToExport: string[];
}

export async function saveInstanceDocument(
  input: unknown,
  repository: InstanceRepository,
  secrets: SecretStore,
  options: { now: number; replaceId?: number },
): Promise<SavedInstance> {
  const validation = validateInstance(input);
  const config = validation.config;
  if (!validation.valid || !config || !isPlainObject(input)) throw new InvalidInstanceError(validation.errors, validation.warnings);
  const name = config.name?.trim();
  if (!name) throw new InvalidInstanceError([{ path: 'name', message: 'an instance needs a unique name: add "name": "…"' }], validation.warnings);
  const clash = repository.find(name);
  if (clash && clash.id !== options.replaceId && clash.name.toLowerCase() === name.toLowerCase()) {
    throw new InvalidInstanceError([{ path: 'name', message: `an instance named "${clash.name}" already exists: choose another name, or remove it first` }]);
  }
  const { document, secrets: found } = splitSecrets(input, config.elementKey);
  const readOnly = secrets.kind === 'env';
  if (!readOnly) for (const [key, value] of Object.entries(found)) await secrets.set(name, key, value);
  const fields = { name, elementKey: config.elementKey ?? 'generic', enabled: true, document };
  const instance = options.replaceId === undefined ? repository.create(fields, options.now) : repository.update(options.replaceId, fields, options.now);
  const keys = Object.keys(found);
  return { instance, validation, storedSecrets: readOnly ? [] : keys, secretsToExport: readOnly ? keys.map((key) => secretEnvName(name, key)) : [] };
}
