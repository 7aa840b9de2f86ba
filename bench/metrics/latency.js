// latency: 32-byte ping-pong over one channel, one message in flight; round-trip time in µs.
'use strict';
const { connectPair } = require('../signaling');
const { median, quantile } = require('../stats');
const { withTimeout } = require('../wait');

const MEDIAN = 'RTT median, 32 B';
const P99 = 'RTT p99, 32 B';
const WARMUP = 100;

module.exports = [
  {
    metric: 'latency',
    name: 'latency',
    rows: [
      { key: MEDIAN, unit: 'µs', better: 'lower', digits: 0 },
      { key: P99, unit: 'µs', better: 'lower', digits: 0 },
    ],
    timeoutMs: () => 180000,
    async run({ create, quick }) {
      const pings = quick ? 1000 : 10000;
      const pair = await connectPair(create);
      pair.y.addEventListener('message', (event) => pair.y.send(event.data));
      pair.x.binaryType = 'arraybuffer';
      pair.y.binaryType = 'arraybuffer';
      let pong = null;
      pair.x.addEventListener('message', () => pong?.());
      const payload = Buffer.alloc(32, 0x5a);
      const rtts = [];
      for (let i = 0; i < WARMUP + pings; i++) {
        const echoed = new Promise((resolve) => {
          pong = resolve;
        });
        const start = process.hrtime.bigint();
        pair.x.send(payload);
        await withTimeout(echoed, 5000, `echo of ping ${i}`);
        if (i >= WARMUP) rtts.push(Number(process.hrtime.bigint() - start) / 1000);
      }
      pair.close();
      return { values: { [MEDIAN]: median(rtts), [P99]: quantile(rtts, 0.99) }, details: { pings } };
    },
  },
];
