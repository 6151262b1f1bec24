import { createHmac, randomBytes } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256 of "{timestamp}.{rawBody}">` (CONTRACT.md §6). */
export function signWebhook(secret: string, timestampSec: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSec}.${rawBody}`).digest('hex')}`;
}

/** A secret for a webhook created without one: 256 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
