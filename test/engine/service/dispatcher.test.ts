/**
 * The one dispatcher behind both transports: each failure comes out as the same error model over
 * Electron IPC (electron stubbed) and over a real `serve` on a real socket, and reaches the window
 * code (shared/transport.ts) the same; the pushed topics reach any number of listeners over one
 * subscription to the service, a listener that throws stopping no one.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, PUSH_TOPICS, type ApiMethod, type PollerApi } from '../../../shared/api.ts';
import { ApiError, httpReply, replyValue, type ApiReply, type PushMessage, type PushSource } from '../../../shared/transport.ts';
import { SECRET_KEYS } from '../../../shared/config/elements.ts';
import { startHttpServer, type RunningServer } from '../../../electron/cli/serve/server.ts';
import { InvalidInstanceError } from '../../../electron/engine/instances/createOrReplace.ts';
import { openSecretStore } from '../../../electron/engine/secrets/openSecretStore.ts';
import { keychainUnreachable } from '../../../electron/engine/secrets/keychainStore.ts';
import { SecretStoreError, type SecretStore } from '../../../electron/engine/secrets/secretStore.ts';
import { startApplication, type Application } from '../../../electron/engine/service/application.ts';
import { ApiDispatcher, failureOf } from '../../../electron/engine/service/dispatcher.ts';
import { ServiceError } from '../../../electron/engine/service/pollerService.ts';
import { openConfSettings } from '../../../electron/engine/settings/openConfSettings.ts';
import { registerApiHandlers } from '../../../electron/main/ipc.ts';
import { apiChannel } from '../../../electron/preload/channels.ts';
import { callApi, signIn } from '../../cli/serve/support/serveHttp.ts';
import { tempDataDir } from '../support/harness.ts';

const electron = vi.hoisted(() => ({ handlers: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel),
  },
}));

/** One call over both transports, and what the window's code makes of each reply. */
interface BothWays {
  ipc: ApiReply;
  http: { status: number; reply: ApiReply };
}

/** A service, its dispatcher carried by both transports at once (as the app and `serve` each carry theirs). */
class Transports {
  readonly dispatcher: ApiDispatcher;
  #server: RunningServer | undefined;
  #session = '';
  #removeHandlers: (() => void) | undefined;

  constructor(service: PollerApi & PushSource) {
    this.dispatcher = new ApiDispatcher(service);
  }

  async start(staticRoot: string): Promise<this> {
    this.#removeHandlers = registerApiHandlers(this.dispatcher, { trusted: () => true });
    this.#server = await startHttpServer(this.dispatcher, { host: '127.0.0.1', port: 0, staticRoot });
    this.#session = await signIn(this.#server.loginUrl);
    return this;
  }

