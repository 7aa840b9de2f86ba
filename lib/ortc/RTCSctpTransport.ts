// W3C WebRTC §6.1.1 RTCSctpTransport over the native SctpTransport (SCTP over DTLS, RFC 8261;
// data channels, RFC 8831 / DCEP RFC 8832). Channel events go to the owner's ChannelSink.
import { NativeLink } from '../addon';
import { defineEventHandlers, RTCEventTarget, type EventHandler } from '../events';
import { DEFAULT_REMOTE_MAX_MESSAGE_SIZE } from '../jsep/datachannel';
import { NativeEvent, type NativeChannelInit, type NativeSctpTransport } from '../native';
import type { RTCDtlsTransport } from './RTCDtlsTransport';

export type RTCSctpTransportState = 'connecting' | 'connected' | 'closed';

export interface RTCSctpTransportEventMap {
  statechange: Event;
}

/** Receives the data channel events of the association. */
export interface ChannelSink {
  remoteOpen(id: number, init: NativeChannelInit): void;
  open(id: number): void;
  message(id: number, data: string | Buffer): void;
  sent(id: number, bytes: number): void;
  closed(id: number): void;
  error(id: number, message: string): void;
  /** The association closed: every channel is closed. */
  transportClosed(): void;
}

/** RFC 8831 §6.2 / RFC 8832 §6: stream ids go up to 65534, so at most 65535 channels. */
const MAX_CHANNELS = 65535;

export class RTCSctpTransport extends RTCEventTarget<RTCSctpTransportEventMap> {
  declare onstatechange: EventHandler<RTCSctpTransport, Event>;

  /** @internal */
  _sink: ChannelSink | null = null;
  /** @internal The native association, for RTCDataChannel.send on the hot path. */
  readonly _native: NativeSctpTransport;

  readonly #transport: RTCDtlsTransport;
  readonly #localMaxMessageSize: number;
  #state: RTCSctpTransportState = 'connecting';
  readonly #link: NativeLink;
  #maxMessageSize: number;
  #maxChannels: number | null = null;
  #started = false;

  /** @internal Wraps a native association; RTCPeerConnection creates these. */
  constructor(native: NativeSctpTransport, transport: RTCDtlsTransport, localMaxMessageSize: number) {
    super();
    this._native = native;
    this.#transport = transport;
    this.#localMaxMessageSize = localMaxMessageSize;
    // Until the peer's description says otherwise, it accepts 64 KiB (RFC 8841 §6).
    this.#maxMessageSize = Math.min(localMaxMessageSize, DEFAULT_REMOTE_MAX_MESSAGE_SIZE);
    this.#link = new NativeLink(native, (code, a, b) => this.#onNative(code, a, b));
  }

  get transport(): RTCDtlsTransport {
    return this.#transport;
  }

  get state(): RTCSctpTransportState {
    return this.#state;
  }

  /** The largest message send() accepts (W3C WebRTC "update the data max message size"). */
  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }

  get maxChannels(): number | null {
    return this.#maxChannels;
  }

  /** @internal */
  get _started(): boolean {
    return this.#started;
  }

  /**
   * @internal Starts the association once DTLS connects (the native side waits for it).
   * `remoteMaxMessageSize` is the peer's a=max-message-size; 0 means no limit (RFC 8841 §6).
   */
  _start(remotePort: number, remoteMaxMessageSize: number): void {
    const remote = remoteMaxMessageSize === 0 ? Infinity : remoteMaxMessageSize;
    this.#maxMessageSize = Math.min(this.#localMaxMessageSize, remote);
    if (this.#started) return;
    this.#started = true;
    this._native.start(remotePort, remoteMaxMessageSize);
  }

  /** @internal Closes without an event, as RTCPeerConnection.close() does. */
  _stop(): void {
    if (this.#link.stop()) this.#state = 'closed';
  }

  #setState(state: RTCSctpTransportState): void {
    if (this.#state === state) return;
    this.#state = state;
    if (state === 'connected') this.#maxChannels = MAX_CHANNELS;
    this.dispatchEvent(new Event('statechange'));
    if (state === 'closed') this._sink?.transportClosed();
  }

  #onNative(code: NativeEvent, a: unknown, b: unknown): void {
    const sink = this._sink;
    switch (code) {
      case NativeEvent.SctpState:
        this.#setState(a as RTCSctpTransportState);
        break;
      case NativeEvent.ChannelMessage:
        sink?.message(a as number, b as string | Buffer);
        break;
      case NativeEvent.ChannelSent:
        sink?.sent(a as number, b as number);
        break;
      case NativeEvent.ChannelRemoteOpen:
        sink?.remoteOpen(a as number, b as NativeChannelInit);
        break;
      case NativeEvent.ChannelOpen:
        sink?.open(a as number);
        break;
      case NativeEvent.ChannelClosed:
        sink?.closed(a as number);
        break;
      case NativeEvent.ChannelError:
        sink?.error(a as number, String(b));
        break;
    }
  }
}

defineEventHandlers(RTCSctpTransport.prototype, ['statechange']);
