/** Entry point of the `crm-event-poller` command: the same engine as the desktop app, without Electron. */
import { main } from './program.ts';

process.exitCode = await main(process.argv.slice(2));
