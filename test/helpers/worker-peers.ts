// Runs in a worker_thread for test/e2e/worker.test.ts: the addon loads in this second Node
// environment, two peers exchange a message, close, and the worker then ends by itself.
import { parentPort } from 'node:worker_threads';
import { exchange } from './channels';
import { asPeer, createPeer } from './nodertc';
import { connectPair } from './pairs';

async function main(): Promise<void> {
  const a = createPeer();
  const b = createPeer();
  const { x, y, link } = await connectPair(asPeer(a), asPeer(b));
  await exchange(x, y, ['from a worker']);
  link.stop();
  a.close();
  b.close();
  parentPort?.postMessage({ exchanged: true });
}

main().catch((error: Error) => parentPort?.postMessage({ error: error.stack ?? error.message }));
