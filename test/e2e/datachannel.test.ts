// Two nodertc peers in one process: every channel option, every send type with every
// binaryType, message sizes up to 16 MiB, volume (100,000 messages, 1,000 channels), close from
// either side, bufferedamountlow and empty messages.
import { RTCPeerConnection } from '../../lib';
import { ChannelEnd, ChannelLike, closeAndCheck, exchange, openChannel } from '../helpers/channels';
import { bytesOf, describe as describeData, expectSameMessage, payload } from '../helpers/data';
import { asPeer, createPeer } from '../helpers/nodertc';
import { ConnectedPair, connectPair, Peer, PeerPool } from '../helpers/pairs';
import { waitFor, waitForEvent } from '../helpers/signaling';

const KiB = 1024;
const MiB = 1024 * KiB;

const pool = new PeerPool();
afterAll(() => pool.closeAll());

/** A connected nodertc pair, closed when the suite ends. */
async function nodertcPair(options: Record<string, unknown> = {}): Promise<ConnectedPair<Peer, Peer>> {
  const a = pool.add(asPeer(createPeer({}, options)));
  const b = pool.add(asPeer(createPeer({}, options)));
  return connectPair(a, b);
}

/** The pair most scenarios share; each scenario opens channels of its own on it. */
let shared: ConnectedPair<Peer, Peer>;
/** Labels of every 'datachannel' event the shared pair's answerer saw. */
const announced: string[] = [];

beforeAll(async () => {
  shared = await nodertcPair();
  shared.b.addEventListener('datachannel', (event: { channel: ChannelLike }) => announced.push(event.channel.label));
});

function open(label: string, init: Record<string, unknown> = {}): Promise<[ChannelEnd, ChannelEnd]> {
  return openChannel(shared.a, shared.b, label, { init });
}

/** Both ends' channel attributes match `expected` (compared as plain objects, named by end). */
function expectAttributes(x: ChannelEnd, y: ChannelEnd, expected: Record<string, unknown>): void {
  const attributes = ({ channel }: ChannelEnd) => {
    const { ordered, maxRetransmits, maxPacketLifeTime, protocol, negotiated } = channel;
    return { ordered, maxRetransmits, maxPacketLifeTime, protocol, negotiated };
  };
  expect({ local: attributes(x), remote: attributes(y) }).toMatchObject({ local: expected, remote: expected });
}

function indices(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i));
}

describe('channel options', () => {
  test('ordered (the default): attributes on both ends, messages in order both ways', async () => {
    const [x, y] = await open('ordered');
    const defaults = { ordered: true, maxRetransmits: null, maxPacketLifeTime: null, protocol: '', negotiated: false };
    expectAttributes(x, y, defaults);
    expect(x.channel.id).toBe(y.channel.id);
    await exchange(x, y, indices(200));
    await exchange(y, x, indices(200));
  });

  test('unordered with maxRetransmits 0: attributes on both ends, every message arrives', async () => {
    const [x, y] = await open('unordered', { ordered: false, maxRetransmits: 0 });
    expectAttributes(x, y, { ordered: false, maxRetransmits: 0, maxPacketLifeTime: null });
    const sent = indices(200);
    for (const data of sent) x.channel.send(data);
    // Loopback loses nothing; order is not promised, so compare as sets.
    expect([...(await y.take(sent.length))].sort()).toEqual([...sent].sort());
  });

  test('maxPacketLifeTime: attributes on both ends, messages arrive', async () => {
    const [x, y] = await open('lifetime', { maxPacketLifeTime: 1500 });
    expectAttributes(x, y, { ordered: true, maxPacketLifeTime: 1500, maxRetransmits: null });
    await exchange(x, y, ['a', payload(1000)]);
  });

  test('protocol is announced to the remote end', async () => {
    const [x, y] = await open('with-protocol', { protocol: 'chat.v2' });
    expectAttributes(x, y, { protocol: 'chat.v2' });
    expect(y.channel.label).toBe('with-protocol');
    await exchange(y, x, ['over chat.v2']);
  });

  test('negotiated on both sides with the same id: no datachannel event, data both ways', async () => {
    const [x, y] = await open('negotiated', { negotiated: true, id: 42 });
    expect([x.channel.id, y.channel.id]).toEqual([42, 42]);
    expectAttributes(x, y, { negotiated: true });
    await exchange(x, y, ['to b', payload(10)]);
    await exchange(y, x, ['to a', payload(10)]);
    expect(announced).not.toContain('negotiated');
  });
});

