import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, the Stripe/Svix way: HMAC-SHA256 with the webhook's secret over
 * `<timestamp>.<body>` (the timestamp in Unix seconds), sent as
 * `Kjflow-Signature: t=<timestamp>,v1=<hex>` beside `Kjflow-Timestamp`. Signing the timestamp
 * lets a receiver refuse old (replayed) requests; the body is signed byte for byte as sent.
 */
export const SIGNATURE_HEADER = 'kjflow-signature';
export const TIMESTAMP_HEADER = 'kjflow-timestamp';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signWebhook(secret, timestamp, body)}`;
}

/**
 * What a receiver does (and the tests): parse the header, recompute, compare in constant time,
 * and refuse a timestamp further than `toleranceSeconds` from `now`.
 */
export function verifyWebhook(
  secret: string,
  header: string,
  body: string,
  opts: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, t, body), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
