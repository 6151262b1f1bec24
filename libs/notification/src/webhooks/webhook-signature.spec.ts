import { createHmac } from 'node:crypto';
import { signWebhook } from './webhook-signature';

describe('signWebhook', () => {
  it('is the hex HMAC-SHA256 of "{timestamp}.{rawBody}" under the secret, prefixed sha256=', () => {
    const body = '{"id":"e1","type":"alert.raised","occurredAt":"2026-11-25T10:00:00.000Z","data":{}}';
    const expected = createHmac('sha256', 'topsecret').update(`1764064800.${body}`).digest('hex');
    expect(signWebhook('topsecret', 1764064800, body)).toBe(`sha256=${expected}`);
  });

  it('changes when the timestamp or a byte of the body changes', () => {
    const a = signWebhook('s', 1, '{"a":1}');
    expect(signWebhook('s', 2, '{"a":1}')).not.toBe(a);
    expect(signWebhook('s', 1, '{"a":2}')).not.toBe(a);
  });
});
