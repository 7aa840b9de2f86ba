// The addon is context-aware: it loads in worker_threads beside the main thread's instance, and a
// worker whose connections are closed ends by itself.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { exchange } from '../helpers/channels';
import { asPeer, createPeer } from '../helpers/nodertc';
import { connectPair } from '../helpers/pairs';

const HELPERS = join(__dirname, '..', 'helpers');

function runWorker(timeoutMs: number): Promise<{ messages: unknown[]; code: number }> {
  const source = `require(${JSON.stringify(join(HELPERS, 'ts-register.js'))});
require(${JSON.stringify(join(HELPERS, 'worker-peers.ts'))});`;
  const worker = new Worker(source, { eval: true });
  const messages: unknown[] = [];
  worker.on('message', (message) => messages.push(message));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`worker still running after ${timeoutMs} ms: ${JSON.stringify(messages)}`));
    }, timeoutMs);
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ messages, code });
    });
  });
}

test('two workers and the main thread each run connections, and each worker exits by itself', async () => {
  const a = createPeer();
  const b = createPeer();
  try {
    const workers = Promise.all([runWorker(20000), runWorker(20000)]);
    const { x, y, link } = await connectPair(asPeer(a), asPeer(b));
    await exchange(x, y, ['from the main thread']);
    link.stop();
    for (const run of await workers) {
      expect(run.messages).toEqual([{ exchanged: true }]);
      expect(run.code).toBe(0);
    }
  } finally {
    a.close();
    b.close();
  }
}, 30000);
