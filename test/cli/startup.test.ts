/**
 * Start-up checks of the real command: `serve` and `run` say at once when the keychain cannot be
 * used (not at the first credential saved), and CRM_EVENT_POLLER_SECRETS=env works for every command.
 */
import { describe, expect, it } from 'vitest';
import { itemsInstance, tempDataDir } from '../engine/support/harness.ts';
import { runCli, startCli, withoutKeychain } from './support/runCli.ts';

const SIGN_IN_LINK = /open this link to sign in \(it works once, within [^)]+\): \S+/;

describe.skipIf(process.platform !== 'linux')('start-up without a reachable keychain', () => {
  it.each([['serve', '--port', '0'], ['run']])('"%s" stops at once with what to do, before serving or polling', { timeout: 20_000 }, async (...command) => {
    const started = startCli(['--data-dir', tempDataDir('cep-startup-'), ...command], { env: withoutKeychain(), inheritEnv: false });
    const code = await started.exited;
    const { stdout, stderr } = started.output();
    expect(code).toBe(1);
    expect(stderr).toMatch(/^crm-event-poller: The OS keychain is not reachable \(.+\)\. /);
    expect(stderr).toContain('or run with --secrets env (or CRM_EVENT_POLLER_SECRETS=env)');
    expect(stderr).not.toContain('unexpected');
    expect(stdout).not.toMatch(SIGN_IN_LINK);
    expect(stderr).not.toContain('polling');
  });

  it('CRM_EVENT_POLLER_SECRETS=env serves without a keychain', { timeout: 30_000 }, async () => {
    const started = startCli(['--data-dir', tempDataDir('cep-startup-'), 'serve', '--port', '0'], { env: { ...withoutKeychain(), CRM_EVENT_POLLER_SECRETS: 'env' }, inheritEnv: false });
    try {
      await expect.poll(() => started.output().stdout, { timeout: 20_000 }).toMatch(SIGN_IN_LINK);
    } finally {
      started.child.kill('SIGTERM');
      await started.exited;
    }
  });

  it('CRM_EVENT_POLLER_SECRETS=env is the secret source of every command, --secrets still wins', { timeout: 30_000 }, async () => {
    const dataDir = tempDataDir('cep-startup-');
    const env = { ...withoutKeychain(), CRM_EVENT_POLLER_SECRETS: 'env' };
    const document = itemsInstance('https://api.example.org', { pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" }, 'Env API');
    Object.assign(document.configuration as Record<string, unknown>, { 'auth.type': 'bearer', token: 'in-the-document' });
    const added = await runCli(['--data-dir', dataDir, 'instances', 'add', '-'], { input: JSON.stringify(document), env, inheritEnv: false });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('credentials were not saved (--secrets env is read-only); set these variables where the poller runs: CRM_EVENT_POLLER_SECRET_ENV_API_TOKEN');
    expect(added.code).toBe(0);

    // The explicit option beats the variable: now the (unreachable) keychain is asked.
    const removed = await runCli(['--data-dir', dataDir, '--secrets', 'keychain', 'instances', 'remove', 'Env API'], { env, inheritEnv: false });
    expect(removed.stderr).toContain('The OS keychain is not reachable');
    expect(removed.code).toBe(1);
  });

  it('refuses an unknown CRM_EVENT_POLLER_SECRETS, naming the choices', async () => {
    const result = await runCli(['--data-dir', tempDataDir('cep-startup-'), 'instances', 'list'], { env: { CRM_EVENT_POLLER_SECRETS: 'vault' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("value 'vault' from env 'CRM_EVENT_POLLER_SECRETS' is invalid. Allowed choices are keychain, env.");
  });
});
