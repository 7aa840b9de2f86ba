// throughput: 256 MiB over one ordered reliable channel, flow-controlled, in 16 KiB and in
// 64 KiB messages; MB/s (10^6 bytes) at the receiver and CPU seconds (whole process, both
// peers) per GB (10^9 bytes) moved.
'use strict';
const { connectPair } = require('../signaling');
const { countIncoming, sendFlowControlled } = require('../flow');
const { waitFor } = require('../wait');

const MiB = 1024 * 1024;

function throughputCase(kib) {
  const rate = `throughput ${kib} KiB`;
  const cpu = `CPU per GB, ${kib} KiB`;
  return {
    metric: 'throughput',
    name: rate,
    rows: [
      { key: rate, unit: 'MB/s', better: 'higher', digits: 1 },
      { key: cpu, unit: 's/GB', better: 'lower', digits: 2 },
    ],
    timeoutMs: () => 300000,
    async run({ create, quick }) {
      const total = (quick ? 32 : 256) * MiB;
      const payload = Buffer.alloc(kib * 1024, 0x5a);
      const pair = await connectPair(create);
      const received = countIncoming(pair.y);
      const limitMs = 240000;
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      const sent = await sendFlowControlled(pair.x, payload, (bytes) => bytes >= total, start + limitMs);
      if (sent.sentBytes < total) throw new Error(`sent only ${sent.sentBytes} of ${total} bytes in ${limitMs} ms`);
      await waitFor(() => received.bytes >= total, 60000, `${total} bytes at the receiver (have ${received.bytes})`);
      const seconds = (received.lastAt - start) / 1000;
      const cpuUsed = process.cpuUsage(cpuBefore);
      const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
      pair.close();
      if (received.messages !== sent.sentMessages) {
        throw new Error(`received ${received.messages} messages, sent ${sent.sentMessages}`);
      }
      return {
        values: { [rate]: total / 1e6 / seconds, [cpu]: cpuSeconds / (total / 1e9) },
        details: { bytes: total, seconds, cpuSeconds, rechecks: sent.rechecks },
      };
    },
  };
}

module.exports = [throughputCase(16), throughputCase(64)];
