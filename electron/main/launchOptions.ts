/** How the app was started: hidden (at login), which secret store, which data folder. Pure. */
import { defaultDataDir } from '../engine/dataDir.ts';
import type { SecretStoreKind } from '../engine/secrets/secretStore.ts';

export interface LaunchOptions {
  /** Started at login: stay in the tray, do not show the window. */
  hidden: boolean;
  secrets: SecretStoreKind;
  dataDir: string;
}

export const HIDDEN_FLAG = '--hidden';

/**
 * `--hidden` (the login item passes it), `--secrets=env` or CRM_EVENT_POLLER_SECRETS=env for
 * machines without a keychain, and the data folder of the CLI (CRM_EVENT_POLLER_HOME or the
 * user-data folder), so the app and `crm-event-poller` share instances and events.
 */
export function parseLaunchOptions(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): LaunchOptions {
  const secretsArgument = argv.find((argument) => argument.startsWith('--secrets='))?.slice('--secrets='.length);
  const secrets = secretsArgument ?? env.CRM_EVENT_POLLER_SECRETS;
  return {
    hidden: argv.includes(HIDDEN_FLAG),
    secrets: secrets === 'env' ? 'env' : 'keychain',
    dataDir: defaultDataDir(env, platform),
  };
}
