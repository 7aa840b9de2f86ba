// W3C WebRTC §5.5 RTCDtlsTransport over the native DtlsTransport (DTLS 1.2, RFC 6347, on the ICE path).
import { NativeLink } from '../addon';
import { RTCError, RTCErrorEvent } from '../errors';
import { defineEventHandlers, RTCEventTarget, type EventHandler } from '../events';
import type { DtlsRole, Fingerprint } from '../jsep/types';
import { NativeEvent, type NativeDtlsTransport } from '../native';
import type { RTCIceTransport } from './RTCIceTransport';

export type RTCDtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';

export interface RTCDtlsTransportEventMap {
  statechange: Event;
  error: RTCErrorEvent;
}

export interface DtlsTransportObserver {
  stateChange(): void;
}

export class RTCDtlsTransport extends RTCEventTarget<RTCDtlsTransportEventMap> {
  declare onstatechange: EventHandler<RTCDtlsTransport, Event>;
  declare onerror: EventHandler<RTCDtlsTransport, RTCErrorEvent>;

  /** @internal */
  _observer: DtlsTransportObserver | null = null;

  readonly #native: NativeDtlsTransport;
  readonly #iceTransport: RTCIceTransport;
  #state: RTCDtlsTransportState = 'new';
  readonly #link: NativeLink;
  #role: DtlsRole | null = null;

  /** @internal Wraps a native transport; RTCPeerConnection creates these. */
  constructor(native: NativeDtlsTransport, iceTransport: RTCIceTransport) {
    super();
    this.#native = native;
    this.#iceTransport = iceTransport;
    this.#link = new NativeLink(native, (code, a, b) => this.#onNative(code, a, b));
  }

  get iceTransport(): RTCIceTransport {
    return this.#iceTransport;
  }

  get state(): RTCDtlsTransportState {
    return this.#state;
  }

  /** The peer's certificate chain (DER), once connected. */
  getRemoteCertificates(): ArrayBuffer[] {
    if (this.#state !== 'connected') return [];
    return this.#native.remoteCertificates().map((der) => Uint8Array.from(der).buffer);
  }

  /** @internal The DTLS role, once started. */
  get _role(): DtlsRole | null {
    return this.#role;
  }

  /** @internal The sha-256 fingerprint of our certificate, "AB:CD:...". */
  _localFingerprint(): Fingerprint {
    return { algorithm: 'sha-256', value: this.#native.localFingerprint() };
  }

  /** @internal Starts the handshake once ICE connects (the native side waits for it). */
  _start(role: DtlsRole, remoteFingerprints: Fingerprint[]): void {
    this.#role = role;
    this.#native.start(role, remoteFingerprints);
  }

  /** @internal */
  _stats(): ReturnType<NativeDtlsTransport['getStats']> {
    return this.#native.getStats();
  }

  /** @internal The peer's certificates (DER), for stats. */
  _remoteCertificates(): Buffer[] {
    return this.#state === 'connected' ? this.#native.remoteCertificates() : [];
  }

  /** @internal Closes without an event, as RTCPeerConnection.close() does. */
  _stop(): void {
    if (this.#link.stop()) this.#state = 'closed';
  }

  #onNative(code: NativeEvent, a: unknown, b: unknown): void {
    if (code !== NativeEvent.DtlsState || this.#state === a) return;
    this.#state = a as RTCDtlsTransportState;
    if (this.#state === 'failed') {
      // W3C WebRTC §5.5: a failed handshake or fingerprint check fires error, then statechange.
      const message = String(b ?? 'the DTLS handshake failed');
      const errorDetail = /fingerprint/i.test(message) ? 'fingerprint-failure' : 'dtls-failure';
      this.dispatchEvent(new RTCErrorEvent('error', { error: new RTCError({ errorDetail }, message) }));
    }
    this.dispatchEvent(new Event('statechange'));
    this._observer?.stateChange();
  }
}

defineEventHandlers(RTCDtlsTransport.prototype, ['statechange', 'error']);
