// W3C WebRTC §4.4 RTCPeerConnection. It reads as the spec's algorithms and delegates: JSEP to
// jsep/, the transport chain to transports.ts, data channels to channels.ts, stats to stats.ts.
import { DataChannels, dataChannelParameters } from './channels';
import {
  checkReconfiguration,
  normalizeConfiguration,
  normalizeOptions,
  type FullConfiguration,
  type FullOptions,
  type NodeRtcOptions,
  type RTCConfiguration,
} from './configuration';
import { closedError, invalidAccessError, invalidModificationError, invalidStateError, operationError } from './errors';
import {
  defineEventHandlers,
  RTCDataChannelEvent,
  RTCEventTarget,
  RTCPeerConnectionIceEvent,
  type EventHandler,
  type RTCPeerConnectionIceErrorEvent,
} from './events';
import { addLine, renderDescription } from './jsep/candidates';
import { isLive, negotiate, type NegotiatedTransport } from './jsep/negotiation';
import { JsepSession, type LocalDescription, type RemoteDescription } from './jsep/session';
import type { RTCSctpTransport } from './ortc/RTCSctpTransport';
import { generateCertificateNow, RTCCertificate, type AlgorithmIdentifier } from './RTCCertificate';
import type { RTCDataChannel, RTCDataChannelInit } from './RTCDataChannel';
import { RTCIceCandidate, type RTCIceCandidateInit } from './RTCIceCandidate';
import {
  RTCSessionDescription,
  toSdpType,
  type RTCSdpType,
  type RTCSessionDescriptionInit,
} from './RTCSessionDescription';
import { OperationsChain } from './operations';
import {
  connectionState,
  iceConnectionState,
  iceGatheringState,
  type RTCIceConnectionState,
  type RTCIceGatheringState,
  type RTCPeerConnectionState,
} from './states';
import { collectStats, type RTCStatsReport } from './stats';
import { Transports } from './transports';
import type { RTCSignalingState } from './jsep/signaling';

export interface RTCOfferOptions {
  /** nodertc does not restart ICE yet; an offer keeps the current credentials. */
  iceRestart?: boolean;
}

export type RTCAnswerOptions = Record<string, never>;

export interface RTCLocalSessionDescriptionInit {
  type?: RTCSdpType;
  sdp?: string;
}

export interface RTCPeerConnectionEventMap {
  negotiationneeded: Event;
  icecandidate: RTCPeerConnectionIceEvent;
  icecandidateerror: RTCPeerConnectionIceErrorEvent;
  signalingstatechange: Event;
  iceconnectionstatechange: Event;
  icegatheringstatechange: Event;
  connectionstatechange: Event;
  datachannel: RTCDataChannelEvent;
}

// Browsers' default certificate (W3C WebRTC: generated when the configuration has none).
const DEFAULT_KEY: AlgorithmIdentifier = { name: 'ECDSA', namedCurve: 'P-256' };

export class RTCPeerConnection extends RTCEventTarget<RTCPeerConnectionEventMap> {
  declare onnegotiationneeded: EventHandler<RTCPeerConnection, Event>;
  declare onicecandidate: EventHandler<RTCPeerConnection, RTCPeerConnectionIceEvent>;
  declare onicecandidateerror: EventHandler<RTCPeerConnection, RTCPeerConnectionIceErrorEvent>;
  declare onsignalingstatechange: EventHandler<RTCPeerConnection, Event>;
  declare oniceconnectionstatechange: EventHandler<RTCPeerConnection, Event>;
  declare onicegatheringstatechange: EventHandler<RTCPeerConnection, Event>;
  declare onconnectionstatechange: EventHandler<RTCPeerConnection, Event>;
  declare ondatachannel: EventHandler<RTCPeerConnection, RTCDataChannelEvent>;