  async call(method: ApiMethod, args: unknown[]): Promise<BothWays> {
    const handler = electron.handlers.get(apiChannel(method));
    if (!handler || !this.#server) throw new Error('not started');
    const ipc = (await handler({}, args)) as ApiReply;
    const answer = await callApi(this.#server.port, this.#session, method, args);
    return { ipc, http: { status: answer.status, reply: httpReply(answer.status, answer.body) } };
  }

  async stop(): Promise<void> {
    this.#removeHandlers?.();
    await this.#server?.close();
  }
}

function thrownBy(reply: ApiReply): ApiError {
  try {
    replyValue(reply);
  } catch (error) {
    if (error instanceof ApiError) return error;
  }
  throw new Error(`no ApiError from ${JSON.stringify(reply)}`);
}

const staticRoot = tempDataDir('cep-dispatcher-static-');
afterAll(() => rmSync(staticRoot, { recursive: true, force: true }));

describe('the error model', () => {
  const problems = [{ path: 'configuration.base.url', message: 'is not a URL: use https://…' }];
  const cases: { name: string; error: unknown; expected: ReturnType<typeof failureOf> }[] = [
    { name: 'a ServiceError, its problems kept', error: new ServiceError('no instance with id 3', problems), expected: { kind: 'needs-action', error: 'no instance with id 3', problems } },
    { name: 'a ServiceError without problems', error: new ServiceError('deliveries are not available'), expected: { kind: 'needs-action', error: 'deliveries are not available' } },
    { name: 'a configuration error, by path', error: new InvalidInstanceError(problems), expected: { kind: 'needs-action', error: 'configuration.base.url: is not a URL: use https://…', problems } },
    { name: 'read-only secrets', error: new SecretStoreError('secrets are read-only with --secrets env'), expected: { kind: 'needs-action', error: 'secrets are read-only with --secrets env' } },
    { name: 'an unreachable keychain', error: keychainUnreachable('no D-Bus session'), expected: { kind: 'needs-action', error: expect.stringMatching(/^The OS keychain is not reachable \(no D-Bus session\)/) as unknown as string } },
    { name: 'anything else', error: new TypeError('x is undefined'), expected: { kind: 'internal', error: 'x is undefined' } },
    { name: 'a thrown non-error', error: 'disk full', expected: { kind: 'internal', error: 'disk full' } },
  ];
  for (const { name, error, expected } of cases) {
    it(`maps ${name}`, () => {
      expect(failureOf(error)).toEqual(expected);
    });
  }
});

describe('one failure, both transports', () => {
  /** Every method of this service throws what `failure` says. */
  let failure: () => unknown = () => undefined;
  const service = {
    ...Object.fromEntries(API_METHODS.map((method) => [method, async () => failure()])),
    subscribe: () => () => undefined,
  } as unknown as PollerApi & PushSource;
  const transports = new Transports(service);
  beforeAll(() => transports.start(staticRoot));
  afterAll(() => transports.stop());

  const problems = [{ path: 'name', message: 'an instance needs a unique name: add "name": "…"' }];
  const cases: { name: string; error: Error; kind: ApiError['kind']; status: number; problems?: typeof problems }[] = [
    { name: 'a ServiceError with problems', error: new ServiceError('not saved', problems), kind: 'needs-action', status: 422, problems },
    { name: 'a configuration error', error: new InvalidInstanceError(problems), kind: 'needs-action', status: 422, problems },
    { name: 'a SecretStoreError', error: new SecretStoreError('secrets are read-only with --secrets env: set CRM_EVENT_POLLER_SECRET_X_TOKEN'), kind: 'needs-action', status: 422 },
    { name: 'an unreachable keychain', error: keychainUnreachable('no D-Bus session'), kind: 'needs-action', status: 422 },
    { name: 'a bug', error: new RangeError('Invalid time value'), kind: 'internal', status: 500 },
  ];
  for (const { name, error, kind, status, problems: expectedProblems } of cases) {
    it(`carries ${name} as ${kind} (HTTP ${status}) to the window, the same over IPC`, async () => {
      failure = () => {
        throw error;
      };
      const { ipc, http } = await transports.call('getInstance', [1]);
      expect(http.status).toBe(status);
      expect(http.reply).toEqual(ipc);
      const [overIpc, overHttp] = [thrownBy(ipc), thrownBy(http.reply)];
      expect(overIpc).toMatchObject({ kind, message: error.message, problems: expectedProblems ?? [] });
      expect(overHttp).toMatchObject({ kind: overIpc.kind, message: overIpc.message, problems: overIpc.problems });
    });
  }

  it('refuses arguments the contract does not take the same way, before the service sees them', async () => {
    failure = () => {
      throw new Error('the service was called');
    };
    const { ipc, http } = await transports.call('getInstance', ['seven']);
    expect(http.status).toBe(400);
    expect(ipc).toEqual({ ok: false, kind: 'invalid-request', error: expect.stringMatching(/^getInstance: argument 0/) });
    expect(http.reply).toEqual(ipc);
  });

  it('takes a draft where an instance id goes (Try before saving), and refuses a malformed one before the service', async () => {
    const calls: unknown[][] = [];
    const draftService = { ...service, testConnection: async (...args: unknown[]) => (calls.push(args), { ok: true, message: 'connected' }) } as unknown as PollerApi & PushSource;
    const dispatcher = new ApiDispatcher(draftService);
    const draft = { id: 3, document: { element: { key: 'generic' } }, secrets: { token: 't' } };
    expect(await dispatcher.call('testConnection', [draft])).toEqual({ ok: true, value: { ok: true, message: 'connected' } });
    expect(await dispatcher.call('testConnection', [3])).toMatchObject({ ok: true });
    expect(calls).toEqual([[draft], [3]]);
    for (const malformed of [{ ...draft, secrets: { token: 42 } }, { ...draft, password: 'x' }, { id: 'three', document: {} }]) {
      expect(await dispatcher.call('testConnection', [malformed])).toMatchObject({ ok: false, kind: 'invalid-request' });
    }
    expect(calls).toHaveLength(2);
  });

  it('answers a call without a result with null over both (IPC has no undefined)', async () => {
    failure = () => undefined;
    const { ipc, http } = await transports.call('deleteInstance', [1]);
    expect(ipc).toEqual({ ok: true, value: null });
    expect(http).toEqual({ status: 200, reply: ipc });
  });
});

describe('a real failure of the app over both transports', () => {
  let app: Application;
  let transports: Transports;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir('cep-dispatcher-');
    // A keychain that cannot be reached (failure injected): saving a document with a secret in it fails there.
    const empty = openSecretStore('env', { env: {}, knownKeys: SECRET_KEYS });
    const locked: SecretStore = {
      kind: 'keychain',
      get: (instance, key) => empty.get(instance, key),
      set: async () => Promise.reject(keychainUnreachable('no D-Bus session')),
      delete: (instance, key) => empty.delete(instance, key),
      listKeys: (instance) => empty.listKeys(instance),
      deleteInstance: (instance) => empty.deleteInstance(instance),
      check: () => empty.check(),
      howToSet: (instance, key) => empty.howToSet(instance, key),
      ownKey: (name, make) => empty.ownKey(name, make),
    };
    app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: locked, service: { version: '0.0.0-test', transport: 'http', dataDir } });
    transports = await new Transports(app.service).start(staticRoot);
  });

  afterAll(async () => {
    await transports.stop();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a SecretStoreError is 422 over serve and needs-action over IPC, with the same message', async () => {
    const document = { element: { key: 'generic' }, name: 'Locked', configuration: { 'base.url': 'https://api.example.com', 'auth.type': 'bearer', token: 'a-token', 'event.poller.configuration': {} } };
    const { ipc, http } = await transports.call('createInstance', [document]);
    expect(http.status).toBe(422);
    expect(ipc).toMatchObject({ ok: false, kind: 'needs-action', error: expect.stringMatching(/^The OS keychain is not reachable/) });
    expect(http.reply).toEqual(ipc);
    expect(JSON.stringify(ipc)).not.toContain('a-token');
  });
});

