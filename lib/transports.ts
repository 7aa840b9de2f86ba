// The one bundled transport chain of a peer connection (RFC 8843): the native ICE, DTLS and SCTP
// transports, their ORTC views, and what JSEP asks of them: gather, start once an exchange
// settles them, and take the peer's candidates (held until ICE starts).
import { nativeAddon } from './addon';
import type { FullOptions } from './configuration';
import { operationError } from './errors';
import { LOCAL_SCTP_PORT } from './jsep/datachannel';
import { transportSectionIndex, type NegotiatedTransport } from './jsep/negotiation';
import type { LocalTransportIdentity } from './jsep/session';
import type { RemoteDescriptionModel } from './jsep/types';
import { RTCDtlsTransport } from './ortc/RTCDtlsTransport';
import { RTCIceTransport } from './ortc/RTCIceTransport';
import { RTCSctpTransport } from './ortc/RTCSctpTransport';
import type { RTCCertificate } from './RTCCertificate';
import { RTCIceCandidate } from './RTCIceCandidate';

/** What the peer connection hears from its transports. */
export interface TransportObserver {
  localCandidate(candidate: RTCIceCandidate): void;
  gatheringStateChange(): void;
  /** The ICE or the DTLS transport changed state. */
  stateChange(): void;
}

export class Transports {
  readonly ice: RTCIceTransport;
  readonly dtls: RTCDtlsTransport;
  readonly sctp: RTCSctpTransport;
  #started: NegotiatedTransport | null = null;
  /** The peer's candidates that came before ICE started. */
  #held: RTCIceCandidate[] = [];
  #heldEnd = false;
  readonly #added = new Set<string>();

  constructor(certificate: RTCCertificate, options: FullOptions, observer: TransportObserver) {
    const addon = nativeAddon();
    const pem = certificate.toPEM();
    const nativeIce = new addon.IceTransport({
      portMin: options.portRange?.min ?? 0,
      portMax: options.portRange?.max ?? 0,
      interfaces: options.interfaces,
    });
    const nativeDtls = new addon.DtlsTransport(nativeIce, pem.certificate, pem.privateKey);
    const nativeSctp = new addon.SctpTransport(nativeDtls, LOCAL_SCTP_PORT, options.maxMessageSize);
    this.ice = new RTCIceTransport(nativeIce);
    this.dtls = new RTCDtlsTransport(nativeDtls, this.ice);
    this.sctp = new RTCSctpTransport(nativeSctp, this.dtls, options.maxMessageSize);
    this.ice._observer = {
      localCandidate: (candidate) => observer.localCandidate(candidate),
      gatheringStateChange: () => observer.gatheringStateChange(),
      stateChange: () => observer.stateChange(),
    };
    this.dtls._observer = { stateChange: () => observer.stateChange() };
  }

  /** What our descriptions say about this transport. */
  identity(): LocalTransportIdentity {
    return { ice: this.ice._localParameters(), fingerprints: [this.dtls._localFingerprint()] };
  }

  get started(): boolean {
    return this.#started !== null;
  }

  /**
   * Throws OperationError when a peer's description would need a new transport: an ICE restart
   * (new credentials, RFC 8445 §9) or a new certificate, which nodertc does not do yet.
   */
  checkRemote(model: RemoteDescriptionModel): void {
    const started = this.#started;
    const index = transportSectionIndex(model);
    if (started === null || index < 0) return;
    const transport = model.media[index].transport;
    if (transport.ice !== null && transport.ice.usernameFragment !== started.remoteIce.usernameFragment) {
      throw operationError(
        'setRemoteDescription: the peer restarted ICE (new a=ice-ufrag), which nodertc does not support yet; ' +
          'create a new RTCPeerConnection to reconnect',
      );
    }
    const fingerprints = (list: { value: string }[]): string => list.map((fingerprint) => fingerprint.value).join(' ');
    if (fingerprints(transport.fingerprints) !== fingerprints(started.remoteFingerprints)) {
      throw operationError(
        'setRemoteDescription: the peer changed its DTLS certificate (a=fingerprint) on a connected transport; ' +
          'create a new RTCPeerConnection to reconnect',
      );
    }
  }

  /** Starts ICE, DTLS and SCTP with an exchange's outcome (once), then takes its candidates. */
  apply(negotiated: NegotiatedTransport): void {
    if (this.#started === null) {
      this.#started = negotiated;
      this.ice._start(negotiated.remoteIce, negotiated.controlling, negotiated.remoteLite);
      this.dtls._start(negotiated.dtlsRole, negotiated.remoteFingerprints);
      for (const candidate of this.#held) this.#add(candidate);
      this.#held = [];
      if (this.#heldEnd) this.ice._endOfCandidates();
    }
    // The native side starts DTLS after ICE connects and SCTP after DTLS does.
    if (negotiated.sctp !== null) this.sctp._start(negotiated.sctp.port, negotiated.sctp.maxMessageSize);
    for (const attribute of negotiated.remoteCandidates) {
      this.#add(
        new RTCIceCandidate({
          candidate: attribute,
          sdpMLineIndex: 0,
          usernameFragment: negotiated.remoteIce.usernameFragment,
        }),
      );
    }
    if (negotiated.remoteEndOfCandidates) this.ice._endOfCandidates();
  }

  /** A trickled candidate of the peer; false when the ICE agent cannot use it. */
  addRemoteCandidate(candidate: RTCIceCandidate): boolean {
    if (this.#started !== null) return this.#add(candidate);
    this.#held.push(candidate);
    return true;
  }

  /** RFC 8838 §4.4: the peer has no more candidates. */
  endOfRemoteCandidates(): void {
    if (this.#started === null) this.#heldEnd = true;
    else this.ice._endOfCandidates();
  }

  /** Stops the chain top down; the states become 'closed' without events. */
  stop(): void {
    this.sctp._stop();
    this.dtls._stop();
    this.ice._stop();
  }

  #add(candidate: RTCIceCandidate): boolean {
    if (this.#added.has(candidate.candidate)) return true;
    if (!this.ice._addRemoteCandidate(candidate)) return false;
    this.#added.add(candidate.candidate);
    return true;
  }
}
