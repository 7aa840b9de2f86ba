// The machine's physical reference: one-way UDP with 1,200-byte datagrams (a typical WebRTC
// packet) from one process to another over loopback, as fast as Node's dgram sends them (one
// datagram per send on a connected socket: a floor for what the kernel carries, since a native
// sender batches); MB/s (10^6 bytes) received. Inside the test namespace it goes 198.18.0.1 → 198.18.0.2 (routed over
// lo too), else 127.0.0.1 → 127.0.0.1.
//   node bench/udp-baseline.js [--seconds 3] [--json]
'use strict';
const dgram = require('node:dgram');
const { fork } = require('node:child_process');
const { inTestNamespace } = require('./network');
const { withTimeout } = require('./wait');

const DATAGRAM = 1200;
const IN_FLIGHT = 64;
const BUFFER = 8 * 1024 * 1024;

function receiver() {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: BUFFER });
  const count = { bytes: 0, datagrams: 0, firstAt: 0, lastAt: 0 };
  socket.on('message', (data) => {
    if (count.datagrams === 0) count.firstAt = performance.now();
    count.bytes += data.length;
    count.datagrams += 1;
    count.lastAt = performance.now();
  });
  socket.bind(0, process.argv[3], () => process.send({ port: socket.address().port }));
  process.on('message', () => process.send(count, () => process.exit(0)));
  process.on('disconnect', () => process.exit(0));
}

/** Sends for `seconds` with at most IN_FLIGHT sends pending; resolves with the datagrams sent. */
function blast(socket, seconds) {
  const payload = Buffer.alloc(DATAGRAM, 0x5a);
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  let pending = 0;
  return new Promise((resolve) => {
    const onSent = () => {
      pending -= 1;
      if (performance.now() < end) fill();
      else if (pending === 0) resolve(sent);
    };
    const fill = () => {
      while (pending < IN_FLIGHT) {
        pending += 1;
        sent += 1;
        socket.send(payload, onSent);
      }
    };
    fill();
  });
}

/** { sentMBps, receivedMBps, lossPercent, from, to } */
async function measure(seconds) {
  const [from, to] = inTestNamespace() ? ['198.18.0.1', '198.18.0.2'] : ['127.0.0.1', '127.0.0.1'];
  const child = fork(__filename, ['--receiver', to], { stdio: 'inherit' });
  try {
    const firstReply = () => new Promise((resolve) => child.once('message', resolve));
    const { port } = await withTimeout(firstReply(), 5000, 'UDP receiver to start');
    const socket = dgram.createSocket({ type: 'udp4', sendBufferSize: BUFFER });
    await new Promise((resolve) => socket.bind(0, from, resolve));
    await new Promise((resolve) => socket.connect(port, to, resolve));
    const start = performance.now();
    const datagrams = await withTimeout(blast(socket, seconds), seconds * 1000 + 10000, 'UDP send');
    const sendSeconds = (performance.now() - start) / 1000;
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reply = firstReply();
    child.send('report');
    const count = await withTimeout(reply, 5000, 'UDP receiver report');
    return {
      from,
      to,
      sentMBps: (datagrams * DATAGRAM) / 1e6 / sendSeconds,
      receivedMBps: count.bytes / 1e6 / ((count.lastAt - count.firstAt) / 1000),
      lossPercent: (100 * (datagrams - count.datagrams)) / datagrams,
    };
  } finally {
    child.kill();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const secondsAt = args.indexOf('--seconds');
  const seconds = secondsAt >= 0 ? Number(args[secondsAt + 1]) : 3;
  const result = await measure(seconds);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    console.log(
      `UDP ${DATAGRAM} B datagrams ${result.from} → ${result.to}: ` +
        `${result.receivedMBps.toFixed(1)} MB/s received (sent ${result.sentMBps.toFixed(1)} MB/s, ` +
        `${result.lossPercent.toFixed(2)}% lost)`,
    );
  }
}

if (process.argv[2] === '--receiver') {
  receiver();
} else if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { measure };
