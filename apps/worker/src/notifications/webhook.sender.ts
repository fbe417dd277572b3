import { createHmac } from 'node:crypto';

/** What an office's webhook receives (a WhatsApp or Telegram gateway): the notice, never more than it says. */
export interface WebhookPayload {
  id: string;
  event: string;
  organizationId: string;
  recipient: { officialId: string; nip: string; name: string };
  title: string;
  body: string;
  link: string;
  confidential: boolean;
  createdAt: string;
}

/** `sha256=<hex>` of the raw body under the office's secret: the receiver recomputes it over the bytes it got. */
export function webhookSignature(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export class DeliveryFailure extends Error {
  /** permanent: retrying cannot help (the row is marked failed at once). */
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/**
 * POSTs the payload; any 2xx is delivered, anything else (3xx included: no redirects are followed)
 * is retried by the loop. The receiver dedupes on the payload's `id` (also X-Naskah-Delivery): a
 * send whose commit was lost is repeated. Errors name the status or the network code, never the
 * URL (it may hold a token) nor the secret.
 */
export async function postWebhook(url: string, secret: string, payload: WebhookPayload, timeoutMs: number): Promise<void> {
  const body = JSON.stringify(payload);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'naskah-webhook/1',
        'X-Naskah-Delivery': payload.id,
        'X-Naskah-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-Naskah-Signature': webhookSignature(body, secret),
      },
      body,
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError') throw new DeliveryFailure(`webhook: no answer within ${timeoutMs} ms`);
    throw new DeliveryFailure(`webhook: ${err.cause?.code ?? err.name}`);
  }
  await res.body?.cancel();
  if (res.status < 200 || res.status > 299) throw new DeliveryFailure(`webhook: HTTP ${res.status}`);
}
