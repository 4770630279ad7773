/** Entry point of the `crm-event-poller` command: the same engine as the desktop app, without Electron. */
import { main } from './program.ts';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A keychain call that timed out leaves a native worker thread behind; do not let it hold the exit.
setTimeout(() => process.exit(code), 2000).unref();
