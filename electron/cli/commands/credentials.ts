/** `crm-event-poller credentials set|remove <instance> <key>`: an instance's secrets, write-only, its cursors untouched. */
import type { Command } from 'commander';
import { instanceCommand, onInstance } from '../context.ts';
import { CliError, EXIT_INVALID } from '../errors.ts';
import { readSecret } from '../secretInput.ts';

export function registerCredentials(program: Command): void {
  const credentials = program.command('credentials').description("set or remove an instance's credentials (passwords, tokens, signing keys); they are never printed");

  instanceCommand(credentials, 'set', 'store a credential: typed at a prompt that does not show it, or piped in on standard input')
    .argument('<key>', 'the credential, e.g. password, user.password, token, oauth.client.secret')
    .action(onInstance<[key: string]>(async (engine, instance, [key]) => {
      // Imported here: a static import would load the whole engine (SQLite, the connectors' HTTP client) at every start of the command.
      const { requireSecretKey } = await import('../../engine/engine.ts');
      requireSecretKey(instance, key);
      // Read-only env secrets fail before anything is typed, naming the variable to set instead.
      if (engine.secrets.kind === 'env') throw new CliError(`with --secrets env, credentials are not stored by the poller: ${engine.secrets.howToSet(instance.name, key)}`, EXIT_INVALID);
      const value = await readSecret(process.stdin, process.stderr, `${key} of "${instance.name}"`);
      await engine.setCredential(instance, key, value);
      process.stdout.write(`saved ${key} of "${instance.name}" in the keychain\n`);
    }));

  instanceCommand(credentials, 'remove', 'remove a stored credential')
    .argument('<key>', 'the credential, e.g. password')
    .action(onInstance<[key: string]>(async (engine, instance, [key]) => {
      const removed = await engine.clearCredential(instance, key);
      process.stdout.write(removed ? `removed ${key} of "${instance.name}"\n` : `${key} of "${instance.name}" was not stored; nothing to remove\n`);
    }));
}
