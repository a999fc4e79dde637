import { Worker } from 'node:worker_threads';

export interface BurstRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface BurstAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

// The worker sends every request at once and answers with the responses in the same order.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
Promise.all(workerData.requests.map(async (r) => {
  const res = await fetch(workerData.baseUrl + r.path, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual' });
  return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
})).then((answers) => parentPort.postMessage({ answers }), (error) => parentPort.postMessage({ error: String(error) }));
`;

/**
 * Sends `requests` all at once from another thread. A client in the test's own thread shares the
 * server's event loop (and is blocked by its fsync), so its requests never arrive together.
 */
export function burstFromAnotherThread(baseUrl: string, requests: BurstRequest[]): Promise<BurstAnswer[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { baseUrl, requests } });
    worker.once('message', (message: { answers?: BurstAnswer[]; error?: string }) => {
      void worker.terminate();
      if (message.answers) resolve(message.answers);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
}
