import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '@mlci/core';

// GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
// → sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17
// (docs.github.com "Validating webhook deliveries").
describe('webhook signatures', () => {
  it('matches GitHub documented test vector', () => {
    expect(signWebhookBody("It's a Secret to Everybody", 'Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
    expect(verifyWebhookSignature("It's a Secret to Everybody", Buffer.from('Hello, World!'), 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')).toBe(true);
  });
  it('refuses missing, malformed, forged and re-serialised signatures', () => {
    const body = '{"action":"requested", "x":1}';
    const good = 'sha256=' + createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(verifyWebhookSignature('s3cret', body, good)).toBe(true);
    expect(verifyWebhookSignature('s3cret', body, undefined)).toBe(false);
    expect(verifyWebhookSignature('s3cret', body, 'sha1=' + good.slice(7))).toBe(false);
    expect(verifyWebhookSignature('s3cret', body, good.slice(0, -2))).toBe(false);
    expect(verifyWebhookSignature('other', body, good)).toBe(false);
    expect(verifyWebhookSignature('', body, good)).toBe(false);
    expect(verifyWebhookSignature('s3cret', JSON.stringify(JSON.parse(body)), good)).toBe(false);
  });
});
