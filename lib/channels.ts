// The data channels of one RTCPeerConnection: createDataChannel's checks (W3C WebRTC §6.1),
// stream id allocation (RFC 8832 §6: the DTLS client takes even ids, the server odd ones), opening
// them when SCTP starts, and routing the association's channel events to them.
import type { RTCDataChannelInit, DataChannelObserver, DataChannelParameters, RTCPriorityType } from './RTCDataChannel';
import { RTCDataChannel, priorityFromValue } from './RTCDataChannel';
import { operationError } from './errors';
import type { DtlsRole } from './jsep/types';
import type { NativeChannelInit } from './native';
import type { ChannelSink, RTCSctpTransport } from './ortc/RTCSctpTransport';

/** The largest stream id (RFC 8831 §6.2: 65535 is reserved). */
const MAX_STREAM_ID = 65534;

/** What the peer connection does for its channels. */
export interface DataChannelHost {
  /** Fire the datachannel event for a channel the peer opened. */
  announce(channel: RTCDataChannel): void;
}

// WebIDL [EnforceRange] unsigned short.
function unsignedShort(value: unknown, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || Math.trunc(number) < 0 || Math.trunc(number) > 65535) {
    throw new TypeError(`createDataChannel: ${name} ${String(value)} is not an integer in 0-65535`);
  }
  return Math.trunc(number);
}

function checkedString(value: unknown, name: string): string {
  const text = String(value);
  if (Buffer.byteLength(text) > 65535) {
    throw new TypeError(`createDataChannel: ${name} is longer than 65535 bytes (RFC 8832 §5.1)`);
  }
  return text;
}

/** W3C WebRTC §6.1 createDataChannel, the argument checks (all TypeError). */
export function dataChannelParameters(label: unknown, init: RTCDataChannelInit = {}): DataChannelParameters {
  if (label === undefined) throw new TypeError('createDataChannel: a label is required');
  const maxPacketLifeTime =
    init.maxPacketLifeTime === undefined ? null : unsignedShort(init.maxPacketLifeTime, 'maxPacketLifeTime');
  const maxRetransmits =
    init.maxRetransmits === undefined ? null : unsignedShort(init.maxRetransmits, 'maxRetransmits');
  if (maxPacketLifeTime !== null && maxRetransmits !== null) {
    throw new TypeError('createDataChannel: set maxPacketLifeTime or maxRetransmits, not both');
  }
  const negotiated = Boolean(init.negotiated ?? false);
  const id = init.id === undefined ? null : unsignedShort(init.id, 'id');
  if (negotiated && id === null) {
    throw new TypeError('createDataChannel: a negotiated channel needs an id, the same on both peers');
  }
  if (negotiated && id === 65535) throw new TypeError('createDataChannel: id 65535 is reserved; use 0-65534');
  const priority = init.priority ?? 'low';
  if (!['very-low', 'low', 'medium', 'high'].includes(priority)) {
    throw new TypeError(`createDataChannel: priority ${JSON.stringify(priority)} is not very-low, low, medium or high`);
  }
  return {
    label: checkedString(label, 'label'),
    ordered: Boolean(init.ordered ?? true),
    maxPacketLifeTime,
    maxRetransmits,
    protocol: checkedString(init.protocol ?? '', 'protocol'),
    negotiated,
    // Only a negotiated channel chooses its id (W3C WebRTC §6.1 step "[[DataChannelId]]").
    id: negotiated ? id : null,
    priority: priority as RTCPriorityType,
  };
}

export class DataChannels implements ChannelSink, DataChannelObserver {
  /** W3C stats: channels that reached 'open' and channels that reached 'closed'. */
  dataChannelsOpened = 0;
  dataChannelsClosed = 0;

  readonly #host: DataChannelHost;
  readonly #byId = new Map<number, RTCDataChannel>();
  /** Channels waiting for SCTP to start (those without an id wait for the DTLS role too). */
  #waiting: RTCDataChannel[] = [];
  #sctp: RTCSctpTransport | null = null;
  #role: DtlsRole | null = null;
  #createdAny = false;

