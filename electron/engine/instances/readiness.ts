/** Whether a saved (or about to be saved) instance may poll: its "Needs setup" checklist, secrets included. */
import { validateInstance } from '../../../shared/config/instance.ts';
import { setupChecklist, type SetupItem } from '../../../shared/config/setup.ts';
import type { SecretStore } from '../secrets/secretStore.ts';
import { UserError } from '../userError.ts';

/**
 * The checklist of an instance document without secrets (as stored), named `name`. `alsoProvided`:
 * secret keys known to have a value besides those the store lists (ones about to move to this name).
 * A store that cannot be listed counts as holding none: the checklist then asks for them.
 */
export async function instanceSetup(document: unknown, name: string, secrets: SecretStore, alsoProvided: Iterable<string> = []): Promise<SetupItem[]> {
  const stored = name.trim() === '' ? [] : await secrets.listKeys(name).catch(() => [] as string[]);
  const provided = new Set([...stored, ...alsoProvided]);
  return setupChecklist(document, validateInstance(document), { provided, howToSet: (key) => secrets.howToSet(name, key) });
}

/** An instance that needs setup was asked to poll, or to be enabled. */
export class NeedsSetupError extends UserError {
  override name = 'NeedsSetupError';
  override readonly fault = 'configuration';
  readonly items: SetupItem[];

  constructor(instanceName: string, what: string, items: SetupItem[]) {
    super(`"${instanceName}" ${what}: ${items.length === 1 ? 'one thing' : `${items.length} things`} to set up first:\n${items.map((item) => `  ${item.path || '(document)'}: ${item.message}`).join('\n')}`);
    this.items = items;
  }
}