describe('pushed topics', () => {
  let app: Application;
  let dataDir: string;
  const errors: unknown[] = [];

  beforeAll(() => {
    dataDir = tempDataDir('cep-dispatcher-push-');
    app = startApplication({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env: {} }), service: { version: '0.0.0-test', transport: 'ipc', dataDir } });
  });
  afterEach(() => {
    errors.length = 0;
  });
  afterAll(async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const listenersOnService = () => PUSH_TOPICS.map((topic) => app.service.listenerCount(topic));

  it('reach every listener over one subscription to the service, which ends with the last listener', () => {
    const before = listenersOnService();
    const dispatcher = new ApiDispatcher(app.service);
    const received: PushMessage[][] = [[], [], []];
    const stops = received.map((messages) => dispatcher.subscribe((...message) => messages.push(message)));
    expect(listenersOnService()).toEqual(before.map((count) => count + 1));
    app.service.emit('open-view', { view: 'events', instanceId: 7 });
    expect(received).toEqual([0, 1, 2].map(() => [['open-view', { view: 'events', instanceId: 7 }]]));
    stops[0]?.();
    app.service.emit('events-added', { instanceId: 7, count: 2 });
    expect(received.map((messages) => messages.length)).toEqual([1, 2, 2]);
    stops[1]?.();
    stops[2]?.();
    expect(listenersOnService()).toEqual(before);
    const again: PushMessage[] = [];
    const stop = dispatcher.subscribe((...message) => again.push(message));
    app.service.emit('delivery-changed', { id: 4, state: 'delivered' });
    expect(again).toEqual([['delivery-changed', { id: 4, state: 'delivered' }]]);
    stop();
  });

  it('keep going past a listener that throws: the others get the topic, the service never sees the error', () => {
    const dispatcher = new ApiDispatcher(app.service, { onListenerError: (error, topic) => errors.push([topic, (error as Error).message]) });
    const received: PushMessage[] = [];
    const stopFailing = dispatcher.subscribe(() => {
      throw new Error('An object could not be cloned.');
    });
    const stop = dispatcher.subscribe((...message) => received.push(message));
    expect(() => app.service.emit('events-added', { instanceId: 1, count: 1 })).not.toThrow();
    expect(received).toEqual([['events-added', { instanceId: 1, count: 1 }]]);
    expect(errors).toEqual([['events-added', 'An object could not be cloned.']]);
    stopFailing();
    stop();
  });
});
