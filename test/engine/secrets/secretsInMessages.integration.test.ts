/**
 * The attacker's view of messages: a CRM whose error pages echo the request's credentials (the
 * Authorization header, the API key, the password in plain and encoded). Whatever it answers, no
 * credential may reach a stored or printed message: poll_runs.error, the status, the API's answers
 * and errors, `poll`'s stderr, `status` (table and JSON), `run`'s log.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { SECRET_KEYS } from '../../../shared/config/elements.ts';
import { secretEnvName } from '../../../electron/engine/secrets/envStore.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { BIN, runCli } from '../../cli/support/runCli.ts';
import { startEchoingCrm, type EchoingCrm, type EchoShape } from '../support/echoingCrm.ts';
import { itemsInstance, tempDataDir } from '../support/harness.ts';

const PASSWORD = 'S3cr3t pä$$/wörd&1';
const API_KEY = 'k-9f8e7d6c5b4a';
const TENANT_KEY = 'tenant-77aa88bb';
const TOKEN = 'tok.eyJzdWIiOiJwb2xsZXIifQ.sig';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

interface Case {
  name: string;
  shape: EchoShape;
  configuration: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Must appear nowhere. */
  forbidden: string[];
}

const BASIC_FORBIDDEN = [PASSWORD, encodeURIComponent(PASSWORD), encodeURIComponent(PASSWORD).replace(/%20/g, '+'), base64(`admin:${PASSWORD}`)];

const CASES: Case[] = [
  ...(['html', 'json', 'text'] as const).map((shape) => ({
    name: `Basic ${shape}`,
    shape,
    configuration: { 'auth.type': 'basic', username: 'admin' },
    secrets: { password: PASSWORD },
    forbidden: BASIC_FORBIDDEN,
  })),
  { name: 'Api key', shape: 'json', configuration: { 'auth.type': 'header', 'header.name': 'X-Api-Key' }, secrets: { 'header.value': API_KEY }, forbidden: [API_KEY] },
  { name: 'Tenant key', shape: 'text', configuration: { 'auth.type': 'header', 'header.name': 'X-Tenant-Key' }, secrets: { 'header.value': TENANT_KEY }, forbidden: [TENANT_KEY] },
  { name: 'Bearer', shape: 'html', configuration: { 'auth.type': 'bearer' }, secrets: { token: TOKEN }, forbidden: [TOKEN, `Bearer ${TOKEN}`] },
];

const servers: EchoingCrm[] = [];
afterAll(async () => Promise.all(servers.map((server) => server.close())));

function secretEnv(cases: Case[]): Record<string, string> {
  return Object.fromEntries(cases.flatMap((c) => Object.entries(c.secrets).map(([key, value]) => [secretEnvName(c.name, key), value])));
}

function document(testCase: Case, url: string): Record<string, unknown> {
  const base = itemsInstance(url, { pattern: 'milliseconds' }, testCase.name);
  return { ...base, configuration: { ...(base.configuration as Record<string, unknown>), ...testCase.configuration } };
}

/** The case's echoing CRM (closed after all) and its instance, saved in the application. */
async function createEchoedInstance(app: Application, testCase: Case): Promise<{ crm: EchoingCrm; id: number }> {
  const crm = await startEchoingCrm(testCase.shape);
  servers.push(crm);
  const saved = await app.service.createInstance(document(testCase, crm.url));
  if (!saved.ok) throw new Error(`${testCase.name}: ${JSON.stringify(saved.errors)}`);
  return { crm, id: saved.instance.id };
}

/** Fails naming the text and the secret it carries. */
function expectClean(where: string, text: string, forbidden: string[]): void {
  for (const secret of forbidden) expect(text.includes(secret), `${where} contains ${JSON.stringify(secret)}:\n${text}`).toBe(false);
}

async function withApplication<T>(dataDir: string, env: Record<string, string>, work: (app: Application) => Promise<T>): Promise<T> {
  const app = startApplication({
    dataDir,
    settings: openConfSettings(dataDir),
    secrets: openSecretStore('env', { env, knownKeys: SECRET_KEYS }),
    service: { version: '0.0.0-test', transport: 'http', dataDir },
  });
  try {
    return await work(app);
  } finally {
    await app.stop();
  }
}

