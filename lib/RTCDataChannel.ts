// W3C WebRTC §6.2 RTCDataChannel. bufferedAmount is kept here: it grows on send() and falls by
// the byte counts the native side reports as gone, so bufferedamountlow is exact and send()
// never blocks.
import { invalidStateError, operationError, RTCError, RTCErrorEvent } from './errors';
import { defineEventHandlers, RTCEventTarget, type EventHandler } from './events';
import type { NativeChannelInit } from './native';
import type { RTCSctpTransport } from './ortc/RTCSctpTransport';

export type RTCDataChannelState = 'connecting' | 'open' | 'closing' | 'closed';
/** 'nodebuffer' (nodertc extension) delivers binary messages as Buffer. */
export type BinaryType = 'arraybuffer' | 'blob' | 'nodebuffer';
export type RTCPriorityType = 'very-low' | 'low' | 'medium' | 'high';

export interface RTCDataChannelInit {
  ordered?: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol?: string;
  negotiated?: boolean;
  id?: number;
  priority?: RTCPriorityType;
}

/** A channel's fixed properties, checked (see channels.ts). */
export interface DataChannelParameters {
  label: string;
  ordered: boolean;
  maxPacketLifeTime: number | null;
  maxRetransmits: number | null;
  protocol: string;
  negotiated: boolean;
  id: number | null;
  priority: RTCPriorityType;
}

export interface RTCDataChannelEventMap {
  open: Event;
  message: MessageEvent;
  bufferedamountlow: Event;
  error: RTCErrorEvent;
  closing: Event;
  close: Event;
}

/** What the channel tells its registry. */
export interface DataChannelObserver {
  channelOpened(channel: RTCDataChannel): void;
  channelClosed(channel: RTCDataChannel): void;
}

export type SendData = string | Blob | ArrayBuffer | ArrayBufferView;

// W3C "WebRTC Priority Control": the DCEP priorities of RFC 8832 §5.1.
const PRIORITY_VALUES: Record<RTCPriorityType, number> = { 'very-low': 128, low: 256, medium: 512, high: 1024 };

export function priorityFromValue(value: number): RTCPriorityType {
  return value <= 128 ? 'very-low' : value <= 256 ? 'low' : value <= 512 ? 'medium' : 'high';
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return buffer as ArrayBuffer;
}

export class RTCDataChannel extends RTCEventTarget<RTCDataChannelEventMap> {
  declare onopen: EventHandler<RTCDataChannel, Event>;
  declare onmessage: EventHandler<RTCDataChannel, MessageEvent>;
  declare onbufferedamountlow: EventHandler<RTCDataChannel, Event>;
  declare onerror: EventHandler<RTCDataChannel, RTCErrorEvent>;
  declare onclosing: EventHandler<RTCDataChannel, Event>;
  declare onclose: EventHandler<RTCDataChannel, Event>;

  readonly label: string;
  readonly ordered: boolean;
  readonly maxPacketLifeTime: number | null;
  readonly maxRetransmits: number | null;
  readonly protocol: string;
  readonly negotiated: boolean;
  readonly priority: RTCPriorityType;

  /** @internal */
  _observer: DataChannelObserver | null = null;
  /** @internal Counters for getStats(). */
  _messagesSent = 0;
  /** @internal */
  _bytesSent = 0;
  /** @internal */
  _messagesReceived = 0;
  /** @internal */
  _bytesReceived = 0;

  #id: number | null;
  #readyState: RTCDataChannelState;
  #bufferedAmount = 0;
  #bufferedAmountLowThreshold = 0;
  #binaryType: BinaryType = 'arraybuffer';
  #sctp: RTCSctpTransport | null = null;
  /** Sends waiting behind a Blob being read (W3C WebRTC §6.2 send(): order is kept). */
  #queue: Promise<void> | null = null;
  #queued = 0;

