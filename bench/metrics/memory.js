// memory: what one more connected pair (one open channel) costs, in RSS and in JS heap, averaged
// over 50 pairs opened after a first pair has loaded the library and started its threads.
'use strict';
const { connectPair } = require('../signaling');
const { sleep } = require('../wait');

const RSS = 'RSS per pair';
const HEAP = 'JS heap per pair';

async function settledMemory() {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await sleep(200);
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

module.exports = [
  {
    metric: 'memory',
    name: 'memory',
    rows: [
      { key: RSS, unit: 'KiB', better: 'lower', digits: 0 },
      { key: HEAP, unit: 'KiB', better: 'lower', digits: 0 },
    ],
    timeoutMs: () => 300000,
    async run({ create, quick }) {
      const count = quick ? 10 : 50;
      const pairs = [await connectPair(create)];
      const before = await settledMemory();
      for (let i = 0; i < count; i++) pairs.push(await connectPair(create));
      await sleep(1000); // the handshakes' transient buffers are released
      const after = await settledMemory();
      for (const pair of pairs) pair.close();
      const perPair = (field) => (after[field] - before[field]) / 1024 / count;
      return {
        values: { [RSS]: perPair('rss'), [HEAP]: perPair('heapUsed') },
        details: { pairs: count, before, after },
      };
    },
  },
];
