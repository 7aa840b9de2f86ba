// Connects two W3C peer connections in one process: offer/answer, trickled candidates (only
// those on the test network, optionally rewritten on the way, e.g. to go through the relay),
// and one data channel open at both ends.
'use strict';
const { isTestCandidate, editCandidateLines } = require('./network');
const { channelOpen, waitForEvent, withTimeout } = require('./wait');

const CHANNEL_LABEL = 'bench';

/** The fields of an icecandidate event's candidate, as addIceCandidate takes them. */
function candidateInit(candidate) {
  if (typeof candidate.toJSON === 'function') return candidate.toJSON();
  const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
  return { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment };
}

/** The SDP with its candidate lines kept, dropped or rewritten by `edit` (async, in order). */
async function editSdp(sdp, edit) {
  const edited = new Map();
  for (const line of sdp.split('\r\n')) {
    if (line.startsWith('a=candidate:') && !edited.has(line)) edited.set(line, await edit(line.slice(2)));
  }
  return editCandidateLines(sdp, (line) => {
    const candidate = edited.get(line);
    return candidate === null ? null : `a=${candidate}`;
  });
}

/**
 * One direction of trickle: `from`'s candidates reach `to` once `to` has its remote description,
 * in the order they were gathered, each passed through `rewrite` (null drops it).
 */
class Trickle {
  constructor(from, to, rewrite, errors) {
    this.from = from;
    this.to = to;
    this.rewrite = rewrite;
    this.errors = errors;
    this.ready = false;
    this.waiting = [];
    this.chain = Promise.resolve();
    this.listener = (event) => this.onCandidate(event.candidate);
    from.addEventListener('icecandidate', this.listener);
  }

  flush() {
    this.ready = true;
    for (const init of this.waiting.splice(0)) this.deliver(init);
  }

  stop() {
    this.from.removeEventListener('icecandidate', this.listener);
  }

  onCandidate(candidate) {
    // A null candidate ends gathering: an empty candidate tells the peer.
    const init = candidate ? candidateInit(candidate) : { candidate: '' };
    if (!isTestCandidate(init.candidate)) return;
    if (this.ready) this.deliver(init);
    else this.waiting.push(init);
  }

  deliver(init) {
    this.chain = this.chain
      .then(async () => {
        const candidate = init.candidate === '' ? '' : await this.rewrite(init.candidate);
        if (candidate !== null) await this.to.addIceCandidate({ ...init, candidate });
      })
      .catch((error) => this.errors.push(error));
  }
}

/**
 * Creates peers a and b with `create()`, a channel on a, negotiates (a offers) and resolves once
 * the channel is open at both ends: { a, b, x: a's end, y: b's end, errors, close() }.
 */
async function connectPair(create, { timeoutMs = 10000, rewrite = async (c) => c, init = {} } = {}) {
  const a = create();
  const b = create();
  const errors = [];
  const toB = new Trickle(a, b, rewrite, errors);
  const toA = new Trickle(b, a, rewrite, errors);
  const close = () => {
    toA.stop();
    toB.stop();
    for (const pc of [a, b]) {
      try {
        Promise.resolve(pc.close()).catch(() => undefined);
      } catch {
        // a peer that failed half-way may throw on close: it is being dropped anyway
      }
    }
  };
  try {
    const far = waitForEvent(b, 'datachannel', timeoutMs, (event) => event.channel.label === CHANNEL_LABEL);
    far.catch(() => undefined);
    const x = a.createDataChannel(CHANNEL_LABEL, init);
    const outgoing = async (pc) => ({
      type: pc.localDescription.type,
      sdp: await editSdp(pc.localDescription.sdp, async (c) => (isTestCandidate(c) ? rewrite(c) : null)),
    });
    await withTimeout(
      (async () => {
        await a.setLocalDescription(await a.createOffer());
        await b.setRemoteDescription(await outgoing(a));
        toB.flush();
        await b.setLocalDescription(await b.createAnswer());
        await a.setRemoteDescription(await outgoing(b));
        toA.flush();
      })(),
      timeoutMs,
      'offer/answer',
    );
    const y = (await far).channel;
    await Promise.all([channelOpen(x, timeoutMs), channelOpen(y, timeoutMs)]);
    return { a, b, x, y, errors, close };
  } catch (error) {
    close();
    if (errors.length) error.message += ` (signaling: ${errors.map((e) => e.message).join('; ')})`;
    throw error;
  }
}

module.exports = { connectPair };
