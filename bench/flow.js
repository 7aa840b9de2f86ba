// Flow-controlled sending (W3C bufferedAmount / bufferedAmountLowThreshold, as applications do)
// and counting at the receiver: the core of the throughput, message rate and long-path metrics.
'use strict';

/** By default the sender keeps at most 2 MiB queued and resumes when the queue falls to 512 KiB. */
const WATER_MARKS = { high: 2 * 1024 * 1024, low: 512 * 1024 };
/** If 'bufferedamountlow' never comes, bufferedAmount is looked at again after this long. */
const RECHECK_MS = 50;

const byteLength = (data) => (typeof data === 'string' ? Buffer.byteLength(data) : (data.byteLength ?? data.length));

/** Counts what arrives on `channel`: { bytes, messages, lastAt (performance.now()) }. */
function countIncoming(channel) {
  const count = { bytes: 0, messages: 0, lastAt: 0 };
  channel.binaryType = 'arraybuffer';
  channel.addEventListener('message', (event) => {
    count.bytes += byteLength(event.data);
    count.messages += 1;
    count.lastAt = performance.now();
  });
  return count;
}

/**
 * Sends `payload` on `channel` until `shouldStop(sentBytes)` holds or `deadline`
 * (performance.now()) passes, never queueing more than `marks.high` and waiting for
 * 'bufferedamountlow' at `marks.low`. Resolves with { sentBytes, sentMessages, rechecks }
 * (rechecks: waits that ended without the event).
 */
function sendFlowControlled(channel, payload, shouldStop, deadline, marks = WATER_MARKS) {
  const size = payload.byteLength;
  let sentBytes = 0;
  let sentMessages = 0;
  let rechecks = 0;
  channel.bufferedAmountLowThreshold = marks.low;
  return new Promise((resolve, reject) => {
    let timer = null;
    const finish = (error) => {
      clearTimeout(timer);
      channel.removeEventListener('bufferedamountlow', onLow);
      if (error) reject(error);
      else resolve({ sentBytes, sentMessages, rechecks });
    };
    const pump = () => {
      timer = null;
      try {
        // A burst is bounded by marks.high even if bufferedAmount lags behind send().
        let burst = 0;
        for (;;) {
          if (shouldStop(sentBytes) || performance.now() >= deadline) return finish();
          if (burst >= marks.high || channel.bufferedAmount >= marks.high) break;
          channel.send(payload);
          burst += size;
          sentBytes += size;
          sentMessages += 1;
        }
        if (channel.readyState !== 'open') return finish(new Error(`channel became ${channel.readyState}`));
        if (channel.bufferedAmount <= marks.low) timer = setTimeout(pump, 0);
        else timer = setTimeout(recheck, RECHECK_MS);
      } catch (error) {
        finish(error);
      }
    };
    const recheck = () => {
      rechecks += 1;
      pump();
    };
    function onLow() {
      if (timer === null) return;
      clearTimeout(timer);
      pump();
    }
    channel.addEventListener('bufferedamountlow', onLow);
    pump();
  });
}

module.exports = { countIncoming, sendFlowControlled };
