/** `crm-event-poller serve`: the engine and the window over HTTP, for a browser or a machine without a desktop. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SECRET_KEYS } from '../../../shared/config/elements.ts';
import { globalOptions, stopRequested } from '../context.ts';
import { CliError } from '../errors.ts';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../packageInfo.ts';
import { demoBanner, startDemoEnvironment } from './demo.ts';

interface ServeOptions {
  port: string;
  host: string;
  open?: boolean;
  demo?: boolean;
}

export const RENDERER_DIST = join(PACKAGE_ROOT, 'renderer', 'dist');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the engine and the window over HTTP on this machine (loopback only unless --host says otherwise)')
    .option('--port <port>', 'TCP port', '4870')
    .option('--host <address>', 'address to listen on; anything but loopback exposes the poller to the network', '127.0.0.1')
    .option('--open', 'open the window in the default browser')
    .option('--demo', 'start simulated Sage CRM and Dynamics servers with instances already pointed at them, in a throwaway data dir')
    .action(async (options: ServeOptions, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port "${options.port}" is not a TCP port`);
      // Loaded when used: other commands never pay for the application and the HTTP server.
      const [{ startApplication }, { openSecretStore, parseSecretStoreKind }, { openConfSettings }, { isLoopback, startHttpServer }] = await Promise.all([
        import('../../engine/service/application.ts'),
        import('../../engine/secrets/openSecretStore.ts'),
        import('../../engine/settings/openConfSettings.ts'),
        import('../serve/server.ts'),
      ]);
      if (!existsSync(join(RENDERER_DIST, 'index.html'))) throw new CliError(`the window is not built (${RENDERER_DIST} is missing): run "npm run build:renderer"`);
      if (!isLoopback(options.host)) {
        process.stderr.write(`WARNING: listening on ${options.host} makes the poller reachable from the network; anyone with the link can control it and read your CRM events.\n`);
      }
      const global = globalOptions(command);
      const demo = options.demo ? await startDemoEnvironment() : undefined;
      if (demo) process.stderr.write(demoBanner(demo));
      const dataDir = demo?.dataDir ?? global.dataDir;
      const app = startApplication({
        dataDir,
        settings: openConfSettings(dataDir),
        secrets: demo ? openSecretStore('env', { env: demo.secretEnv, knownKeys: SECRET_KEYS }) : openSecretStore(parseSecretStoreKind(global.secrets), { knownKeys: SECRET_KEYS }),
        service: { version: PACKAGE_VERSION, transport: 'http', dataDir, demo: demo !== undefined },
      });
      await demo?.addInstances(app);
      let server;
      try {
        server = await startHttpServer(app.service, { host: options.host, port, staticRoot: RENDERER_DIST });
      } catch (error) {
        await app.stop();
        await demo?.stop();
        throw new CliError(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`);
      }
      process.stdout.write(`CRM Event Poller${demo ? ' (DEMO)' : ''} is serving on ${server.url}\nopen this link to sign in (it works once): ${server.loginUrl}\n`);
      if (options.open) openBrowser(server.loginUrl);
      await stopRequested();
      process.stderr.write('stopping...\n');
      await server.close();
      await app.stop();
      await demo?.stop();
    });
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(command, [url], { stdio: 'ignore', detached: true })
    .on('error', () => process.stderr.write(`could not open a browser; open ${url} yourself\n`))
    .unref();
}
