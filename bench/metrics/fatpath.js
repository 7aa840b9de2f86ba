// long fat path: throughput through the impairment relay (relay.js) with 100 ms round-trip
// delay, then with the same delay and 1% loss; 64 KiB messages, flow-controlled, sent for a
// fixed time; MB/s (10^6 bytes) received during that time.
'use strict';
const { connectPair } = require('../signaling');
const { countIncoming, sendFlowControlled } = require('../flow');
const { Relay } = require('../relay-client');

const ONE_WAY_MS = 50;

function pathCase(name, loss) {
  return {
    metric: 'fatpath',
    name,
    rows: [{ key: name, unit: 'MB/s', better: 'higher', digits: 2 }],
    timeoutMs: () => 120000,
    async run({ create, quick }) {
      const sendMs = quick ? 4000 : 15000;
      const relay = new Relay(ONE_WAY_MS, loss);
      try {
        const pair = await connectPair(create, { rewrite: relay.rewrite, timeoutMs: 20000 });
        const received = countIncoming(pair.y);
        const payload = Buffer.alloc(64 * 1024, 0x5a);
        const start = performance.now();
        const sent = await sendFlowControlled(pair.x, payload, () => false, start + sendMs);
        const seconds = (performance.now() - start) / 1000;
        const bytes = received.bytes;
        const { forwarded, dropped, largest } = await relay.stats();
        pair.close();
        return {
          values: { [name]: bytes / 1e6 / seconds },
          details: { bytes, seconds, sentBytes: sent.sentBytes, relay: { forwarded, dropped, largest } },
        };
      } finally {
        relay.stop();
      }
    },
  };
}

module.exports = [pathCase('path 100 ms RTT', 0), pathCase('path 100 ms RTT, 1% loss', 0.01)];