  #configuration: FullConfiguration;
  readonly #options: FullOptions;
  readonly #jsep = new JsepSession();
  readonly #chain = new OperationsChain(() => this.#chainEmptied());
  readonly #channels = new DataChannels({
    announce: (channel) => this.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel })),
  });
  #transports: Transports | null = null;
  #certificate: RTCCertificate | null;
  #closed = false;
  #sctpNegotiated = false;
  #canTrickle: boolean | null = null;
  #iceGatheringState: RTCIceGatheringState = 'new';
  #iceConnectionState: RTCIceConnectionState = 'new';
  #connectionState: RTCPeerConnectionState = 'new';
  #negotiationNeeded = false;
  #updateNegotiationNeededOnEmptyChain = false;

  /**
   * @param configuration W3C RTCConfiguration.
   * @param options nodertc's own settings (ports, interfaces, max message size).
   */
  constructor(configuration?: RTCConfiguration, options?: NodeRtcOptions) {
    super();
    this.#configuration = normalizeConfiguration(configuration);
    this.#options = normalizeOptions(options);
    this.#certificate = this.#configuration.certificates[0] ?? null;
  }

  static generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
    return RTCCertificate.generateCertificate(keygenAlgorithm);
  }

  // Attributes

  get localDescription(): RTCSessionDescription | null {
    return sessionDescription(this.#jsep.signaling.local);
  }

  get currentLocalDescription(): RTCSessionDescription | null {
    return sessionDescription(this.#jsep.signaling.currentLocal);
  }

  get pendingLocalDescription(): RTCSessionDescription | null {
    return sessionDescription(this.#jsep.signaling.pendingLocal);
  }

  get remoteDescription(): RTCSessionDescription | null {
    return sessionDescription(this.#jsep.signaling.remote);
  }

  get currentRemoteDescription(): RTCSessionDescription | null {
    return sessionDescription(this.#jsep.signaling.currentRemote);
  }

  get pendingRemoteDescription(): RTCSessionDescription | null {
    return sessionDescription(this.#jsep.signaling.pendingRemote);
  }

  get signalingState(): RTCSignalingState {
    return this.#jsep.signaling.state;
  }

  get iceGatheringState(): RTCIceGatheringState {
    return this.#iceGatheringState;
  }

  get iceConnectionState(): RTCIceConnectionState {
    return this.#iceConnectionState;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.#connectionState;
  }

  /** Null until a remote description is set; then whether it said a=ice-options:trickle. */
  get canTrickleIceCandidates(): boolean | null {
    return this.#canTrickle;
  }

  /** The SCTP transport, once an answer accepted a data section. */
  get sctp(): RTCSctpTransport | null {
    return this.#sctpNegotiated ? (this.#transports?.sctp ?? null) : null;
  }

  // JSEP (RFC 8829 §4.1)

  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescription> {
    return this.#operation('createOffer', () => {
      const offer = this.#jsep.createOffer(this.#ensureTransports().identity(), this.#wishes());
      return new RTCSessionDescription({ type: 'offer', sdp: offer.sdp });
    });
  }

  createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescription> {
    return this.#operation('createAnswer', () => {
      const answer = this.#jsep.createAnswer(this.#ensureTransports().identity(), this.#wishes());
      return new RTCSessionDescription({ type: 'answer', sdp: answer.sdp });
    });
  }

  /** With no argument (or no sdp) it creates the offer or answer itself (W3C "implicit" form). */
  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
    return this.#operation('setLocalDescription', () => {
      const type =
        description?.type === undefined
          ? this.#jsep.implicitType()
          : toSdpType(description.type, 'setLocalDescription');
      if (type === 'rollback') return this.#rollback('setLocalDescription');
      const sdp = String(description?.sdp ?? '');
      let local: LocalDescription;
      if (sdp === '') {
        const identity = this.#ensureTransports().identity();
        const created =
          type === 'offer'
            ? this.#jsep.createOffer(identity, this.#wishes())
            : this.#jsep.createAnswer(identity, this.#wishes());
        local = { ...created, type };
      } else {
        local = this.#jsep.createdDescription(type, sdp);
      }
      this.#jsep.checkState('local', type);
      this.#applyLocal(local);
    });
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.#operation('setRemoteDescription', () => {
      const type = toSdpType(description?.type, 'setRemoteDescription');
      if (type === 'rollback') return this.#rollback('setRemoteDescription');
      // W3C: an offer while ours is pending rolls ours back first (perfect negotiation).
      const implicitRollback = type === 'offer' && this.#jsep.signaling.state === 'have-local-offer';
      if (!implicitRollback) this.#jsep.checkState('remote', type);
      const remote = this.#jsep.readRemote(type, String(description.sdp ?? ''));
      this.#transports?.checkRemote(remote.model);
      if (implicitRollback) this.#rollback('setRemoteDescription');
      this.#applyRemote(remote);
    });
  }

  /** '' / null / {candidate: ''} is end-of-candidates (RFC 8838 §4.4). */
  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void> {
    const init = candidate ?? {};
    const text = String(init.candidate ?? '').replace(/^a=/, '');
    const sdpMid = init.sdpMid ?? null;
    const sdpMLineIndex = init.sdpMLineIndex ?? null;
    if (text !== '' && sdpMid === null && sdpMLineIndex === null) {
      return Promise.reject(
        new TypeError(
          'addIceCandidate: sdpMid and sdpMLineIndex are both null; pass the whole icecandidate of the peer',
        ),
      );
    }
    return this.#operation('addIceCandidate', () => {
      const remote = this.#jsep.signaling.remote;
      if (remote === null) {
        throw invalidStateError(
          'addIceCandidate: there is no remote description yet; call setRemoteDescription first and queue earlier candidates',
        );
      }
      const index = candidateSection(remote, sdpMid, sdpMLineIndex, init.usernameFragment ?? null);
      if (text === '') return this.#endOfRemoteCandidates(remote, index);
      const section = index ?? 0; // a candidate names its section (checked above)
      const parsed = new RTCIceCandidate({
        ...init,
        candidate: text,
        sdpMid: remote.model.media[section].mid,
        sdpMLineIndex: section,
      });
      if (parsed.type === null) {
        throw operationError(`addIceCandidate: ${JSON.stringify(text)} is not a candidate attribute (RFC 8839 §5.1)`);
      }
      if (this.#transports !== null && !this.#transports.addRemoteCandidate(parsed)) {
        throw operationError(`addIceCandidate: the ICE agent cannot use ${JSON.stringify(text)}`);
      }
      addLine(remote, section, `a=${text}`);
    });
  }

  /** nodertc does not restart ICE yet: this does nothing. */
  restartIce(): void {}

  getConfiguration(): FullConfiguration {
    const config = this.#configuration;
    return {
      ...config,
      iceServers: config.iceServers.map((server) => ({ ...server })),
      certificates: [...config.certificates],
    };
  }

  /** W3C "set a configuration". ICE servers are checked and kept; the ICE agent uses no STUN/TURN servers yet. */
  setConfiguration(configuration: RTCConfiguration): void {
    if (this.#closed) throw closedError('setConfiguration');
    const next = normalizeConfiguration(configuration);
    checkReconfiguration(this.#configuration, next, configuration ?? {});
    if (next.iceCandidatePoolSize !== this.#configuration.iceCandidatePoolSize && this.#jsep.signaling.local !== null) {
      throw invalidModificationError('setConfiguration: iceCandidatePoolSize cannot change after setLocalDescription');
    }
    if (configuration?.certificates === undefined) next.certificates = this.#configuration.certificates;
    this.#configuration = next;
  }

  /** W3C "close the connection": everything closes at once, without events. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#jsep.signaling.close();
    this.#channels.abort();
    this.#transports?.stop();
    this.#iceConnectionState = 'closed';
    this.#connectionState = 'closed';
  }

  // Data channels (W3C WebRTC §6.1)

  createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    if (this.#closed) throw closedError('createDataChannel');
    const first = !this.#channels.createdAny;
    const channel = this.#channels.create(dataChannelParameters(label, init ?? {}));
    if (first) this.#updateNegotiationNeeded();
    return channel;
  }

  // Statistics (W3C WebRTC §8)

  getStats(selector?: unknown): Promise<RTCStatsReport> {
    if (selector !== undefined && selector !== null) {
      return Promise.reject(
        invalidAccessError('getStats: the selector matches no sender or receiver of this connection'),
      );
    }
    const transports = this.#closed ? null : this.#transports;
    return Promise.resolve(collectStats({ channels: this.#channels, transports, certificate: this.#certificate }));
  }

  // Media is not supported yet: no transceivers.

  getTransceivers(): never[] {
    return [];
  }

  getSenders(): never[] {
    return [];
  }

  getReceivers(): never[] {
    return [];
  }

  // Internals

  #operation<T>(method: string, operation: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(closedError(method));
    return this.#chain.run(() => {
      if (this.#closed) throw closedError(method);
      return operation();
    });
  }

  #wishes(): { data: boolean; maxMessageSize: number } {
    return { data: this.#channels.createdAny, maxMessageSize: this.#options.maxMessageSize };
  }

  // Transports are made at the first offer or answer (or remote description with media).
  #ensureTransports(): Transports {
    if (this.#transports === null) {
      this.#certificate ??= generateCertificateNow(DEFAULT_KEY);
      this.#transports = new Transports(this.#certificate, this.#options, {
        localCandidate: (candidate) => this.#surfaceCandidate(candidate),
        gatheringStateChange: () => this.#updateGatheringState(),
        stateChange: () => this.#updateConnectionStates(),
      });
    }
    return this.#transports;
  }

  // W3C "set the session description", local part.
  #applyLocal(local: LocalDescription): void {
    const transports = this.#ensureTransports();
    const tag = local.model.media.findIndex((section) => section.port !== 0);
    if (tag >= 0) {
      // Candidates gathered so far belong in the new description too.
      for (const candidate of transports.ice.getLocalCandidates()) addLine(local, tag, `a=${candidate.candidate}`);
      if (this.#iceGatheringState === 'complete') addLine(local, tag, 'a=end-of-candidates');
    }
    const previous = this.#jsep.signaling.state;
    this.#jsep.signaling.applyLocal(local);
    this.#descriptionApplied(previous);
    if (tag >= 0) {
      transports.ice._section = { mid: local.model.media[tag].mid, index: tag };
      transports.ice._gather();
    }
  }

  // W3C "set the session description", remote part.
  #applyRemote(remote: RemoteDescription): void {
    if (remote.model.media.some(isLive)) this.#ensureTransports();
    const previous = this.#jsep.signaling.state;
    this.#jsep.signaling.applyRemote(remote);
    this.#canTrickle = remote.model.media.some((section) => section.transport.iceOptions.includes('trickle'));
    this.#descriptionApplied(previous);
  }

  #descriptionApplied(previous: RTCSignalingState): void {
    const signaling = this.#jsep.signaling;
    const local = signaling.local;
    const remote = signaling.remote;
    if (local !== null && remote !== null && (signaling.state === 'stable' || signaling.state.endsWith('pranswer'))) {
      const negotiated = negotiate(local, remote);
      if (negotiated !== null) this.#startTransports(negotiated);
    }
    if (signaling.state !== previous) this.dispatchEvent(new Event('signalingstatechange'));
    if (signaling.state === 'stable') {
      this.#negotiationNeeded = false;
      this.#updateNegotiationNeeded();
    }
  }

  #startTransports(negotiated: NegotiatedTransport): void {
    const transports = this.#ensureTransports();
    transports.apply(negotiated);
    this.#jsep.dtlsRole ??= negotiated.dtlsRole;
    // W3C: an answer that establishes an SCTP association sets [[SctpTransport]].
    if (negotiated.sctp !== null) {
      this.#sctpNegotiated = true;
      this.#channels.start(transports.sctp, this.#jsep.dtlsRole);
    }
  }

  #rollback(method: string): void {
    const signaling = this.#jsep.signaling;
    if (!signaling.canRollback()) {
      throw invalidStateError(
        `${method}: rollback needs a pending offer, but the signaling state is '${signaling.state}'`,
      );
    }
    signaling.rollback();
    this.dispatchEvent(new Event('signalingstatechange'));
    this.#updateNegotiationNeeded();
  }

  #endOfRemoteCandidates(remote: RemoteDescription, index: number | null): void {
    const sections = index === null ? remote.model.media.map((_, i) => i) : [index];
    for (const section of sections) addLine(remote, section, 'a=end-of-candidates');
    this.#transports?.endOfRemoteCandidates();
  }

  // W3C "surface the candidate": into the local descriptions, then the icecandidate event.
  #surfaceCandidate(candidate: RTCIceCandidate): void {
    if (this.#closed) return;
    const signaling = this.#jsep.signaling;
    for (const description of [signaling.pendingLocal, signaling.currentLocal]) {
      if (description !== null) addLine(description, candidate.sdpMLineIndex ?? 0, `a=${candidate.candidate}`);
    }
    this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate }));
  }

  #updateGatheringState(): void {
    const transports = this.#transports;
    if (this.#closed || transports === null) return;
    const state = iceGatheringState([transports.ice.gatheringState]);
    if (state === this.#iceGatheringState) return;
    this.#iceGatheringState = state;
    if (state === 'complete') {
      const signaling = this.#jsep.signaling;
      for (const description of [signaling.pendingLocal, signaling.currentLocal]) {
        if (description !== null) addLine(description, transports.ice._section.index, 'a=end-of-candidates');
      }
    }
    this.dispatchEvent(new Event('icegatheringstatechange'));
    // The null candidate marks the end of gathering (kept for compatibility by the W3C spec).
    if (state === 'complete') this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
  }

  // W3C "update the ICE connection state" and "update the connection state".
  #updateConnectionStates(): void {
    const transports = this.#transports;
    if (this.#closed || transports === null) return;
    const ice = [transports.ice.state];
    const dtls = [transports.dtls.state];
    const iceState = iceConnectionState(false, ice);
    const peerState = connectionState(false, ice, dtls);
    if (iceState !== this.#iceConnectionState) {
      this.#iceConnectionState = iceState;
      this.dispatchEvent(new Event('iceconnectionstatechange'));
    }
    if (peerState !== this.#connectionState) {
      this.#connectionState = peerState;
      this.dispatchEvent(new Event('connectionstatechange'));
    }
  }

  // W3C WebRTC "update the negotiation-needed flag".
  #updateNegotiationNeeded(): void {
    if (this.#chain.length > 0) {
      this.#updateNegotiationNeededOnEmptyChain = true;
      return;
    }
    setImmediate(() => {
      if (this.#closed) return;
      if (this.#chain.length > 0) {
        this.#updateNegotiationNeededOnEmptyChain = true;
        return;
      }
      if (this.#jsep.signaling.state !== 'stable') return;
      if (!this.#jsep.needsNegotiation(this.#channels.createdAny)) {
        this.#negotiationNeeded = false;
        return;
      }
      if (this.#negotiationNeeded) return;
      this.#negotiationNeeded = true;
      this.dispatchEvent(new Event('negotiationneeded'));
    });
  }

  #chainEmptied(): void {
    if (!this.#updateNegotiationNeededOnEmptyChain) return;
    this.#updateNegotiationNeededOnEmptyChain = false;
    this.#updateNegotiationNeeded();
  }
}

function sessionDescription(description: LocalDescription | RemoteDescription | null): RTCSessionDescription | null {
  return description === null
    ? null
    : new RTCSessionDescription({ type: description.type, sdp: renderDescription(description) });
}

/**
 * W3C addIceCandidate: the remote section a candidate is for, by sdpMid or else sdpMLineIndex
 * (null for end-of-candidates of every section); OperationError when none matches.
 */
function candidateSection(
  remote: RemoteDescription,
  sdpMid: string | null,
  sdpMLineIndex: number | null,
  usernameFragment: string | null,
): number | null {
  const media = remote.model.media;
  let index: number | null = null;
  if (sdpMid !== null) {
    index = media.findIndex((section) => section.mid === sdpMid);
    if (index < 0) throw operationError(`addIceCandidate: the remote description has no m-section with mid ${sdpMid}`);
  } else if (sdpMLineIndex !== null) {
    if (sdpMLineIndex >= media.length) {
      throw operationError(`addIceCandidate: sdpMLineIndex ${sdpMLineIndex} is past the ${media.length} m-sections`);
    }
    index = sdpMLineIndex;
  }
  const ufrags = (index === null ? media : [media[index]]).map((section) => section.transport.ice?.usernameFragment);
  if (usernameFragment !== null && !ufrags.includes(usernameFragment)) {
    throw operationError(
      `addIceCandidate: usernameFragment ${usernameFragment} matches no ICE generation of the remote description`,
    );
  }
  return index;
}

defineEventHandlers(RTCPeerConnection.prototype, [
  'negotiationneeded',
  'icecandidate',
  'icecandidateerror',
  'signalingstatechange',
  'iceconnectionstatechange',
  'icegatheringstatechange',
  'connectionstatechange',
  'datachannel',
]);
