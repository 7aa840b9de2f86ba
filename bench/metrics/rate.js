// message rate: 100-byte messages, flow-controlled, sent for a fixed time; messages per second
// at the receiver (from the first send to the last arrival).
'use strict';
const { connectPair } = require('../signaling');
const { countIncoming, sendFlowControlled } = require('../flow');
const { waitFor } = require('../wait');

const KEY = 'message rate, 100 B';
const DRAIN_MS = 10000;
// 2,600 messages queued at most: a 2 MiB queue of 100-byte messages stalls werift's event loop.
const MARKS = { high: 256 * 1024, low: 64 * 1024 };

module.exports = [
  {
    metric: 'rate',
    name: KEY,
    rows: [{ key: KEY, unit: 'msg/s', better: 'higher', digits: 0 }],
    timeoutMs: () => 120000,
    async run({ create, quick }) {
      const sendMs = quick ? 1000 : 5000;
      const payload = Buffer.alloc(100, 0x5a);
      const pair = await connectPair(create);
      const received = countIncoming(pair.y);
      const start = performance.now();
      const sent = await sendFlowControlled(pair.x, payload, () => false, start + sendMs, MARKS);
      // Every message, or what came within DRAIN_MS after the last send (a lossy or stuck
      // receiver still yields its rate; the shortfall is in the details).
      await waitFor(() => received.messages >= sent.sentMessages, DRAIN_MS, 'the last messages').catch(() => undefined);
      const seconds = (received.lastAt - start) / 1000;
      pair.close();
      return {
        values: { [KEY]: received.messages / seconds },
        details: { sent: sent.sentMessages, received: received.messages, seconds, rechecks: sent.rechecks },
      };
    },
  },
];