/** Starts `run`, waits until its log reports a failed poll of every instance, stops it with SIGINT. */
function runUntilFailed(args: string[], env: Record<string, string>, names: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, 'run'], { env: { ...process.env, ...env } });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`run did not report every failure:\n${stderr}`));
    }, 90_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const lines = stderr.split('\n');
      if (names.every((name) => lines.some((line) => line.includes(` ${name}: `) && line.includes('answered HTTP')))) child.kill('SIGINT');
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(stderr);
    });
  });
}

describe('a CRM whose error pages echo the credentials it was sent', () => {
  it('gets none of them into poll runs, the status, the API or its errors', async () => {
    const dataDir = tempDataDir('cep-echo-api-');
    const env = secretEnv(CASES);
    await withApplication(dataDir, env, async (app) => {
      for (const testCase of CASES) {
        const { crm, id } = await createEchoedInstance(app, testCase);
        const { forbidden } = testCase;

        const summary = await app.service.pollNow(id);
        expect(summary.resources[0]?.error, testCase.name).toMatch(/answered HTTP/);
        // The server did receive the credential, and echoed it: the test is real.
        expect(crm.requests.length, testCase.name).toBeGreaterThan(0);
        expectClean(`${testCase.name}: pollNow`, JSON.stringify(summary), forbidden);
        expectClean(`${testCase.name}: getStatus`, JSON.stringify(await app.service.getStatus()), forbidden);
        expectClean(`${testCase.name}: listInstances`, JSON.stringify(await app.service.listInstances()), forbidden);
        // Refused (HTTP 401): each try after it is confirmed, as the window asks.
        const confirmed = { confirmLockoutRisk: true };
        expectClean(`${testCase.name}: testConnection`, JSON.stringify(await app.service.testConnection(id, confirmed)), forbidden);
        const sample = await app.service.fetchSample(id, 'items', confirmed).then(
          () => 'no error',
          (error: Error) => error.message,
        );
        expect(sample, testCase.name).toMatch(/answered HTTP/);
        expectClean(`${testCase.name}: fetchSample error`, sample, forbidden);
        const runs = app.engine.stores.runs.recent({ instanceId: id });
        expect(runs.length, testCase.name).toBeGreaterThan(0);
        for (const run of runs) expectClean(`${testCase.name}: poll_runs.error`, run.error ?? '', forbidden);
        expect(runs[0]?.error, testCase.name).toMatch(/answered HTTP/);
      }
    });
  });

  it('gets none of them into what the command line prints: poll, status, run', async () => {
    const dataDir = tempDataDir('cep-echo-cli-');
    const env = secretEnv(CASES);
    const cases = CASES.filter((c) => ['Basic html', 'Api key', 'Bearer'].includes(c.name));
    await withApplication(dataDir, env, async (app) => {
      for (const testCase of cases) {
        const { id } = await createEchoedInstance(app, testCase);
        await app.service.pause(id, null);
      }
    });
    const global = ['--data-dir', dataDir, '--secrets', 'env'];
    for (const testCase of cases) {
      const poll = await runCli([...global, 'poll', testCase.name, '--confirm-lockout-risk'], { env });
      expect(poll.code, poll.stderr).not.toBe(0);
      expect(poll.stderr).toMatch(/answered HTTP/);
      expectClean(`${testCase.name}: poll stderr`, poll.stderr + poll.stdout, testCase.forbidden);
    }
    const forbidden = cases.flatMap((c) => c.forbidden);
    const table = await runCli([...global, 'status'], { env });
    expect(table.stdout).toMatch(/answered HTTP/);
    expectClean('status', table.stdout + table.stderr, forbidden);
    const json = await runCli([...global, 'status', '--json'], { env });
    expectClean('status --json', json.stdout + json.stderr, forbidden);

    // `run` polls on its schedule: resume everything and read its log until each instance failed.
    await withApplication(dataDir, env, async (app) => {
      for (const instance of await app.service.listInstances()) await app.service.resume(instance.id);
    });
    const log = await runUntilFailed(global, env, cases.map((c) => c.name));
    expect(log).toMatch(/answered HTTP/);
    expectClean('run log', log, forbidden);
  }, 180_000);
});
