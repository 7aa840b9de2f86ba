// scale: connected pairs one process holds, opened one after another (the earlier ones stay
// open), before one more pair takes over 2 s to open; up to 1,000.
'use strict';
const { connectPair } = require('../signaling');

const KEY = 'pairs held';
const SLOW_MS = 2000;

module.exports = [
  {
    metric: 'scale',
    name: 'scale',
    rows: [{ key: KEY, unit: 'pairs', better: 'higher', digits: 0 }],
    timeoutMs: (quick) => (quick ? 120000 : 900000),
    async run({ create, quick, progress }) {
      const limit = quick ? 100 : 1000;
      const deadline = performance.now() + (quick ? 90000 : 720000);
      const pairs = [];
      let stop = `reached the limit of ${limit}`;
      let slowest = 0;
      let outOfTime = false;
      while (pairs.length < limit) {
        if (performance.now() > deadline) {
          outOfTime = true;
          stop = `ran out of time with ${pairs.length} pairs open`;
          break;
        }
        const start = performance.now();
        let pair;
        try {
          // Past SLOW_MS the answer is known: a little longer only to tell "slow" from "stuck".
          pair = await connectPair(create, { timeoutMs: SLOW_MS + 1000 });
        } catch (error) {
          stop = `pair ${pairs.length + 1} did not open: ${error.message}`;
          break;
        }
        const ms = performance.now() - start;
        if (ms > SLOW_MS) {
          pair.close();
          stop = `pair ${pairs.length + 1} took ${Math.round(ms)} ms`;
          break;
        }
        slowest = Math.max(slowest, ms);
        pairs.push(pair);
        progress({ [KEY]: pairs.length });
      }
      const held = pairs.length;
      for (const pair of pairs) pair.close();
      // At a limit of the bench (count or time) the library could have held more: "≥" in the table.
      const capped = held === limit || outOfTime;
      const note = held === limit ? undefined : stop;
      return { values: { [KEY]: held }, details: { stop, slowestMs: slowest, capped }, note };
    },
  },
];
