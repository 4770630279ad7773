/** `crm-event-poller serve`: the engine and the window over HTTP, for a browser or a machine without a desktop. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SECRET_KEYS } from '../../../shared/config/elements.ts';
import { defaultDataDir } from '../../engine/dataDir.ts';
import { formatDuration } from '../../engine/delivery/schedule.ts';
import { globalOptions, openSecrets, openSettings, stopRequested } from '../context.ts';
import { CliError } from '../errors.ts';
import { CONTROL_FILE, requestNewLink, writeControlFile } from '../serve/control.ts';
import { SIGN_IN_LINK_LIFETIME_MS } from '../serve/sessions.ts';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../packageInfo.ts';
import { demoBanner, startDemoEnvironment } from './demo.ts';
import { parseWait } from './deliveries.ts';

interface ServeOptions {
  port: string;
  host: string;
  open?: boolean;
  demo?: boolean;
  sessionIdle: string;
  newLink?: boolean;
}

const LINK_LINE = `open this link to sign in (it works once, within ${formatDuration(SIGN_IN_LINK_LIFETIME_MS)})`;

export const RENDERER_DIST = join(PACKAGE_ROOT, 'renderer', 'dist');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the engine and the window over HTTP on this machine (loopback only unless --host says otherwise)')
    .option('--port <port>', 'TCP port', '4870')
    .option('--host <address>', 'address to listen on; anything but loopback exposes the poller to the network', '127.0.0.1')
    .option('--open', 'open the window in the default browser')
    .option('--demo', 'start simulated Sage CRM and Dynamics servers with instances already pointed at them, in a throwaway data dir')
    .option('--session-idle <duration>', 'a signed-in window unused this long is signed out (e.g. 30m, 2h)', '30m')
    .option('--new-link', 'print a new one-time sign-in link from the serve already running on this data dir, which keeps running')
    .action(async (options: ServeOptions, command: Command) => {
      const global = globalOptions(command);
      if (options.newLink) {
        process.stdout.write(`${LINK_LINE}: ${await requestNewLink(global.dataDir)}\n`);
        return;
      }
      const sessionIdleMs = parseSessionIdle(options.sessionIdle);
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port "${options.port}" is not a TCP port`);
      // Loaded when used: other commands never pay for the application and the HTTP server.
      const [{ startApplication }, { ApiDispatcher }, { openSecretStore }, { isLoopback, startHttpServer }] = await Promise.all([
        import('../../engine/service/application.ts'),
        import('../../engine/service/dispatcher.ts'),
        import('../../engine/secrets/openSecretStore.ts'),
        import('../serve/server.ts'),
      ]);
      if (!existsSync(join(RENDERER_DIST, 'index.html'))) throw new CliError(`the window is not built (${RENDERER_DIST} is missing): run "npm run build:renderer"`);
      if (!isLoopback(options.host)) {
        process.stderr.write(`WARNING: listening on ${options.host} makes the poller reachable from the network; anyone with the link can control it and read your CRM events.\n`);
      }
      // A keychain that cannot be used is said now, not at the first credential saved in the window.
      const secrets = options.demo ? undefined : await openSecrets(global);
      await secrets?.check();
      const demo = options.demo ? await startDemoEnvironment() : undefined;
      if (demo) process.stderr.write(demoBanner(demo));
      const dataDir = demo?.dataDir ?? global.dataDir;
      const app = startApplication({
        dataDir,
        settings: await openSettings(dataDir),
        secrets: secrets ?? openSecretStore('env', { env: demo?.secretEnv, knownKeys: SECRET_KEYS }),
        service: { version: PACKAGE_VERSION, transport: 'http', dataDir, demo: demo !== undefined },
      });
      await demo?.addInstances(app);
      let server;
      try {
        server = await startHttpServer(new ApiDispatcher(app.service), { host: options.host, port, staticRoot: RENDERER_DIST, sessionIdleMs });
      } catch (error) {
        await app.stop();
        await demo?.stop();
        throw new CliError(`cannot listen on ${options.host}:${port}: ${(error as Error).message}`);
      }
      let removeControlFile = () => {};
      try {
        removeControlFile = writeControlFile(dataDir, server.url, server.controlToken);
      } catch (error) {
        process.stderr.write(`WARNING: cannot write ${CONTROL_FILE} in ${dataDir} (${(error as Error).message}): \`serve --new-link\` cannot reach this serve; a restart gives a new link\n`);
      }
      const dataDirOption = dataDir === defaultDataDir() ? '' : ` --data-dir ${JSON.stringify(dataDir)}`;
      process.stdout.write(
        `CRM Event Poller${demo ? ' (DEMO)' : ''} is serving on ${server.url}\n${LINK_LINE}: ${server.loginUrl}\n` +
          `for another link (a new tab, an ended session), run: crm-event-poller serve --new-link${dataDirOption}\n`,
      );
      if (options.open) openBrowser(server.loginUrl);
      await stopRequested();
      process.stderr.write('stopping...\n');
      removeControlFile();
      await server.close();
      await app.stop();
      await demo?.stop();
    });
}

function parseSessionIdle(text: string): number {
  // A bare number would be milliseconds (parseDuration), never what "--session-idle 30" means.
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) throw new CliError(`--session-idle: "${text}" needs a unit, e.g. ${text.trim()}m or 2h`);
  const ms = parseWait('--session-idle', text);
  if (ms < 1000) throw new CliError(`--session-idle: "${text}" is too short; give at least 1s, e.g. 30m`);
  return ms;
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(command, [url], { stdio: 'ignore', detached: true })
    .on('error', () => process.stderr.write(`could not open a browser; open ${url} yourself\n`))
    .unref();
}
