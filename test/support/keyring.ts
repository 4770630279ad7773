/** A private gnome-keyring for the tests that use the real keychain: the tools it needs and the shell line that starts it. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Run as `dbus-run-session -- sh -c START_KEYRING <program> <args…>` with KEYRING_PASSWORD in the
 * environment: unlocks (or first creates) the login keyring on the private bus, then becomes the
 * program. The password must not be empty: with an empty one the daemon tries to prompt and the
 * keyring stays unusable.
 */
export const START_KEYRING = 'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"';

const KEYRING_TOOLS = ['dbus-run-session', 'gnome-keyring-daemon'];

/** The keyring tools not found on PATH. */
export function missingKeyringTools(): string[] {
  return KEYRING_TOOLS.filter((tool) => !onPath(tool));
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