/** One thing to send, and how it should arrive: as a string or as these bytes. */
interface SendCase {
  name: string;
  make(): unknown;
}

function viewInto<T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T): () => T {
  // A view in the middle of a larger buffer: only the viewed bytes may be sent.
  return () => {
    return make(new Uint8Array(payload(64)).buffer, 8, 48);
  };
}

const sendCases: SendCase[] = [
  { name: 'string', make: () => 'text ✓ ünïcødé' },
  { name: 'Buffer', make: () => payload(300) },
  { name: 'ArrayBuffer', make: () => new Uint8Array(payload(300)).buffer },
  { name: 'Uint8Array view', make: viewInto((buf, off, len) => new Uint8Array(buf, off, len)) },
  { name: 'Int16Array view', make: viewInto((buf, off, len) => new Int16Array(buf, off, len / 2)) },
  { name: 'Float64Array view', make: viewInto((buf, off, len) => new Float64Array(buf, off, len / 8)) },
  { name: 'DataView', make: viewInto((buf, off, len) => new DataView(buf, off, len)) },
  { name: 'Blob', make: () => new Blob([new Uint8Array(payload(200)), 'tail']) },
];

const binaryTypes: Array<{ binaryType: string; is(data: unknown): boolean }> = [
  { binaryType: 'arraybuffer', is: (data) => data instanceof ArrayBuffer },
  { binaryType: 'blob', is: (data) => data instanceof Blob },
  { binaryType: 'nodebuffer', is: (data) => Buffer.isBuffer(data) },
];

describe.each(binaryTypes)("send types received with binaryType '$binaryType'", ({ binaryType, is }) => {
  let x: ChannelEnd;
  let y: ChannelEnd;

  beforeAll(async () => {
    [x, y] = await open(`binary-${binaryType}`);
    y.channel.binaryType = binaryType;
  });

  test.each(sendCases)('$name arrives intact and typed', async ({ name, make }) => {
    const sent = make();
    x.channel.send(sent);
    const [received] = await y.take(1);
    await expectSameMessage(sent, received);
    if (name === 'string') expect(typeof received).toBe('string');
    else if (!is(received)) throw new Error(`expected a ${binaryType} message, got ${describeData(received)}`);
  });
});

describe('message sizes', () => {
  let x: ChannelEnd;
  let y: ChannelEnd;

  beforeAll(async () => {
    [x, y] = await open('sizes');
  });

  test.each([
    ['1 B', 1],
    ['1 KiB', KiB],
    ['64 KiB', 64 * KiB],
    ['256 KiB', 256 * KiB],
  ])('%s binary both ways', async (_name, size) => {
    await exchange(x, y, [payload(size)]);
    await exchange(y, x, [payload(size)]);
  });

  test('256 KiB string', async () => {
    await exchange(x, y, ['é'.repeat(128 * KiB)]);
  });

  test('a message over the remote max-message-size throws TypeError and the channel stays open', async () => {
    expect(() => x.channel.send(payload(256 * KiB + 1))).toThrow(TypeError);
    expect(x.channel.readyState).toBe('open');
    await exchange(x, y, ['still open']);
  });

  test('16 MiB both ways when both peers advertise it', async () => {
    const big = await nodertcPair({ maxMessageSize: 16 * MiB });
    const sctp = (big.a as unknown as RTCPeerConnection).sctp;
    expect(sctp?.maxMessageSize).toBe(16 * MiB);
    await exchange(big.x, big.y, [payload(16 * MiB)], 20000);
    await exchange(big.y, big.x, [payload(16 * MiB)], 20000);
  }, 60000);
});

