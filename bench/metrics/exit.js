// exit: seconds from closing every connection to the end of the process. The child opens pairs,
// moves a message each way on each, closes them all (W3C close() only, no library-specific
// shutdown call) and tells the parent when; the parent times the child's exit.
'use strict';
const { connectPair } = require('../signaling');
const { waitForEvent } = require('../wait');

const KEY = 'exit after close';

async function pingBothWays(pair) {
  const atY = waitForEvent(pair.y, 'message', 5000);
  pair.x.send('ping');
  await atY;
  const atX = waitForEvent(pair.x, 'message', 5000);
  pair.y.send('pong');
  await atX;
}

module.exports = [
  {
    metric: 'exit',
    name: 'exit',
    rows: [{ key: KEY, unit: 's', better: 'lower', digits: 2 }],
    timeoutMs: () => 60000,
    /** The longest the parent waits for the exit before it kills the child. */
    exitLimitMs: 15000,
    async run({ create, quick }) {
      const count = quick ? 3 : 10;
      const pairs = [];
      for (let i = 0; i < count; i++) {
        const pair = await connectPair(create);
        await pingBothWays(pair);
        pairs.push(pair);
      }
      const closedAt = Date.now();
      for (const pair of pairs) pair.close();
      // The value is measured by the parent: from closedAt to the child's exit.
      return { closedAt, details: { pairs: count } };
    },
  },
];
