// A UDP impairment relay between two peers, run as its own process (tc netem is not available):
// it adds a fixed one-way delay and drops a share of the datagrams, in both directions.
//
// Each real address X (a peer's candidate) gets a relay socket R(X), bound on X's IP, and the
// candidate is rewritten in signaling to point at R(X). A datagram from real address S arriving
// at R(T) leaves from R(S) to T: each peer sees the other at the relay address it was told, so
// ICE checks, consent freshness and keepalives pass through unchanged (a symmetric mapping).
//
//   node relay.js DELAY_MS LOSS      (forked; commands on the IPC channel)
//   → { type: 'map', id, address, port }   ← { type: 'mapped', id, port }
//   → { type: 'stats', id }                ← { type: 'stats', id, forwarded, dropped, largest }
'use strict';
const dgram = require('node:dgram');
const net = require('node:net');

const delayMs = Number(process.argv[2] ?? 0);
const loss = Number(process.argv[3] ?? 0);
const SOCKET_BUFFER = 8 * 1024 * 1024;

/** A fixed-seed generator, so every library meets the same drop pattern (mulberry32). */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(0x5eed);

const counters = { forwarded: 0, dropped: 0, largest: 0 };
/** "address|port" of a real address → its relay socket: { socket, bound, backlog }. */
const relays = new Map();
const keyOf = (address, port) => `${address}|${port}`;

/** The relay socket of real address `address`:`port`, made on first use. */
function relayFor(address, port) {
  const key = keyOf(address, port);
  let relay = relays.get(key);
  if (relay) return relay;
  const socket = dgram.createSocket({
    type: net.isIPv6(address) ? 'udp6' : 'udp4',
    recvBufferSize: SOCKET_BUFFER,
    sendBufferSize: SOCKET_BUFFER,
  });
  relay = { socket, bound: false, backlog: [], target: { address, port } };
  const self = relay;
  socket.on('error', () => {
    counters.dropped += 1;
  });
  socket.on('message', (data, from) => onDatagram(self, data, from));
  relay.listening = new Promise((resolve) => {
    socket.bind(0, address, () => {
      self.bound = true;
      for (const [data, to] of self.backlog.splice(0)) socket.send(data, to.port, to.address);
      resolve(socket.address().port);
    });
  });
  relays.set(key, relay);
  return relay;
}

// Datagrams wait in one FIFO: the delay is the same for all, so they leave in arrival order.
const queue = [];
let head = 0;
let timer = null;

function transmit(relay, data, to) {
  counters.forwarded += 1;
  counters.largest = Math.max(counters.largest, data.length);
  if (relay.bound) relay.socket.send(data, to.port, to.address);
  else relay.backlog.push([data, to]);
}

function drain() {
  timer = null;
  const now = performance.now();
  while (head < queue.length && queue[head].due <= now) {
    const { relay, data, to } = queue[head];
    queue[head++] = undefined;
    transmit(relay, data, to);
  }
  if (head === queue.length) {
    queue.length = 0;
    head = 0;
  } else {
    if (head > 4096) {
      queue.splice(0, head);
      head = 0;
    }
    timer = setTimeout(drain, Math.max(0, queue[head].due - now));
  }
}

/** A datagram from real address `from` reached the relay socket of real address relayTo.target. */
function onDatagram(relayTo, data, from) {
  if (loss > 0 && random() < loss) {
    counters.dropped += 1;
    return;
  }
  const out = relayFor(from.address, from.port);
  if (delayMs <= 0) {
    transmit(out, data, relayTo.target);
    return;
  }
  queue.push({ relay: out, data, to: relayTo.target, due: performance.now() + delayMs });
  if (timer === null) timer = setTimeout(drain, delayMs);
}

process.on('message', async (command) => {
  if (command.type === 'map') {
    const port = await relayFor(command.address, command.port).listening;
    process.send({ type: 'mapped', id: command.id, port });
  } else if (command.type === 'stats') {
    process.send({ type: 'stats', id: command.id, ...counters });
  }
});
// The bench process that forked the relay ended (or was killed): so does the relay.
process.on('disconnect', () => process.exit(0));
