// W3C WebRTC §5.6 RTCIceTransport over the native IceTransport (RFC 8445 agent, gatherer included).
import { NativeLink } from '../addon';
import { defineEventHandlers, RTCEventTarget, type EventHandler } from '../events';
import { RTCIceCandidate, type RTCIceComponent } from '../RTCIceCandidate';
import { NativeEvent, type NativeIceStats, type NativeIceTransport } from '../native';

export type RTCIceTransportState =
  'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
export type RTCIceGathererState = 'new' | 'gathering' | 'complete';
export type RTCIceRole = 'unknown' | 'controlling' | 'controlled';

export interface RTCIceParameters {
  usernameFragment: string;
  password: string;
}

export interface RTCIceCandidatePair {
  local: RTCIceCandidate;
  remote: RTCIceCandidate;
}

export interface RTCIceTransportEventMap {
  statechange: Event;
  gatheringstatechange: Event;
  selectedcandidatepairchange: Event;
}

/** What the owner of the transport (RTCPeerConnection) hears, after the transport's own events. */
export interface IceTransportObserver {
  localCandidate(candidate: RTCIceCandidate): void;
  gatheringStateChange(): void;
  stateChange(): void;
}

/** Where the candidates of this transport go in the descriptions (the BUNDLE tag section). */
export interface CandidateSection {
  mid: string;
  index: number;
}

export class RTCIceTransport extends RTCEventTarget<RTCIceTransportEventMap> {
  declare onstatechange: EventHandler<RTCIceTransport, Event>;
  declare ongatheringstatechange: EventHandler<RTCIceTransport, Event>;
  declare onselectedcandidatepairchange: EventHandler<RTCIceTransport, Event>;

  /** @internal */
  _observer: IceTransportObserver | null = null;
  /** @internal */
  _section: CandidateSection = { mid: '0', index: 0 };
  /** @internal Number of selected pair changes, for stats. */
  _selectedPairChanges = 0;

  readonly #native: NativeIceTransport;
  #state: RTCIceTransportState = 'new';
  readonly #link: NativeLink;
  #gatheringState: RTCIceGathererState = 'new';
  #role: RTCIceRole = 'unknown';
  #localParameters: RTCIceParameters | null = null;
  #remoteParameters: RTCIceParameters | null = null;
  readonly #localCandidates: RTCIceCandidate[] = [];
  readonly #remoteCandidates: RTCIceCandidate[] = [];
  #selectedPair: RTCIceCandidatePair | null = null;

  /** @internal Wraps a native transport; RTCPeerConnection creates these. */
  constructor(native: NativeIceTransport) {
    super();
    this.#native = native;
    this.#link = new NativeLink(native, (code, a, b) => this.#onNative(code, a, b));
  }

  get component(): RTCIceComponent {
    return 'rtp';
  }

  get role(): RTCIceRole {
    return this.#role;
  }

  get state(): RTCIceTransportState {
    return this.#state;
  }

  get gatheringState(): RTCIceGathererState {
    return this.#gatheringState;
  }

  getLocalCandidates(): RTCIceCandidate[] {
    return [...this.#localCandidates];
  }

  getRemoteCandidates(): RTCIceCandidate[] {
    return [...this.#remoteCandidates];
  }

  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    return this.#selectedPair;
  }

  getLocalParameters(): RTCIceParameters | null {
    return this.#localParameters;
  }

  getRemoteParameters(): RTCIceParameters | null {
    return this.#remoteParameters;
  }

  /** @internal The local credentials (RFC 8445 §5.3), fixed for the transport's life. */
  _localParameters(): RTCIceParameters {
    this.#localParameters ??= this.#native.localParameters();
    return this.#localParameters;
  }

  /** @internal Starts gathering candidates (once). */
  _gather(): void {
    if (this.#gatheringState !== 'new' || this.#state === 'closed') return;
    this.#native.gather();
    this.#setGatheringState('gathering');
  }

  /** @internal Starts connectivity checks with the peer's credentials. */
  _start(remote: RTCIceParameters, controlling: boolean, remoteLite: boolean): void {
    this.#remoteParameters = { ...remote };
    this.#role = controlling ? 'controlling' : 'controlled';
    this.#native.start(remote.usernameFragment, remote.password, controlling, remoteLite);
  }

  /** @internal False when the native agent cannot use the candidate. */
  _addRemoteCandidate(candidate: RTCIceCandidate): boolean {
    if (!this.#native.addRemoteCandidate(candidate.candidate)) return false;
    this.#remoteCandidates.push(candidate);
    return true;
  }

  /** @internal RFC 8838 §4.4: the peer sent all its candidates. */
  _endOfCandidates(): void {
    this.#native.endOfCandidates();
  }

  /** @internal */
  _stats(): NativeIceStats {
    return this.#native.getStats();
  }

  /** @internal Stops the agent; the state becomes 'closed' without an event (W3C WebRTC "close the connection"). */
  _stop(): void {
    if (this.#link.stop()) this.#state = 'closed';
  }

  #candidate(attribute: string): RTCIceCandidate {
    return new RTCIceCandidate({
      candidate: attribute,
      sdpMid: this._section.mid,
      sdpMLineIndex: this._section.index,
      usernameFragment: this._localParameters().usernameFragment,
    });
  }

  #setGatheringState(state: RTCIceGathererState): void {
    this.#gatheringState = state;
    this.dispatchEvent(new Event('gatheringstatechange'));
    this._observer?.gatheringStateChange();
  }

  #onNative(code: NativeEvent, a: unknown, b: unknown): void {
    switch (code) {
      case NativeEvent.IceCandidate: {
        const candidate = this.#candidate(a as string);
        this.#localCandidates.push(candidate);
        this._observer?.localCandidate(candidate);
        break;
      }
      case NativeEvent.IceGatheringComplete:
        this.#setGatheringState('complete');
        break;
      case NativeEvent.IceState:
        if (this.#state === a) return;
        this.#state = a as RTCIceTransportState;
        this.dispatchEvent(new Event('statechange'));
        this._observer?.stateChange();
        break;
      case NativeEvent.IceSelectedPair:
        this.#selectedPair = { local: this.#candidate(a as string), remote: this.#remoteCandidate(b as string) };
        this._selectedPairChanges++;
        this.dispatchEvent(new Event('selectedcandidatepairchange'));
        break;
    }
  }

  #remoteCandidate(attribute: string): RTCIceCandidate {
    const known = this.#remoteCandidates.find((candidate) => candidate.candidate === attribute);
    return (
      known ??
      new RTCIceCandidate({
        candidate: attribute,
        sdpMid: this._section.mid,
        usernameFragment: this.#remoteParameters?.usernameFragment,
      })
    );
  }
}

defineEventHandlers(RTCIceTransport.prototype, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);