  /** @internal RTCPeerConnection creates channels (createDataChannel, or the peer's). */
  constructor(parameters: DataChannelParameters, sctp: RTCSctpTransport | null = null) {
    super();
    this.label = parameters.label;
    this.ordered = parameters.ordered;
    this.maxPacketLifeTime = parameters.maxPacketLifeTime;
    this.maxRetransmits = parameters.maxRetransmits;
    this.protocol = parameters.protocol;
    this.negotiated = parameters.negotiated;
    this.priority = parameters.priority;
    this.#id = parameters.id;
    // A channel the peer opened is open from the start (W3C WebRTC §6.2 "announce").
    this.#readyState = sctp === null ? 'connecting' : 'open';
    this.#sctp = sctp;
  }

  get id(): number | null {
    return this.#id;
  }

  get readyState(): RTCDataChannelState {
    return this.#readyState;
  }

  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  get bufferedAmountLowThreshold(): number {
    return this.#bufferedAmountLowThreshold;
  }

  set bufferedAmountLowThreshold(value: number) {
    this.#bufferedAmountLowThreshold = Number(value) >>> 0;
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }

  set binaryType(value: BinaryType) {
    // An enum attribute ignores values outside the enum (WebIDL).
    if (value === 'arraybuffer' || value === 'blob' || value === 'nodebuffer') this.#binaryType = value;
  }

