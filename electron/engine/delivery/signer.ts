/**
 * Signatures over the exact body bytes: Cloud Elements' `Elements-Webhook-Signature` and the
 * Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export interface SigningKeys {
  /** `event.notification.signature.key`: any text, used as UTF-8. */
  signatureKey?: string;
  /** `event.notification.standardwebhooks.secret`: `whsec_` + base64 of the key bytes. */
  standardWebhooksSecret?: string;
}

/** A key that cannot be used; the user must change the instance's secret. */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** `sha256=<base64 HMAC-SHA256(key as UTF-8, body)>`. */
export function elementsSignature(key: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', keyObject(`e:${key}`, () => Buffer.from(key, 'utf8'))).update(body).digest('base64')}`;
}

/** Key objects by secret: making one per request costs more than the HMAC of a small body. */
const KEYS = new Map<string, KeyObject>();

function keyObject(cacheKey: string, bytes: () => Buffer): KeyObject {
  let key = KEYS.get(cacheKey);
  if (!key) {
    if (KEYS.size >= 64) KEYS.clear();
    KEYS.set(cacheKey, (key = createSecretKey(bytes())));
  }
  return key;
}

const WHSEC_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key bytes of a `whsec_…` secret (the prefix is optional, as in the reference library). */
export function standardWebhooksKey(secret: string): Buffer {
  const encoded = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw new SigningKeyError('the Standard Webhooks secret is not "whsec_" followed by base64; copy it again from the receiver, or generate one with: echo "whsec_$(openssl rand -base64 32)"');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 24) throw new SigningKeyError(`the Standard Webhooks secret holds ${key.length} bytes; use at least 24 (e.g. echo "whsec_$(openssl rand -base64 32)")`);
  return key;
}

/** `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`. */
export function standardWebhooksSignature(key: Buffer | KeyObject, messageId: string, timestampSeconds: number, body: Buffer | string): string {
  const mac = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

/**
 * The headers for one attempt. `webhook-id` (the receiver's idempotency key, the same on every
 * retry) and `webhook-timestamp` (the attempt's own) are always sent; the signatures when their key is set.
 */
export function signatureHeaders(keys: SigningKeys, messageId: string, body: Buffer, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = { 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'Elements-Webhook-Id': messageId };
  if (keys.signatureKey) headers['Elements-Webhook-Signature'] = elementsSignature(keys.signatureKey, body);
  if (keys.standardWebhooksSecret) {
    const secret = keys.standardWebhooksSecret;
    headers['webhook-signature'] = standardWebhooksSignature(keyObject(`s:${secret}`, () => standardWebhooksKey(secret)), messageId, timestamp, body);
  }
  return headers;
}
