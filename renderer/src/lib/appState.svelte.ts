/** What the whole window shares: app info, settings (and so the theme), the instance list with live status. */
import type { AppInfo, AppSettings, InstanceSummary } from '../../../shared/api.ts';
import type { InstanceStatus } from '../../../shared/status.ts';
import { api } from './api.ts';
import { errorMessage } from './format.ts';

export const app = $state<{ info?: AppInfo; settings?: AppSettings; loadError?: string }>({});

export const instances = $state<{ list: InstanceSummary[]; loaded: boolean; error?: string }>({ list: [], loaded: false });

export async function loadAppInfo(): Promise<void> {
  try {
    app.info = await api.getAppInfo();
    app.loadError = undefined;
  } catch (error) {
    app.loadError = errorMessage(error);
  }
}

export async function loadSettings(): Promise<void> {
  try {
    app.settings = await api.getSettings();
    applyTheme(app.settings.theme);
  } catch (error) {
    app.loadError = errorMessage(error);
  }
}

export async function saveSettings(patch: Partial<AppSettings>): Promise<AppSettings> {
  const settings = await api.updateSettings(patch);
  app.settings = settings;
  applyTheme(settings.theme);
  return settings;
}

const THEME_KEY = 'crm-event-poller.theme';

/** The OS preference, followed while the theme setting is "system". */
const systemDark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
let chosenTheme: AppSettings['theme'] = 'system';
systemDark?.addEventListener('change', () => showTheme(chosenTheme));

/** One set of dark colours in the stylesheet: "system" is resolved here to light or dark. */
function showTheme(theme: AppSettings['theme']): void {
  chosenTheme = theme;
  document.documentElement.dataset.theme = theme === 'system' ? (systemDark?.matches ? 'dark' : 'light') : theme;
}

export function applyTheme(theme: AppSettings['theme']): void {
  if (typeof document === 'undefined') return;
  showTheme(theme);
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage refused (a locked-down profile): the theme still applies once settings load.
  }
}

/** The theme last used, applied before the first paint so a forced theme never flashes the other. */
export function applyRememberedTheme(): void {
  try {
    const theme = localStorage.getItem(THEME_KEY);
    showTheme(theme === 'light' || theme === 'dark' ? theme : 'system');
  } catch {
    // No storage: follow the system until the settings arrive.
    showTheme('system');
  }
}

let loading: Promise<void> | undefined;

export function refreshInstances(): Promise<void> {
  loading ??= api
    .listInstances()
    .then((list) => {
      // A status pushed while the list was on its way may be newer than the list's.
      const held = new Map(instances.list.map((instance) => [instance.id, instance.status]));
      for (const fetched of list) {
        const status = held.get(fetched.id);
        if (status && isNewer(status, fetched.status)) fetched.status = status;
      }
      instances.list = list;
      instances.loaded = true;
      instances.error = undefined;
    })
    .catch((error: unknown) => {
      instances.error = errorMessage(error);
      instances.loaded = true;
    })
    .finally(() => (loading = undefined));
  return loading;
}

/** A pushed status replaces the instance's status in place (no reload, no jump), unless the one held is newer. */
export function applyStatus(status: InstanceStatus): void {
  const instance = instances.list.find((candidate) => candidate.id === status.id);
  if (instance && !isNewer(instance.status, status)) instance.status = status;
}

/** Whether `status` was announced after `other` (statuses without a revision are taken as they come). */
function isNewer(status: InstanceStatus, other: InstanceStatus): boolean {
  return status.revision !== undefined && other.revision !== undefined && status.revision > other.revision;
}

export function instanceName(id: number): string {
  return instances.list.find((instance) => instance.id === id)?.name ?? `#${id}`;
}
