// The JSEP session of one RTCPeerConnection (RFC 8829 §5): creates offers and answers, decides
// which description setLocalDescription applies, and checks the peer's descriptions before the
// signaling machine takes them.
import { randomBytes } from 'crypto';
import { invalidModificationError, invalidStateError } from '../errors';
import {
  answerBundle,
  answerSections,
  answerSetup,
  offerBundle,
  offerSections,
  offerSetup,
  type LocalWishes,
} from './build';
import { isDataSection } from './datachannel';
import { checkRemoteDescription, transportSectionIndex } from './negotiation';
import { parseDescription } from './parse';
import { SignalingMachine, type Description, type DescriptionType } from './signaling';
import type { DtlsRole, Fingerprint, IceCredentials, LocalDescriptionModel, RemoteDescriptionModel } from './types';
import { writeDescription } from './write';

export type LocalDescription = Description<LocalDescriptionModel>;
export type RemoteDescription = Description<RemoteDescriptionModel>;

/** Our transport's identity, the same in every description (one bundled transport). */
export interface LocalTransportIdentity {
  ice: IceCredentials;
  fingerprints: Fingerprint[];
}

/** RFC 8829 §5.2.1: a session id of up to 63 bits, in decimal. */
function randomSessionId(): string {
  return (randomBytes(8).readBigUInt64BE() >> 1n).toString();
}

export class JsepSession {
  readonly signaling = new SignalingMachine<LocalDescriptionModel, RemoteDescriptionModel>();
  /** The DTLS role once the first exchange settled it (kept by later exchanges). */
  dtlsRole: DtlsRole | null = null;
  readonly #sessionId = randomSessionId();
  #version = 1;
  #lastBody: string | null = null;
  #lastOffer: LocalDescription | null = null;
  #lastAnswer: LocalDescription | null = null;

  /** W3C WebRTC createOffer: valid in 'stable' and 'have-local-offer'. */
  createOffer(identity: LocalTransportIdentity, wishes: LocalWishes): LocalDescription {
    const state = this.signaling.state;
    if (state !== 'stable' && state !== 'have-local-offer') {
      throw invalidStateError(
        `createOffer: not allowed in signaling state '${state}'; answer the peer's offer (createAnswer) first`,
      );
    }
    const media = offerSections(this.signaling.currentLocal?.model.media ?? [], wishes);
    const setup = offerSetup(this.dtlsRole);
    this.#lastOffer = this.#create('offer', { bundle: offerBundle(media), transport: { ...identity, setup }, media });
    return this.#lastOffer;
  }

  /** W3C WebRTC createAnswer: valid in 'have-remote-offer' and 'have-local-pranswer'. */
  createAnswer(identity: LocalTransportIdentity, wishes: LocalWishes): LocalDescription {
    const state = this.signaling.state;
    const offer = this.signaling.pendingRemote;
    if ((state !== 'have-remote-offer' && state !== 'have-local-pranswer') || offer === null) {
      throw invalidStateError(
        `createAnswer: not allowed in signaling state '${state}'; set the peer's offer with setRemoteDescription first`,
      );
    }
    const media = answerSections(offer.model, wishes);
    const offeredSetup = offer.model.media[transportSectionIndex(offer.model)]?.transport.setup ?? null;
    const setup = answerSetup(offeredSetup, this.dtlsRole);
    const bundle = answerBundle(offer.model, media);
    this.#lastAnswer = this.#create('answer', { bundle, transport: { ...identity, setup }, media });
    return this.#lastAnswer;
  }

  /** The implicit type of setLocalDescription() (W3C WebRTC setLocalDescription). */
  implicitType(): DescriptionType {
    const state = this.signaling.state;
    return state === 'stable' || state === 'have-local-offer' || state === 'have-remote-pranswer' ? 'offer' : 'answer';
  }

  /**
   * The description setLocalDescription({type, sdp}) applies: the one createOffer or createAnswer
   * made with that exact sdp. Throws InvalidModificationError for any other sdp.
   */
  createdDescription(type: DescriptionType, sdp: string): LocalDescription {
    const created = type === 'offer' ? this.#lastOffer : this.#lastAnswer;
    if (created === null || created.sdp !== sdp) {
      throw invalidModificationError(
        `setLocalDescription: the ${type} sdp is not the one create${type === 'offer' ? 'Offer' : 'Answer'}() returned; ` +
          'SDP cannot be modified: pass the description unchanged, or call setLocalDescription() without arguments',
      );
    }
    return { ...created, type, additions: new Map() };
  }

  /** Throws InvalidStateError when a description of this type cannot be set now. */
  checkState(source: 'local' | 'remote', type: DescriptionType): void {
    if (!this.signaling.canApply(source, type)) {
      const method = source === 'local' ? 'setLocalDescription' : 'setRemoteDescription';
      throw invalidStateError(
        `${method}: ${type === 'pranswer' ? 'a' : 'an'} ${type} cannot be set in signaling state '${this.signaling.state}' (RFC 8829 §3.2)`,
      );
    }
  }

  /** Parses and checks a peer's description (RTCError sdp-syntax-error, InvalidAccessError). */
  readRemote(type: DescriptionType, sdp: string): RemoteDescription {
    const model = parseDescription(sdp);
    const localOffer = this.signaling.local?.type === 'offer' ? this.signaling.local.model : null;
    checkRemoteDescription(model, type, type === 'offer' ? null : localOffer);
    return { type, sdp, model, additions: new Map() };
  }

  /** W3C WebRTC "check if negotiation is needed", for data channels. */
  needsNegotiation(hasDataChannels: boolean): boolean {
    const negotiated = this.signaling.currentLocal?.model.media ?? [];
    return hasDataChannels && !negotiated.some((section) => section.port !== 0 && isDataSection(section));
  }

  // RFC 8829 §5.2.2: the session version grows when, and only when, the content changes.
  #create(type: DescriptionType, parts: Omit<LocalDescriptionModel, 'sessionId' | 'version'>): LocalDescription {
    const body = writeDescription({ ...parts, sessionId: this.#sessionId, version: 0 });
    if (body !== this.#lastBody) {
      this.#version++;
      this.#lastBody = body;
    }
    const model: LocalDescriptionModel = { ...parts, sessionId: this.#sessionId, version: this.#version };
    return { type, sdp: writeDescription(model), model, additions: new Map() };
  }
}
