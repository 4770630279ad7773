/**
 * What `crm-event-poller serve --secrets env` runs, in the test's process: the real HTTP server over
 * a real application on a throwaway data dir, serving the built renderer.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_KEYS } from '../../../../shared/config/elements.ts';
import { RENDERER_DIST } from '../../../../electron/cli/commands/serve.ts';
import { startHttpServer, type RunningServer, type ServeOptions } from '../../../../electron/cli/serve/server.ts';
import { openSecretStore } from '../../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication } from '../../../../electron/engine/service/application.ts';
import { ApiDispatcher } from '../../../../electron/engine/service/dispatcher.ts';
import { openConfSettings } from '../../../../electron/engine/settings/openConfSettings.ts';

export interface ServedApplication {
  server: RunningServer;
  /** Closes the server, stops the application and removes its data dir. */
  close(): Promise<void>;
}

/** `sessions`: the server's session options (idle time, clock); its data dir is named after `prefix`. */
export async function startServedApplication(prefix: string, sessions: Pick<ServeOptions, 'sessionIdleMs' | 'now'> = {}): Promise<ServedApplication> {
  if (!existsSync(join(RENDERER_DIST, 'index.html'))) throw new Error('run "npm run build:renderer" first (npm ci does)');
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const app = startApplication({
    dataDir,
    settings: openConfSettings(dataDir),
    secrets: openSecretStore('env', { env: {}, knownKeys: SECRET_KEYS }),
    service: { version: '0.0.0-test', transport: 'http', dataDir },
  });
  const server = await startHttpServer(new ApiDispatcher(app.service), { host: '127.0.0.1', port: 0, staticRoot: RENDERER_DIST, ...sessions });
  return {
    server,
    close: async () => {
      await server.close();
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
