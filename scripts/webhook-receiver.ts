import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * A local webhook receiver for trying Hutong's webhooks: prints each delivery and whether its
 * Standard Webhooks signature verifies with WEBHOOK_SECRET. Usage:
 *   WEBHOOK_SECRET=whsec_… npx tsx scripts/webhook-receiver.ts [port]   (default 4000, 127.0.0.1)
 */
const port = Number(process.argv[2] ?? 4000);
const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('Set WEBHOOK_SECRET to the secret POST /api/webhooks answered with.');
  process.exit(1);
}
const webhook = new Webhook(secret);

createServer((req, res) => {
  if (req.method !== 'POST') return void res.end('ready\n');
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    try {
      const payload = webhook.verify(body, req.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
      console.log(`verified ${req.headers['webhook-id']} ${payload.type} ${JSON.stringify(payload.data).slice(0, 160)}`);
      res.writeHead(204).end();
    } catch (error) {
      console.log(`REFUSED ${req.headers['webhook-id']}: ${(error as Error).message}`);
      res.writeHead(400).end();
    }
  });
}).listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/hooks`));
