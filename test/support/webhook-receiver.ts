import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** The message `got` carries, verified (Standard Webhooks) with `secret`; throws if no signature in its header matches. */
export function verifiedWith(secret: string, got: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(got.body, {
    'webhook-id': String(got.headers['webhook-id']),
    'webhook-timestamp': String(got.headers['webhook-timestamp']),
    'webhook-signature': String(got.headers['webhook-signature']),
  });
}

/** An HTTP receiver on 127.0.0.1 that records each POST and answers with `status` (settable). */
export async function webhookReceiver(port = 0): Promise<{
  url: string;
  received: ReceivedWebhook[];
  status: number;
  /** Headers sent with each answer (Retry-After, say). */
  headers: Record<string, string>;
  /** Accept each request and never answer it (a dead endpoint). */
  hang: boolean;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const receiver = {
    url: '',
    received,
    status: 200,
    headers: {} as Record<string, string>,
    hang: false,
    async waitFor(count: number, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`received ${received.length} webhooks, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      if (!receiver.hang) res.writeHead(receiver.status, receiver.headers).end(`answered ${receiver.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
