import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>` HMAC of the raw request body, as GitHub sends in X-Hub-Signature-256. */
export function signWebhookBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Verifies X-Hub-Signature-256 over the raw body bytes (never a re-serialised JSON). Constant-time comparison;
 * a missing, malformed or wrong signature, or an empty secret, is false.
 */
export function verifyWebhookSignature(secret: string, body: Buffer | string, header: string | undefined | null): boolean {
  if (!secret || typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signWebhookBody(secret, body).slice(7), 'hex');
  const given = Buffer.from(header.slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
