// setup: new RTCPeerConnection pair → data channel open at both ends, one pair at a time.
'use strict';
const { connectPair } = require('../signaling');
const { median } = require('../stats');
const { sleep } = require('../wait');

module.exports = [
  {
    metric: 'setup',
    name: 'setup',
    rows: [
      { key: 'setup median', unit: 'ms', better: 'lower', digits: 1 },
      { key: 'setup max', unit: 'ms', better: 'lower', digits: 1 },
    ],
    timeoutMs: () => 120000,
    async run({ create, quick }) {
      const pairs = quick ? 5 : 20;
      const times = [];
      for (let i = 0; i < pairs; i++) {
        const start = performance.now();
        const pair = await connectPair(create);
        times.push(performance.now() - start);
        pair.close();
        await sleep(50); // let the closed pair's teardown pass before the next one starts
      }
      return { values: { 'setup median': median(times), 'setup max': Math.max(...times) }, details: { times } };
    },
  },
];
