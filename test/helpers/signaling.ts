// Signaling for any two W3C-shaped peer connections (nodertc, werift, node-datachannel's
// polyfill, the Chromium proxy): offer/answer, trickled candidates, and waits that always end.
import { isTestCandidate, keepTestCandidates } from './network';

export interface Description {
  type: string;
  sdp: string;
}

export interface CandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** Anything with addEventListener: peers, channels, transports. */
export interface Target {
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
}

/** What signaling needs of a peer connection. */
export interface SignalingPeer extends Target {
  createOffer(): Promise<Description>;
  createAnswer(): Promise<Description>;
  setLocalDescription(description: Description): Promise<unknown>;
  setRemoteDescription(description: Description): Promise<unknown>;
  addIceCandidate(candidate: CandidateInit): Promise<unknown>;
  readonly localDescription: Description | null;
  readonly iceGatheringState: string;
  readonly connectionState: string;
}

/**
 * Polls `predicate` every 5 ms until it holds; rejects after `timeoutMs` naming `what` (a
 * function is called at the timeout, so it can describe the state things were left in).
 */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string) = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The next `type` event on `target` (for which `accept` holds); rejects after `timeoutMs`. */
export function waitForEvent<E = any>(
  target: Target,
  type: string,
  timeoutMs: number,
  accept: (event: E) => boolean = () => true,
): Promise<E> {
  return new Promise((resolve, reject) => {
    const listener = (event: E): void => {
      if (!accept(event)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event);
    };
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${type}' event`));
    }, timeoutMs);
    target.addEventListener(type, listener);
  });
}

/** Resolves when `peer.connectionState` is 'connected'; rejects at once on 'failed' or 'closed'. */
export async function waitForConnected(peer: SignalingPeer, timeoutMs = 10000): Promise<void> {
  await waitFor(
    () => {
      if (peer.connectionState === 'failed' || peer.connectionState === 'closed') {
        throw new Error(`connectionState became '${peer.connectionState}' instead of 'connected'`);
      }
      return peer.connectionState === 'connected';
    },
    timeoutMs,
    () => `connectionState 'connected' (is '${peer.connectionState}')`,
  );
}

function candidateInit(candidate: any): CandidateInit {
  if (typeof candidate.toJSON === 'function') return candidate.toJSON();
  const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
  return { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment };
}

/** One direction of trickle: `from`'s candidates go to `to` once `to` has a remote description. */
class Trickle {
  private pending: CandidateInit[] | null = [];
  private readonly listener = (event: any): void => this.onCandidate(event.candidate);

  constructor(
    private readonly from: SignalingPeer,
    private readonly to: SignalingPeer,
    private readonly errors: Error[],
  ) {
    from.addEventListener('icecandidate', this.listener);
  }

  /** `to` has the remote description now: deliver what waited and the rest as it comes. */
  flush(): void {
    const waiting = this.pending ?? [];
    this.pending = null;
    for (const candidate of waiting) this.deliver(candidate);
  }

  stop(): void {
    this.from.removeEventListener('icecandidate', this.listener);
  }

  private onCandidate(candidate: any): void {
    // A null candidate is the end of gathering: tell the peer with an empty candidate.
    const init = candidate ? candidateInit(candidate) : { candidate: '' };
    if (!isTestCandidate(init.candidate)) return;
    if (this.pending) this.pending.push(init);
    else this.deliver(init);
  }

  private deliver(candidate: CandidateInit): void {
    this.to.addIceCandidate(candidate).catch((error: Error) => {
      this.errors.push(new Error(`addIceCandidate(${JSON.stringify(candidate)}): ${error.message}`));
    });
  }
}

/** Edits applied to the SDP in flight (to test what a peer does with a bad one). */
export interface Rewrite {
  offer?: (sdp: string) => string;
  answer?: (sdp: string) => string;
}

export interface ConnectOptions {
  /** Trickle candidates (default), or wait for gathering and send complete descriptions. */
  trickle?: boolean;
  timeoutMs?: number;
}

/** Two peers wired for signaling; `negotiate()` runs one offer/answer round from `a`. */
export class PeerLink {
  /** addIceCandidate failures, for tests to assert on. */
  readonly errors: Error[] = [];
  private readonly toB?: Trickle;
  private readonly toA?: Trickle;

  constructor(
    readonly a: SignalingPeer,
    readonly b: SignalingPeer,
    private readonly options: Required<ConnectOptions>,
  ) {
    if (options.trickle) {
      this.toB = new Trickle(a, b, this.errors);
      this.toA = new Trickle(b, a, this.errors);
    }
  }

  /** Offer from `offerer` (a or b), answer from the other. */
  async negotiate(offerer: SignalingPeer = this.a, rewrite: Rewrite = {}): Promise<void> {
    const answerer = offerer === this.a ? this.b : this.a;
    const toAnswerer = offerer === this.a ? this.toB : this.toA;
    const toOfferer = offerer === this.a ? this.toA : this.toB;

    await offerer.setLocalDescription(await offerer.createOffer());
    await answerer.setRemoteDescription(await this.outgoing(offerer, rewrite.offer));
    toAnswerer?.flush();
    await answerer.setLocalDescription(await answerer.createAnswer());
    await offerer.setRemoteDescription(await this.outgoing(answerer, rewrite.answer));
    toOfferer?.flush();
  }

  stop(): void {
    this.toA?.stop();
    this.toB?.stop();
  }

  /** The description `peer` sends: as set when trickling, else once gathering completed. */
  private async outgoing(peer: SignalingPeer, rewrite = (sdp: string) => sdp): Promise<Description> {
    if (!this.options.trickle && peer.iceGatheringState !== 'complete') {
      await waitFor(() => peer.iceGatheringState === 'complete', this.options.timeoutMs, 'ICE gathering to complete');
    }
    const description = peer.localDescription;
    if (!description) throw new Error('no local description after setLocalDescription');
    return { type: description.type, sdp: rewrite(keepTestCandidates(description.sdp)) };
  }
}

/** Wires `a` and `b` together and runs the first offer (from `a`) / answer exchange. */
export async function connectPeers(
  a: SignalingPeer,
  b: SignalingPeer,
  options: ConnectOptions = {},
): Promise<PeerLink> {
  const link = new PeerLink(a, b, { trickle: true, timeoutMs: 10000, ...options });
  await link.negotiate();
  return link;
}
