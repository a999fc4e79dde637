import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { HutongSandbox, WebhookEvent } from '../client/index.ts';

/** One message the receiver accepted: its signature verified with the endpoint's secret. */
export interface Delivery {
  /** webhook-id: the same on every retry of one message. */
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** A loopback receiver for one test: subscribe it, then wait for the messages you expect. */
export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hooks */
  url: string;
  /** Subscribes this receiver in the sandbox to `events`; deliveries are verified with the endpoint's secret. */
  subscribe(events: WebhookEvent[]): Promise<{ id: string }>;
  /** Verified messages, in the order they arrived, each once (retries of one webhook-id are dropped). */
  readonly deliveries: Delivery[];
  /** Messages whose signature did not verify (none, unless something is wrong). */
  readonly rejected: { headers: IncomingHttpHeaders; body: string }[];
  /** Resolves with the first delivery of `type` (and matching `where`), waiting up to `timeout` ms. */
  waitFor(type: string, options?: { where?: (delivery: Delivery) => boolean; timeout?: number }): Promise<Delivery>;
  close(): Promise<void>;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Starts a receiver on 127.0.0.1 (Hutong sends webhooks to loopback by default). */
export async function webhookReceiver(sandbox: HutongSandbox): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  const rejected: { headers: IncomingHttpHeaders; body: string }[] = [];
  const verifiers: Webhook[] = [];

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const signed = {
        'webhook-id': header(req.headers, 'webhook-id'),
        'webhook-timestamp': header(req.headers, 'webhook-timestamp'),
        'webhook-signature': header(req.headers, 'webhook-signature'),
      };
      const message = verifiers.map((verifier) => verifyWith(verifier, body, signed)).find((m) => m !== undefined);
      if (!message) {
        rejected.push({ headers: req.headers, body });
        return res.writeHead(400).end();
      }
      if (!deliveries.some((d) => d.id === signed['webhook-id'])) deliveries.push({ id: signed['webhook-id'], ...message });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the webhook receiver is not listening on a TCP port');
  const url = `http://127.0.0.1:${address.port}/hooks`;

  return {
    url,
    deliveries,
    rejected,
    async subscribe(events) {
      const endpoint = await sandbox.webhooks.create(url, events);
      verifiers.push(new Webhook(endpoint.secret));
      return { id: endpoint.id };
    },
    async waitFor(type, { where = () => true, timeout = 15_000 } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = deliveries.find((d) => d.type === type && where(d));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no ${type} webhook within ${timeout} ms; received: ${deliveries.map((d) => d.type).join(', ') || 'none'}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function verifyWith(verifier: Webhook, body: string, headers: Record<string, string>): Omit<Delivery, 'id'> | undefined {
  try {
    const message = verifier.verify(body, headers) as { type: string; timestamp: string; data: Record<string, unknown> };
    return { type: message.type, timestamp: message.timestamp, data: message.data };
  } catch {
    return undefined;
  }
}
