/** Signatures checked against Cloud Elements' published test vector and the Standard Webhooks reference library. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { elementsSignature, signatureHeaders, SigningKeyError, standardWebhooksKey } from '../../../electron/engine/delivery/signer.ts';
import { WHSEC } from './support/setup.ts';

describe('signing', () => {
  it("matches Cloud Elements' test vector", () => {
    expect(elementsSignature('MySecretEventSignatureKey', '<INSERT_EVENT_NOTIFICATION_RESPONSE_BODY>')).toBe('sha256=jHdbRx5EZAsOfTwAPJOGkNUzQMVVdu5VJlxcsk+G6jQ=');
  });

  it('signs the exact UTF-8 bytes so the standardwebhooks library verifies them, and keeps the id', () => {
    const body = Buffer.from(JSON.stringify({ message: { name: 'Zoë Ünal — 東京', amount: 1e21 } }), 'utf8');
    const now = Date.now();
    const headers = signatureHeaders({ signatureKey: 'k€y', standardWebhooksSecret: WHSEC }, 'msg_abc', body, now);
    expect(headers['webhook-id']).toBe('msg_abc');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(WHSEC).verify(body.toString('utf8'), headers)).toEqual(JSON.parse(body.toString('utf8')));
    expect(headers['Elements-Webhook-Signature']).toBe(elementsSignature('k€y', body.toString('utf8')));
    expect(() => new Webhook(WHSEC).verify(`${body.toString('utf8')} `, headers)).toThrow(/No matching signature/);
  });

  it('sends only the id and timestamp without keys', () => {
    const headers = signatureHeaders({}, 'msg_x', Buffer.from('{}'), 0);
    expect(Object.keys(headers).sort()).toEqual(['Elements-Webhook-Id', 'webhook-id', 'webhook-timestamp']);
  });

  it('refuses a Standard Webhooks secret that is not base64 or too short, saying how to make one', () => {
    expect(() => standardWebhooksKey('whsec_not base64!')).toThrow(SigningKeyError);
    expect(() => standardWebhooksKey(`whsec_${Buffer.from('short').toString('base64')}`)).toThrow(/at least 24/);
    expect(standardWebhooksKey(WHSEC.slice('whsec_'.length))).toHaveLength(33);
  });
});