  /** W3C WebRTC §6.2 send(). */
  send(data: SendData): void {
    if (this.#readyState !== 'open') {
      throw invalidStateError(
        `RTCDataChannel.send: channel '${this.label}' is ${this.#readyState}, not open; ` +
          (this.#readyState === 'connecting' ? 'wait for its open event' : 'open a new channel'),
      );
    }
    let payload: string | Uint8Array | Blob;
    if (typeof data === 'string') payload = data;
    else if (data instanceof Uint8Array) payload = data;
    else if (data instanceof ArrayBuffer) payload = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else if (data instanceof Blob) payload = data;
    else payload = String(data); // the USVString overload takes anything else
    const size =
      typeof payload === 'string'
        ? Buffer.byteLength(payload)
        : payload instanceof Blob
          ? payload.size
          : payload.byteLength;
    const limit = (this.#sctp as RTCSctpTransport).maxMessageSize;
    if (size > limit) {
      throw new TypeError(
        `RTCDataChannel.send: the message has ${size} bytes, more than the ${limit} the peer accepts ` +
          '(sctp.maxMessageSize); split it into smaller messages',
      );
    }
    this.#bufferedAmount += size;
    if (this.#queue === null && !(payload instanceof Blob)) {
      this.#transmit(payload, size);
      return;
    }
    if (payload instanceof Blob) {
      const blob = payload;
      this.#enqueue(async () => this.#transmitIfOpen(new Uint8Array(await blob.arrayBuffer()), size));
    } else {
      const copy = typeof payload === 'string' ? payload : Uint8Array.from(payload);
      this.#enqueue(() => this.#transmitIfOpen(copy, size));
    }
  }

  /** W3C WebRTC §6.2 close(): 'closing' now, 'closed' and the close event when the stream is reset. */
  close(): void {
    if (this.#readyState === 'closing' || this.#readyState === 'closed') return;
    this.#readyState = 'closing';
    if (this.#id !== null && this.#sctp?._started === true) {
      this.#sctp._native.closeChannel(this.#id);
    } else {
      // Never opened on the wire: nothing to reset.
      setImmediate(() => this._closed());
    }
  }

  /** @internal The stream id, once the DTLS role is known (RFC 8832 §6). */
  _setId(id: number): void {
    this.#id = id;
  }

  /** @internal Opens the stream on a started association (DCEP, or directly if negotiated). */
  _openOn(sctp: RTCSctpTransport): void {
    this.#sctp = sctp;
    const init: NativeChannelInit = {
      label: this.label,
      protocol: this.protocol,
      ordered: this.ordered,
      maxRetransmits: this.maxRetransmits ?? -1,
      maxPacketLifeTime: this.maxPacketLifeTime ?? -1,
      priority: PRIORITY_VALUES[this.priority],
    };
    sctp._native.openChannel(this.#id as number, init, this.negotiated);
  }

  /** @internal Our channel is open: the DCEP ACK came, or it is negotiated and SCTP is up. */
  _opened(): void {
    if (this.#readyState !== 'connecting') return;
    this.#readyState = 'open';
    this.#announceOpen();
  }

  /** @internal A channel the peer opened, after the datachannel event (W3C WebRTC §6.2 "announce"). */
  _announced(): void {
    if (this.#readyState === 'open') this.#announceOpen();
  }

  /** @internal W3C WebRTC §6.2 "receiving messages". */
  _message(data: string | Buffer): void {
    // RFC 8832 §6: data may arrive before the DCEP ACK; it opens the channel.
    if (this.#readyState === 'connecting') this._opened();
    if (this.#readyState !== 'open') return;
    this._messagesReceived++;
    let payload: unknown = data;
    if (typeof data === 'string') {
      this._bytesReceived += Buffer.byteLength(data);
    } else {
      this._bytesReceived += data.byteLength;
      payload =
        this.#binaryType === 'nodebuffer'
          ? data
          : this.#binaryType === 'blob'
            ? new Blob([data as Uint8Array<ArrayBuffer>])
            : toArrayBuffer(data);
    }
    this.dispatchEvent(new MessageEvent('message', { data: payload }));
  }

  /** @internal Bytes left the send queue (W3C WebRTC §6.2 bufferedamountlow). */
  _sent(bytes: number): void {
    const before = this.#bufferedAmount;
    this.#bufferedAmount = Math.max(0, before - bytes);
    const threshold = this.#bufferedAmountLowThreshold;
    if (before > threshold && this.#bufferedAmount <= threshold) this.dispatchEvent(new Event('bufferedamountlow'));
  }

  /** @internal W3C WebRTC §6.2 "closing procedure" (peer-initiated) and "closed". */
  _closed(): void {
    if (this.#readyState === 'closed') return;
    if (this.#readyState !== 'closing') {
      this.#readyState = 'closing';
      this.dispatchEvent(new Event('closing'));
    }
    this.#readyState = 'closed';
    this._observer?.channelClosed(this);
    this.dispatchEvent(new Event('close'));
  }

  /** @internal The channel failed (e.g. a message over our limit); closing follows. */
  _failed(message: string): void {
    const error = new RTCError({ errorDetail: 'data-channel-failure' }, `RTCDataChannel '${this.label}': ${message}`);
    this.dispatchEvent(new RTCErrorEvent('error', { error }));
  }

  /** @internal RTCPeerConnection.close(): closed at once, without events. */
  _abort(): void {
    this.#readyState = 'closed';
  }

  #announceOpen(): void {
    this._observer?.channelOpened(this);
    this.dispatchEvent(new Event('open'));
  }

  #transmit(payload: string | Uint8Array, size: number): void {
    const binary = typeof payload !== 'string';
    if (!(this.#sctp as RTCSctpTransport)._native.send(this.#id as number, payload, binary)) {
      this.#bufferedAmount -= size;
      throw operationError(
        `RTCDataChannel.send: the stream of channel '${this.label}' is no longer open (the peer is closing it); the message was not sent`,
      );
    }
    this._messagesSent++;
    this._bytesSent += size;
  }

  #transmitIfOpen(payload: string | Uint8Array, size: number): void {
    if (this.#readyState === 'open') this.#transmit(payload, size);
  }

  #enqueue(step: () => void | Promise<void>): void {
    this.#queued++;
    this.#queue = (this.#queue ?? Promise.resolve())
      .then(step)
      .catch((error: Error) => this._failed(`a queued message could not be sent: ${error.message}`))
      .finally(() => {
        if (--this.#queued === 0) this.#queue = null;
      });
  }
}

defineEventHandlers(RTCDataChannel.prototype, ['open', 'message', 'bufferedamountlow', 'error', 'closing', 'close']);
