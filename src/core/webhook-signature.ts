/**
 * The one signature scheme of every Bulwark webhook (server notifications, runtime alerts), GitHub's:
 * `X-Bulwark-Signature: sha256=<hex HMAC-SHA256 of the exact body>`, so a receiver verifies them all alike.
 */
import { createHmac } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-bulwark-signature';

export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
