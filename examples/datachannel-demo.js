#!/usr/bin/env node
// The demo `npm start` runs: two peer connections in this process, a chat message each way,
// then 64 MiB through a flow-controlled data channel, with a live status line. It exits by
// itself once both connections are closed.
'use strict';
const { RTCPeerConnection } = require('..');

const TOTAL = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;

function status(line) {
  process.stdout.write(`\r\x1b[K${line}`);
}

async function main() {
  // Non-standard second argument: gather on loopback, so the demo needs no network at all.
  const options = { interfaces: ['lo'] };
  const alice = new RTCPeerConnection({}, options);
  const bob = new RTCPeerConnection({}, options);
  alice.onicecandidate = ({ candidate }) => candidate && bob.addIceCandidate(candidate);
  bob.onicecandidate = ({ candidate }) => candidate && alice.addIceCandidate(candidate);

  const chat = alice.createDataChannel('chat');
  const bulk = alice.createDataChannel('bulk');
  const started = Date.now();
  bob.ondatachannel = ({ channel }) => {
    channel.binaryType = 'nodebuffer';
    if (channel.label === 'chat') {
      channel.onmessage = ({ data }) => {
        console.log(`bob   <- ${data}`);
        channel.send(`hello alice, ${channel.label} is open on stream ${channel.id}`);
      };
    } else {
      let bytes = 0;
      let messages = 0;
      channel.onmessage = ({ data }) => {
        bytes += data.length;
        messages += 1;
        if (bytes >= TOTAL) finish(bytes, messages);
      };
      const timer = setInterval(() => {
        const seconds = (Date.now() - started) / 1000;
        status(`${alice.connectionState} | ${(bytes / 1048576).toFixed(1)} MiB | ` +
          `${Math.round(messages / seconds)} msg/s | ${(bytes / seconds / 1e6).toFixed(1)} MB/s`);
      }, 200);
      const finish = (total, count) => {
        clearInterval(timer);
        const seconds = (Date.now() - started) / 1000;
        status(`${alice.connectionState} | ${(total / 1048576).toFixed(1)} MiB in ${count} messages, ` +
          `${(total / seconds / 1e6).toFixed(1)} MB/s\n`);
        alice.close();
        bob.close();
        console.log('closed both connections; the process exits by itself');
      };
    }
  };

  chat.onopen = () => chat.send('hello bob');
  chat.onmessage = ({ data }) => console.log(`alice <- ${data}`);
  bulk.onopen = () => {
    const payload = Buffer.alloc(CHUNK, 0x42);
    let sent = 0;
    bulk.bufferedAmountLowThreshold = 1 << 20;
    const fill = () => {
      while (sent < TOTAL && bulk.bufferedAmount < 4 << 20) {
        bulk.send(payload);
        sent += CHUNK;
      }
    };
    bulk.onbufferedamountlow = fill;
    fill();
  };
  alice.onconnectionstatechange = () => console.log(`alice connection: ${alice.connectionState}`);

  await alice.setLocalDescription();
  await bob.setRemoteDescription(alice.localDescription);
  await bob.setLocalDescription();
  await alice.setRemoteDescription(bob.localDescription);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
