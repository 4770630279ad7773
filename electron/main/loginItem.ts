/**
 * Start at login. macOS and Windows have an API (`app.setLoginItemSettings`); on Linux it does
 * nothing, so the app writes an XDG autostart entry (~/.config/autostart) itself. The app starts
 * hidden (`--hidden`): in the tray, without its window, and with the V8 flags of the product's
 * long-running processes (bin/v8Flags.js), which Electron's main process takes only at launch.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SettingsStore } from '../engine/settings/settingsStore.ts';
import { ELECTRON_JS_FLAGS } from '../../bin/v8Flags.js';
import { HIDDEN_FLAG } from './launchOptions.ts';

/** What the login item passes after the program (and the app folder, unpackaged). */
export const LOGIN_ITEM_ARGS = [ELECTRON_JS_FLAGS, HIDDEN_FLAG];

export const AUTOSTART_FILE = 'crm-event-poller.desktop';

export function autostartPath(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', AUTOSTART_FILE);
}

/** The program to start: the AppImage when run from one (its mount point changes every run), else the executable. */
export function launchCommand(execPath: string, env: NodeJS.ProcessEnv, appPath: string | undefined): string[] {
  if (env.APPIMAGE) return [env.APPIMAGE, ...LOGIN_ITEM_ARGS];
  // Unpackaged (npm start): the Electron binary needs the app folder.
  return appPath === undefined ? [execPath, ...LOGIN_ITEM_ARGS] : [execPath, appPath, ...LOGIN_ITEM_ARGS];
}

/** A desktop entry per the XDG Desktop Entry spec; Exec arguments quoted as it requires. */
export function autostartEntry(name: string, command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${name.replace(/[\r\n]/g, ' ')}`,
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function quoteExecArgument(argument: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(argument)) return argument.replace(/%/g, '%%');
  // Inside double quotes, ", `, $ and \ take a backslash; then the desk-entry string escape doubles every backslash.
  const quoted = `"${argument.replace(/["`$\\]/g, (character) => `\\${character}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export interface LoginItemPort {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  execPath: string;
  /** The app folder when unpackaged (the Electron binary needs it), else undefined. */
  appPath: string | undefined;
  name: string;
  /** Electron's app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[] }): void;
}

/** Makes the OS start the app at login (hidden), or stops it. */
export async function applyStartAtLogin(enabled: boolean, port: LoginItemPort): Promise<void> {
  if (port.platform !== 'linux') {
    port.setLoginItemSettings({ openAtLogin: enabled, args: LOGIN_ITEM_ARGS });
    return;
  }
  const file = autostartPath(port.env, port.home);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, autostartEntry(port.name, launchCommand(port.execPath, port.env, port.appPath)), 'utf8');
}

/**
 * Applies the start-at-login setting whenever it changes, whoever changed it (the window, the tray,
 * another process); `applied` is the value the login item has now. Returns the function that stops.
 */
export function followStartAtLogin(settings: Pick<SettingsStore, 'onChange'>, applied: boolean, apply: (enabled: boolean) => void): () => void {
  let current = applied;
  return settings.onChange((change) => {
    if (!change.keys.has('ui') || change.settings.ui.startAtLogin === current) return;
    current = change.settings.ui.startAtLogin;
    apply(current);
  });
}
