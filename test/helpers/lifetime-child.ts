// A child process for test/e2e/lifetime.test.ts. It prints one JSON object per line and must
// then exit by itself (nothing keeps a Node process alive once its connections are closed).
//   pairs N   opens N connection pairs at once, moves data on each, closes them all
//   gc        drops every reference to one peer of an open pair, collects garbage, checks that
//             peer still answers, then closes both and checks the closed peer can be collected
import { exchange } from './channels';
import { expectSameMessage, payload } from './data';
import { asPeer, createPeer } from './nodertc';
import { connectPair } from './pairs';

function report(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const collect = (global as { gc?: () => void }).gc;

async function collectGarbage(rounds = 5): Promise<void> {
  if (!collect) throw new Error('run with --expose-gc');
  for (let i = 0; i < rounds; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function pairs(count: number): Promise<void> {
  const open: Array<{ close(): void }> = [];
  const batch = 10;
  for (let first = 0; first < count; first += batch) {
    const size = Math.min(batch, count - first);
    await Promise.all(
      Array.from({ length: size }, async () => {
        const a = createPeer();
        const b = createPeer();
        open.push(a, b);
        const { x, y, link } = await connectPair(asPeer(a), asPeer(b));
        await exchange(x, y, ['ping', payload(1024)]);
        await exchange(y, x, ['pong', payload(1024)]);
        link.stop();
      }),
    );
  }
  report({ event: 'open', pairs: count });
  for (const pc of open) pc.close();
  for (const pc of open) pc.close(); // a second close() is a no-op
  report({ event: 'closed', at: Date.now() });
}

/** Connects `a` to a peer this function forgets; the peer echoes every message back. */
async function connectForgottenEcho(a: ReturnType<typeof createPeer>) {
  const b = createPeer();
  b.addEventListener('datachannel', (event: any) => {
    const channel = event.channel;
    channel.addEventListener('message', (message: { data: unknown }) => channel.send(message.data));
  });
  const { x, link } = await connectPair(asPeer(a), asPeer(b), { label: 'echo' });
  link.stop(); // the signaling listeners would otherwise keep b reachable from a
  return { x, forgotten: new WeakRef(b) };
}

async function gc(): Promise<void> {
  const a = createPeer();
  const { x, forgotten } = await connectForgottenEcho(a);
  await collectGarbage();
  const retained = forgotten.deref() !== undefined;
  const sent = ['one', payload(2000), 'three'];
  for (const data of sent) x.channel.send(data);
  const echoed = await x.take(sent.length, 5000);
  for (let i = 0; i < sent.length; i++) await expectSameMessage(sent[i], echoed[i]);
  report({ event: 'gc', retained, echoes: echoed.length });

  forgotten.deref()?.close();
  a.close();
  let released = false;
  for (let i = 0; i < 40 && !released; i++) {
    // A WeakRef's target stays alive until the job that called deref() ends: leave it first.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await collectGarbage(1);
    released = forgotten.deref() === undefined;
  }
  report({ event: 'closed', at: Date.now(), released });
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'pairs') await pairs(Number(arg ?? 100));
  else if (mode === 'gc') await gc();
  else throw new Error(`unknown mode ${mode}`);
}

main().catch((error) => {
  report({ event: 'error', message: String(error?.stack ?? error) });
  process.exit(1); // peers may still be open: do not wait for them
});
