/** `crm-event-poller sim sagecrm|dynamics`: one simulated CRM on this machine until Ctrl+C, for trying instances by hand. */
import type { Command } from 'commander';
import { stopRequested } from '../context.ts';
import { CliError } from '../errors.ts';

interface SimOptions {
  port: string;
  seed: string;
  changesPerMinute: string;
  records: string;
  authority: string;
}

export function registerSim(program: Command): void {
  program
    .command('sim')
    .description('run a simulated Sage CRM or Dynamics server on this machine (its URL, credentials and control endpoints are printed) until Ctrl+C')
    .argument('<vendor>', 'sagecrm or dynamics')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0: any free port)', '0')
    .option('--seed <seed>', 'seed of the simulated data (same seed, same data)', '1')
    .option('--changes-per-minute <n>', 'live creates, updates and deletes per minute', '0')
    .option('--records <n>', 'records per entity', '50')
    .option('--authority <kind>', 'dynamics: the sign-in its 401 challenge points at, adfs or azure', 'adfs')
    .action(async (vendor: string, options: SimOptions) => {
      const port = integer('--port', options.port, 65535);
      const changesPerMinute = Number(options.changesPerMinute);
      if (!Number.isFinite(changesPerMinute) || changesPerMinute < 0) throw new CliError(`--changes-per-minute "${options.changesPerMinute}" is not a number of changes`);
      const recordsPerEntity = integer('--records', options.records, 1_000_000);
      const common = { port, seed: options.seed, changesPerMinute, recordsPerEntity };
      // Loaded when used: other commands never pay for the simulators.
      const { startDynamicsSimulator, startSageCrmSimulator } = await import('../../simulators/index.ts');
      let close: () => Promise<void>;
      if (vendor === 'sagecrm') {
        const sim = await startSageCrmSimulator(common);
        close = () => sim.close();
        process.stdout.write(
          [
            `Simulated Sage CRM (seed ${options.seed}) at ${sim.url}`,
            `  SData base URL:  ${sim.baseUrl}   (instance key "subdomain")`,
            `  credentials:     username "${sim.username}", password "${sim.password}" (5 wrong passwords lock the account; POST /_control/unlock)`,
            ...controlLines(sim.url, ['POST /_control/unlock {username?}', 'POST /_control/zone {timeZone?, dateStyle?}']),
          ].join('\n') + '\n',
        );
      } else if (vendor === 'dynamics') {
        if (options.authority !== 'adfs' && options.authority !== 'azure') throw new CliError(`--authority "${options.authority}" must be adfs or azure`);
        const sim = await startDynamicsSimulator({ ...common, authority: options.authority });
        close = () => sim.close();
        process.stdout.write(
          [
            `Simulated Dynamics 365 (seed ${options.seed}, ${options.authority === 'adfs' ? 'AD FS' : 'Azure AD'}) at ${sim.url}`,
            `  Web API:         ${sim.apiUrl}   (instance key "dynamics.tenant": ${sim.url})`,
            `  token endpoint:  ${sim.tokenUrl}   (discovered from the 401 challenge)`,
            `  credentials:     user.username "${sim.username}", user.password "${sim.password}"`,
            `  application:     oauth.client.id "${sim.clientId}", oauth.client.secret "${sim.clientSecret}"`,
            ...controlLines(sim.url, [
              'POST /_control/expire-delta-tokens',
              'POST /_control/expire-tokens',
              'POST /_control/token-lifetime {seconds}',
              'POST /_control/budget {requests, windowSeconds}',
            ]),
          ].join('\n') + '\n',
        );
      } else {
        throw new CliError(`unknown vendor "${vendor}": use sagecrm or dynamics`);
      }
      process.stdout.write(`${changesPerMinute > 0 ? `${changesPerMinute} live change(s) a minute; ` : ''}Ctrl+C to stop\n`);
      await stopRequested();
      await close();
    });
}

function controlLines(url: string, extra: string[]): string[] {
  const endpoints = [
    'POST /_control/mutate {entity, id?, fields?}',
    'POST /_control/delete {entity, id}',
    'GET  /_control/state?records=false',
    'GET  /_control/requests?since=SEQ',
    'POST /_control/fault {kind: status|html|malformed|delay|reset, count?, match?, …}',
    'POST /_control/clock {offsetMs}',
    'POST /_control/reset',
    ...extra,
  ];
  return [`  control (JSON, no auth) at ${url}:`, ...endpoints.map((endpoint) => `    ${endpoint}`)];
}

function integer(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new CliError(`${name} "${text}" must be a whole number from 0 to ${max}`);
  return value;
}
