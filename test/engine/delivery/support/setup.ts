/** An engine with a generic instance whose events go to a test receiver, signed with both kinds of key. */
import type { Engine } from '../../../../electron/engine/engine.ts';
import { RecordingNotifier } from '../../../../electron/engine/delivery/notifier.ts';
import type { DeliveryOverrides } from '../../../../electron/engine/delivery/options.ts';
import { secretEnvName } from '../../../../electron/engine/secrets/envStore.ts';
import type { StoredInstance } from '../../../../electron/engine/settings/settingsSchema.ts';
import { Engine as EngineClass } from '../../../../electron/engine/engine.ts';
import { openSecretStore } from '../../../../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../../../../electron/engine/settings/openConfSettings.ts';
import { itemsInstance, tempDataDir } from '../../support/harness.ts';

export const INSTANCE = 'Test API';
export const SIGNATURE_KEY = 'MySecretEventSignatureKey';
export const WHSEC = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;

/** Milliseconds instead of minutes and hours; generous timeouts so a loaded machine does not fail tests. */
export const FAST: DeliveryOverrides = {
  schedule: { delaysMs: [0, 40, 80, 160, 320, 640], jitter: 0.2 },
  timeoutMs: 2000,
  slowDownMs: 40,
  maxSlowDownMs: 400,
  leaseGraceMs: 500,
  maxTimerMs: 100,
};

export function signingEnv(name = INSTANCE): Record<string, string> {
  return {
    [secretEnvName(name, 'event.notification.signature.key')]: SIGNATURE_KEY,
    [secretEnvName(name, 'event.notification.standardwebhooks.secret')]: WHSEC,
  };
}

export interface Setup {
  engine: Engine;
  instance: StoredInstance;
  notifier: RecordingNotifier;
  dataDir: string;
}

export function openDeliveryEngine(
  dataDir: string,
  env: Record<string, string> = signingEnv(),
  options: { notice?: (message: string) => void } = {},
): { engine: Engine; notifier: RecordingNotifier } {
  const notifier = new RecordingNotifier();
  const engine = new EngineClass({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('env', { env }), notifier, notice: options.notice });
  return { engine, notifier };
}

/** A generic instance over the record server (epoch dates), with events on to `callbackUrl`. */
export function deliveringInstance(serverUrl: string, callbackUrl: string, name = INSTANCE): Record<string, unknown> {
  const document = itemsInstance(serverUrl, { pattern: 'milliseconds', pageSize: 50 }, name);
  const configuration = { ...(document.configuration as Record<string, unknown>), 'event.notification.enabled': true, 'event.notification.callback.url': callbackUrl };
  return { ...document, configuration };
}

export async function setupDelivery(serverUrl: string, callbackUrl: string, options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Setup> {
  const dataDir = options.dataDir ?? tempDataDir('cep-delivery-');
  const { engine, notifier } = openDeliveryEngine(dataDir, options.env);
  const { instance } = await engine.addInstance(deliveringInstance(serverUrl, callbackUrl));
  return { engine, instance, notifier, dataDir };
}

/** Rewrites the stored document as a hand edit would, without validation. */
export function editStoredCallback(engine: Engine, instance: StoredInstance, url: string): StoredInstance {
  const configuration = { ...(instance.document.configuration as Record<string, unknown>), 'event.notification.callback.url': url };
  return engine.instances.update(instance.id, { document: { ...instance.document, configuration } }, Date.now());
}