describe('volume', () => {
  test('100,000 ordered messages arrive in order', async () => {
    const [x, y] = await open('hundred-thousand');
    const total = 100000;
    let next = 0;
    let outOfOrder: string | undefined;
    y.channel.addEventListener('message', (event: { data: string }) => {
      if (event.data !== String(next) && outOfOrder === undefined) outOfOrder = `expected ${next}, got ${event.data}`;
      next++;
    });
    x.channel.bufferedAmountLowThreshold = 256 * KiB;
    for (let i = 0; i < total; i++) {
      if (x.channel.bufferedAmount > MiB) await waitForEvent(x.channel, 'bufferedamountlow', 10000);
      x.channel.send(String(i));
    }
    await waitFor(() => next >= total || outOfOrder !== undefined, 20000, `${total} messages (have ${next})`);
    expect(outOfOrder).toBeUndefined();
    expect(next).toBe(total);
  }, 60000);

  test('1,000 channels on one connection, each carrying its own message', async () => {
    const { a, b } = await nodertcPair();
    const count = 1000;
    const remote = new Map<string, ChannelEnd>();
    b.addEventListener('datachannel', (event: { channel: ChannelLike }) => {
      remote.set(event.channel.label, new ChannelEnd(event.channel));
    });
    const local: ChannelEnd[] = [];
    for (let i = 0; i < count; i++) local.push(new ChannelEnd(await a.createDataChannel(`c${i}`)));
    await waitFor(() => remote.size === count, 20000, `${count} datachannel events (have ${remote.size})`);
    await Promise.all(local.map((end) => end.opened(20000)));
    expect(new Set(local.map((end) => end.channel.id)).size).toBe(count);
    for (const end of local) end.channel.send(end.channel.label);
    for (const [label, end] of remote) expect(await end.take(1, 10000)).toEqual([label]);
  }, 60000);
});

describe('close', () => {
  test('closed by the offerer: the answerer sees closing, close and readyState closed', async () => {
    const [x, y] = await open('close-from-a');
    await closeAndCheck(x, y);
  });

  test('closed by the answerer: the offerer sees closing, close and readyState closed', async () => {
    const [x, y] = await open('close-from-b');
    await closeAndCheck(y, x);
  });
});

describe('flow', () => {
  test('bufferedamountlow fires once bufferedAmount falls to the threshold', async () => {
    const [x, y] = await open('buffered');
    const threshold = 64 * KiB;
    x.channel.bufferedAmountLowThreshold = threshold;
    const chunks = Array.from({ length: 16 }, () => payload(64 * KiB));
    const low = waitForEvent(x.channel, 'bufferedamountlow', 10000).then(() => x.channel.bufferedAmount);
    for (const chunk of chunks) x.channel.send(chunk);
    expect(x.channel.bufferedAmount).toBe(16 * 64 * KiB);
    expect(await low).toBeLessThanOrEqual(threshold);
    const received = await y.take(chunks.length);
    for (let i = 0; i < chunks.length; i++) await expectSameMessage(chunks[i], received[i]);
    await waitFor(() => x.channel.bufferedAmount === 0, 5000, 'bufferedAmount 0');
  });

  test('empty string and empty binary messages arrive as such', async () => {
    const [x, y] = await open('empty');
    x.channel.send('');
    x.channel.send(new Uint8Array(0));
    x.channel.send(new ArrayBuffer(0));
    x.channel.send('after');
    const [empty, emptyView, emptyBuffer, after] = await y.take(4);
    expect(empty).toBe('');
    expect((await bytesOf(emptyView)).length).toBe(0);
    expect((await bytesOf(emptyBuffer)).length).toBe(0);
    expect(after).toBe('after');
  });
});
