/** Validating and saving an instance pasted as Cloud Elements JSON, its secrets moved to the secret store. */
import { validateInstance, type ValidationResult } from '../../../shared/config/instance.ts';
import { formatProblem, type Problem } from '../../../shared/config/problems.ts';
import type { SetupItem } from '../../../shared/config/setup.ts';
import { isPlainObject } from '../../../shared/config/values.ts';
import { secretEnvName } from '../secrets/envStore.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import type { StoredInstance } from '../settings/settingsSchema.ts';
import type { InstanceRepository } from './instanceRepository.ts';
import { splitSecrets } from './instanceSecrets.ts';
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

export interface SaveResult {
  instance: StoredInstance;
  validation: ValidationResult;
  /** What is left before it may poll; an instance with any of it is saved not enabled. */
  setup: SetupItem[];
  /** Keys whose values went to the secret store. */
  storedSecrets: string[];
  /** With the read-only env source: the variables to set for the secrets the document held. */
  secretsToExport: string[];
}

export async function saveInstanceDocument(
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
): Promise<SaveResult> {
  const validation = validateInstance(input);
  const config = validation.config;
  if (!validation.valid || !config || !isPlainObject(input)) throw new InvalidInstanceError(validation.errors, validation.warnings);
  const name = config.name?.trim();
  if (!name) throw new InvalidInstanceError([{ path: 'name', message: 'an instance needs a unique name: add "name": "…"' }], validation.warnings);
  const clash = repository.find(name);
  if (clash && clash.id !== options.replaceId && clash.name.toLowerCase() === name.toLowerCase()) {
    throw new InvalidInstanceError([{ path: 'name', message: `an instance named "${clash.name}" already exists: choose another name, or remove it first` }]);
  }
  const { document, secrets: found } = splitSecrets(withResolvedElement(input, config.elementKey), config.elementKey);
  const readOnly = secrets.kind === 'env';
  if (!readOnly) for (const [key, value] of Object.entries(found)) await secrets.set(name, key, value);
  const setup = await instanceSetup(document, name, secrets, readOnly ? [] : [...Object.keys(found), ...(options.movingSecrets ?? [])]);
  const fields = { name, elementKey: config.elementKey ?? 'generic', enabled: options.enabled && setup.length === 0, document };
  const instance = options.replaceId === undefined ? repository.create(fields, options.now) : repository.update(options.replaceId, fields, options.now);
  const keys = Object.keys(found);
  return { instance, validation, setup, storedSecrets: readOnly ? [] : keys, secretsToExport: readOnly ? keys.map((key) => secretEnvName(name, key)) : [] };
}

/** An element key written as a documentation template (`{{page.elementKey}}`) is saved as the element it stands for. */
function withResolvedElement(input: Record<string, unknown>, elementKey: string | undefined): Record<string, unknown> {
  if (elementKey === undefined || !isPlainObject(input.element) || input.element.key === elementKey) return input;
  return { ...input, element: { ...input.element, key: elementKey } };
}
