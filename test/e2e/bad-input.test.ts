// What nodertc does with bad input: a wrong fingerprint, garbage SDP, misuse of a channel,
// garbage candidates and garbage datagrams. Each must end in the W3C error or state, and
// nothing may break a connection that is otherwise healthy.
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { RTCPeerConnection } from '../../lib';
import { ChannelEnd, exchange } from '../helpers/channels';
import { payload } from '../helpers/data';
import { asPeer, createPeer } from '../helpers/nodertc';
import { connectPair, Peer, PeerPool } from '../helpers/pairs';
import { PeerLink, waitFor } from '../helpers/signaling';

const pool = new PeerPool();
afterEach(() => pool.closeAll());

function peer(): Peer {
  return pool.add(asPeer(createPeer()));
}

function nodertcOf(p: Peer): RTCPeerConnection {
  return p as unknown as RTCPeerConnection;
}

/** Changes the first byte of the sha-256 fingerprint: same format, wrong certificate. */
function breakFingerprint(sdp: string): string {
  return sdp.replace(/(a=fingerprint:sha-256 )([0-9A-Fa-f]{2})/g, (_all, prefix: string, byte: string) => {
    const other = (parseInt(byte, 16) ^ 0xff).toString(16).toUpperCase().padStart(2, '0');
    return prefix + other;
  });
}

/** Stats entries of one type from a report (RTCStatsReport is a Map of id → stats). */
async function statsOf(pc: RTCPeerConnection, type: string): Promise<any[]> {
  const report = (await pc.getStats()) as unknown as Map<string, any>;
  return [...report.values()].filter((stats) => stats.type === type);
}

async function errorOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

test('a wrong fingerprint in the remote SDP: connectionState failed and no data', async () => {
  const a = peer();
  const b = peer();
  const announced: string[] = [];
  b.addEventListener('datachannel', (event: { channel: { label: string } }) => announced.push(event.channel.label));
  const x = new ChannelEnd(await a.createDataChannel('never'));
  const link = new PeerLink(a, b, { trickle: true, timeoutMs: 10000 });
  await link.negotiate(a, { offer: breakFingerprint });

  // b checks a's certificate against the (broken) fingerprint it was given.
  await waitFor(
    () => b.connectionState === 'failed',
    15000,
    () => `b's connectionState 'failed' (is '${b.connectionState}')`,
  );
  expect(a.connectionState).not.toBe('connected');
  expect(x.events).not.toContain('open');
  expect(x.channel.readyState).not.toBe('open');
  expect(announced).toEqual([]);
  link.stop();
});

test('garbage SDP: setRemoteDescription rejects with the W3C error and the peer stays usable', async () => {
  const a = peer();
  const b = peer();
  const error = await errorOf(b.setRemoteDescription({ type: 'offer', sdp: 'this is not\r\nan SDP\r\n' }));
  expect(error.name).toBe('OperationError');
  expect(error.errorDetail).toBe('sdp-syntax-error');
  expect(nodertcOf(b).signalingState).toBe('stable');
  expect(nodertcOf(b).remoteDescription).toBeNull();

  // A correct negotiation afterwards works.
  const { x, y } = await connectPair(a, b);
  await exchange(x, y, ['after garbage', payload(100)]);
  await exchange(y, x, ['back']);
});

test('an answer in the stable state is rejected with InvalidStateError', async () => {
  const a = peer();
  const b = peer();
  a.createDataChannel('x');
  const offer = await a.createOffer();
  const error = await errorOf(b.setRemoteDescription({ type: 'answer', sdp: offer.sdp }));
  expect(error.name).toBe('InvalidStateError');
});

test('send before open and after close throws InvalidStateError', async () => {
  const lonely = nodertcOf(peer());
  const connecting = lonely.createDataChannel('connecting');
  expect(connecting.readyState).toBe('connecting');
  expect(() => connecting.send('too early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));

  const { x, y } = await connectPair(peer(), peer());
  x.channel.close();
  await Promise.all([x.closed(), y.closed()]);
  expect(() => x.channel.send('too late')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  expect(() => y.channel.send('too late')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
});

test.each([
  ['words', 'candidate:garbage'],
  ['a bad port', 'candidate:1 1 udp 2122260223 127.0.0.1 notaport typ host'],
  ['a missing field', 'candidate:1 udp 2122260223 127.0.0.1 5000 typ host'],
])('addIceCandidate with %s rejects with OperationError; the connection keeps working', async (_name, candidate) => {
  const { b, x, y } = await connectPair(peer(), peer());
  const error = await errorOf(b.addIceCandidate({ candidate, sdpMid: '0', sdpMLineIndex: 0 }));
  expect(error.name).toBe('OperationError');
  await exchange(x, y, ['still fine']);
});

test('garbage datagrams at the selected local port are discarded and counted', async () => {
  const { b, x, y } = await connectPair(peer(), peer());
  const pc = nodertcOf(b);
  const [transport] = await statsOf(pc, 'transport');
  const pair = (await statsOf(pc, 'candidate-pair')).find((stats) => stats.id === transport?.selectedCandidatePairId);
  const local = (await statsOf(pc, 'local-candidate')).find((stats) => stats.id === pair?.localCandidateId);
  if (!local) throw new Error("getStats() names no local-candidate of the transport's selected pair");
  const address: string = local.address ?? local.ip;
  const port: number = local.port;
  expect(isIP(address)).not.toBe(0);
  const discardedBefore: number = transport.packetsDiscarded;
  expect(typeof discardedBefore).toBe('number');

  const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
  const count = 500;
  try {
    for (let i = 0; i < count; i++) {
      // Every first byte (STUN, DTLS, RTP ranges and the rest), random length and content.
      const datagram = payload(1 + Math.floor(Math.random() * 1200));
      datagram[0] = i % 256;
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, port, address, (error) => (error ? reject(error) : resolve())),
      );
    }
  } finally {
    socket.close();
  }

  await exchange(x, y, ['after garbage', payload(4096)]);
  await exchange(y, x, ['and back']);
  let discarded = discardedBefore;
  await waitFor(
    async () => {
      discarded = (await statsOf(pc, 'transport'))[0].packetsDiscarded;
      return discarded - discardedBefore >= count;
    },
    5000,
    `${count} more discarded packets (have ${discarded - discardedBefore})`,
  );
  expect(b.connectionState).toBe('connected');
});
