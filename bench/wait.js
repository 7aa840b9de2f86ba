// Waits that always end: every one takes a timeout and rejects with what it waited for.
'use strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` every `everyMs` until it holds; rejects after `timeoutMs`. */
async function waitFor(predicate, timeoutMs, what = 'condition', everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (predicate()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The next `type` event on `target` for which `accept` holds; rejects after `timeoutMs`. */
function waitForEvent(target, type, timeoutMs, accept = () => true) {
  return new Promise((resolve, reject) => {
    const listener = (event) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event);
    };
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${type}'`));
    }, timeoutMs);
    target.addEventListener(type, listener);
  });
}

/** Resolves when `channel` is open (at once if it already is). */
async function channelOpen(channel, timeoutMs) {
  if (channel.readyState !== 'open') await waitForEvent(channel, 'open', timeoutMs);
}

/** `promise`, or a rejection naming `what` after `timeoutMs`. */
function withTimeout(promise, timeoutMs, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

module.exports = { sleep, waitFor, waitForEvent, channelOpen, withTimeout };
