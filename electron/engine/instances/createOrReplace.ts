/**
 * Creating an instance from its Cloud Elements JSON, or replacing a saved one (`replaceId`): the
 * document validated, its secrets moved to the secret store first, then the configuration saved.
 */
import { validateInstance, type ValidationResult } from '../../../shared/config/instance.ts';
import { formatProblem, type Problem } from '../../../shared/config/problems.ts';
import { NAME_MISSING, nameTakenMessage } from '../../../shared/config/instanceName.ts';
import { credentialBinding } from '../../../shared/config/origins.ts';
import type { SetupItem } from '../../../shared/config/setup.ts';
import { isPlainObject } from '../../../shared/config/values.ts';
import { secretEnvName } from '../secrets/envStore.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import { InstanceNameTakenError, type InstanceRepository } from './instanceRepository.ts';
import { secretsLeftBehind, splitSecrets } from './instanceSecrets.ts';
import { instanceSetup } from './readiness.ts';

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
  /** What is left before it may poll; an instance with any of it is saved not enabled. */
  setup: SetupItem[];
  /** Keys whose values went to the secret store. */
  storedSecrets: string[];
  /** With the read-only env source: the variables to set for the secrets the document held. */
  secretsToExport: string[];
}

/** Creates the instance, or with `replaceId` replaces that one; its secrets are stored before the instance is. */
export async function createOrReplaceInstance(
  input: unknown,
  repository: InstanceRepository,
  secrets: SecretStore,
  options: {
    now: number;
    replaceId?: number;
    /** Whether it should poll: it only does when nothing is left to set up. */
    enabled: boolean;
    /** Secret keys stored under another name that move to this one (a rename). */
    movingSecrets?: string[];
  },
): Promise<SavedInstance> {
  const validation = checkInstanceDocument(input, repository, options.replaceId);
  const config = validation.config;
  const name = config?.name?.trim();
  if (!validation.valid || !config || !name || !isPlainObject(input)) throw new InvalidInstanceError(validation.errors, validation.warnings);
  const { document, secrets: found } = splitSecrets(withResolvedElement(input, config.elementKey), config.elementKey);
  const readOnly = secrets.kind === 'env';
  const previous = options.replaceId === undefined ? undefined : repository.get(options.replaceId);
  if (!readOnly && previous) for (const key of secretsLeftBehind(previous.document, document, found)) await secrets.delete(previous.name, key);
  if (!readOnly) for (const [key, value] of Object.entries(found)) await secrets.set(name, key, value);
  const setup = await instanceSetup(document, name, secrets, readOnly ? [] : [...Object.keys(found), ...(options.movingSecrets ?? [])]);
  const fields = { name, elementKey: config.elementKey ?? 'generic', enabled: options.enabled && setup.length === 0, document };
  let instance: StoredInstance;
  try {
    // A new instance's secrets are for the servers it names; a replaced one's binding is the caller's to decide.
    instance =
      options.replaceId === undefined
        ? repository.create({ ...fields, credentialsFor: credentialBinding(config.elementKey, config.configuration) }, options.now)
        : repository.update(options.replaceId, fields, options.now);
  } catch (error) {
    // Another process saved the name between the check above and this write.
    throw error instanceof InstanceNameTakenError ? nameProblem(error) : error;
  }
  const keys = Object.keys(found);
  return { instance, validation, setup, storedSecrets: readOnly ? [] : keys, secretsToExport: readOnly ? keys.map((key) => secretEnvName(name, key)) : [] };
}

/**
 * Everything a save refuses, short of saving: the shared validator, then the name among the saved
 * instances (`replaceId` is the one being edited). The editor's live check is this very function
 * (the API's validateInstance), so what it shows and what Save refuses cannot differ.
 */
export function checkInstanceDocument(input: unknown, repository: InstanceRepository, replaceId?: number): ValidationResult {
  const validation = validateInstance(input);
  if (!validation.config || validation.errors.some((problem) => problem.path === 'name')) return validation;
  const name = validation.config.name?.trim();
  const clash = name ? repository.nameTaken(name, replaceId) : undefined;
  const message = !name ? NAME_MISSING : clash ? nameTakenMessage(clash.name) : undefined;
  return message === undefined ? validation : { ...validation, valid: false, errors: [...validation.errors, { path: 'name', message }] };
}

/** An element key written as a documentation template (`{{page.elementKey}}`) is saved as the element it stands for. */
function withResolvedElement(input: Record<string, unknown>, elementKey: string | undefined): Record<string, unknown> {
  if (elementKey === undefined || !isPlainObject(input.element) || input.element.key === elementKey) return input;
  return { ...input, element: { ...input.element, key: elementKey } };
}

function nameProblem(error: InstanceNameTakenError): InvalidInstanceError {
  return new InvalidInstanceError([{ path: 'name', message: error.message }]);
}