  constructor(host: DataChannelHost) {
    this.#host = host;
  }

  /** Whether createDataChannel was ever called (W3C WebRTC "check if negotiation is needed"). */
  get createdAny(): boolean {
    return this.#createdAny;
  }

  /** The channels not yet closed. */
  list(): RTCDataChannel[] {
    return [...this.#byId.values(), ...this.#waiting.filter((channel) => channel.id === null)];
  }

  /** W3C WebRTC §6.1 createDataChannel, after the argument checks. */
  create(parameters: DataChannelParameters): RTCDataChannel {
    if (parameters.id !== null && this.#byId.has(parameters.id)) {
      throw operationError(
        `createDataChannel: id ${parameters.id} is already used by another channel; choose a free id`,
      );
    }
    const channel = new RTCDataChannel(parameters);
    channel._observer = this;
    this.#createdAny = true;
    if (parameters.id !== null) this.#byId.set(parameters.id, channel);
    if (this.#sctp !== null) this.#open(channel);
    else this.#waiting.push(channel);
    return channel;
  }

  /** SCTP started with the DTLS role settled: assign ids and open the waiting channels. */
  start(sctp: RTCSctpTransport, role: DtlsRole): void {
    if (this.#sctp !== null) return;
    this.#sctp = sctp;
    this.#role = role;
    sctp._sink = this;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const channel of waiting) this.#open(channel);
  }

  /** RTCPeerConnection.close(): every channel is closed at once, without events. */
  abort(): void {
    for (const channel of this.list()) channel._abort();
    this.#byId.clear();
    this.#waiting = [];
  }

  // ChannelSink: the association's events.

  remoteOpen(id: number, init: NativeChannelInit): void {
    if (this.#byId.has(id) || this.#sctp === null) return;
    const channel = new RTCDataChannel(
      {
        label: init.label,
        ordered: init.ordered,
        maxPacketLifeTime: init.maxPacketLifeTime < 0 ? null : init.maxPacketLifeTime,
        maxRetransmits: init.maxRetransmits < 0 ? null : init.maxRetransmits,
        protocol: init.protocol,
        negotiated: false,
        id,
        priority: priorityFromValue(init.priority),
      },
      this.#sctp,
    );
    channel._observer = this;
    this.#byId.set(id, channel);
    this.#host.announce(channel);
    channel._announced();
  }

  open(id: number): void {
    this.#byId.get(id)?._opened();
  }

  message(id: number, data: string | Buffer): void {
    this.#byId.get(id)?._message(data);
  }

  sent(id: number, bytes: number): void {
    this.#byId.get(id)?._sent(bytes);
  }

  closed(id: number): void {
    this.#byId.get(id)?._closed();
  }

  error(id: number, message: string): void {
    this.#byId.get(id)?._failed(message);
  }

  transportClosed(): void {
    for (const channel of this.list()) channel._closed();
  }

  // DataChannelObserver: the channels' own transitions.

  channelOpened(): void {
    this.dataChannelsOpened++;
  }

  channelClosed(channel: RTCDataChannel): void {
    this.dataChannelsClosed++;
    if (channel.id !== null && this.#byId.get(channel.id) === channel) this.#byId.delete(channel.id);
    this.#waiting = this.#waiting.filter((waiting) => waiting !== channel);
  }

  #open(channel: RTCDataChannel): void {
    const sctp = this.#sctp as RTCSctpTransport;
    if (channel.id === null) {
      const id = this.#freeId();
      if (id === null) {
        channel._failed('all SCTP stream ids are in use; close some channels first');
        channel._closed();
        return;
      }
      channel._setId(id);
      this.#byId.set(id, channel);
    }
    channel._openOn(sctp);
  }

  #freeId(): number | null {
    for (let id = this.#role === 'client' ? 0 : 1; id <= MAX_STREAM_ID; id += 2) {
      if (!this.#byId.has(id)) return id;
    }
    return null;
  }
}
