/** Which secrets an instance's editor offers, with whether each is stored (never the value). */
import type { CredentialField } from '../../../shared/api.ts';
import { CALLBACK_USER_INFO_KEY } from '../../../shared/config/callbackUrl.ts';
import { findElement, knownKeys } from '../../../shared/config/elements.ts';
import { AUTH_KEYS, AUTH_TYPES, type AuthType } from '../../../shared/config/generic.ts';
import type { InstanceDocument } from './instanceDraft.ts';

function savedMap(stored: readonly CredentialField[]): Map<string, boolean> {
  return new Map(stored.map((field) => [field.key, field.saved]));
}

/** The connector's secrets; for the generic element only those of its auth type (and any stored). */
export function connectionSecrets(document: InstanceDocument, stored: readonly CredentialField[]): CredentialField[] {
  const saved = savedMap(stored);
  const authType = String(document.configuration['auth.type'] ?? 'none');
  const wanted = document.element.key === 'generic' && (AUTH_TYPES as readonly string[]).includes(authType) ? new Set(AUTH_KEYS[authType as AuthType].secrets) : undefined;
  return (findElement(document.element.key)?.connectionKeys ?? [])
    .filter((key) => key.secret && (!wanted || wanted.has(key.key) || saved.get(key.key)))
    .map((key) => ({ key: key.key, label: key.label, saved: saved.get(key.key) ?? false }));
}

/** The secrets of the callbacks: the signature key and the Standard Webhooks secret. */
export function notificationSecrets(stored: readonly CredentialField[]): CredentialField[] {
  const saved = savedMap(stored);
  return knownKeys(undefined)
    .filter((key) => key.secret)
    .map((key) => ({ key: key.key, label: key.label, saved: saved.get(key.key) ?? false }));
}

/** What each callback secret does, shown under its field. */
export const NOTIFICATION_SECRET_HINTS: Record<string, string> = {
  'event.notification.signature.key': 'Signs each callback (Elements-Webhook-Signature). Write-only.',
  'event.notification.standardwebhooks.secret': 'Adds Standard Webhooks headers (webhook-signature). Write-only.',
  [CALLBACK_USER_INFO_KEY]: "Sent as HTTP Basic auth, to the callback URL's origin only. A URL saved as https://user:pass@host/… has its user info moved here. Write-only.",
};
