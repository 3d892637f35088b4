import { createHmac } from 'node:crypto';
import { signatureHeader, signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures (HMAC-SHA256 over timestamp.body)', () => {
  const secret = 'whsec-0123456789abcdef';
  const body = JSON.stringify({ id: 'e1', type: 'call.created', payload: { title: '百色' } });

  it('is the HMAC-SHA256 of "<timestamp>.<body>" in hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(expected);
    expect(signatureHeader(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies the header it makes, and refuses another secret, an edited body or an old timestamp', () => {
    const now = 1_700_000_100;
    const header = signatureHeader(secret, 1_700_000_000, body);
    expect(verifyWebhook(secret, header, body, { now })).toBe(true);
    expect(verifyWebhook('whsec-another-secret-000', header, body, { now })).toBe(false);
    expect(verifyWebhook(secret, header, body.replace('百色', '南宁'), { now })).toBe(false);
    expect(verifyWebhook(secret, header, body, { now: 1_700_000_000 + 301 })).toBe(false);
    expect(verifyWebhook(secret, 'v1=abc', body, { now })).toBe(false);
  });
});
