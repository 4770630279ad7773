/** Where the app keeps its data: the same folder Electron's `app.getPath('userData')` gives the desktop app. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'CRM Event Poller';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CRM_EVENT_POLLER_HOME) return env.CRM_EVENT_POLLER_HOME;
  return join(appDataDir(env, platform), PRODUCT_NAME);
}

/** Electron's `appData` path for each platform. */
function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}
