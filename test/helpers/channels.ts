// Data channel scenarios shared by the suites: open a channel between two peers, record what
// each end sees, move messages and check they arrive intact.
import { expectSameMessage } from './data';
import { Target, waitFor, waitForEvent } from './signaling';

/** What the scenarios use of a data channel (W3C shape; the Chromium proxy's send is async). */
export interface ChannelLike extends Target {
  readonly label: string;
  readonly readyState: string;
  readonly id: number | null;
  readonly protocol: string;
  readonly ordered: boolean;
  readonly negotiated: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  binaryType: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: any): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface ChannelPeer extends Target {
  createDataChannel(label: string, init?: Record<string, unknown>): ChannelLike | Promise<ChannelLike>;
}

const LIFECYCLE = ['open', 'closing', 'close', 'error', 'bufferedamountlow'];

/** One end of a channel with everything it received and the order of its lifecycle events. */
export class ChannelEnd {
  readonly messages: unknown[] = [];
  readonly events: string[] = [];

  constructor(readonly channel: ChannelLike) {
    channel.addEventListener('message', (event: { data: unknown }) => this.messages.push(event.data));
    for (const type of LIFECYCLE) channel.addEventListener(type, () => this.events.push(type));
  }

  /** Waits for `count` messages in all (not only new ones). */
  async received(count: number, timeoutMs = 10000): Promise<unknown[]> {
    await waitFor(
      () => this.messages.length >= count,
      timeoutMs,
      () =>
        `${count} messages on '${this.channel.label}' ` +
        `(have ${this.messages.length}, readyState '${this.channel.readyState}')`,
    );
    return this.messages.slice(0, count);
  }

  /** Removes and returns the next `count` messages, waiting for them. */
  async take(count: number, timeoutMs = 10000): Promise<unknown[]> {
    await this.received(count, timeoutMs);
    return this.messages.splice(0, count);
  }

  async opened(timeoutMs = 10000): Promise<void> {
    if (this.channel.readyState === 'open') return;
    await waitFor(
      () => this.channel.readyState === 'open' || this.events.includes('open'),
      timeoutMs,
      () => `'${this.channel.label}' to open (readyState '${this.channel.readyState}')`,
    );
  }

  async closed(timeoutMs = 10000): Promise<void> {
    await waitFor(
      () => this.events.includes('close'),
      timeoutMs,
      () =>
        `'close' on '${this.channel.label}' ` +
        `(readyState '${this.channel.readyState}', events ${this.events.join()})`,
    );
  }
}

export interface OpenOptions {
  /** RTCDataChannelInit for the channel (both twins when negotiated). */
  init?: Record<string, unknown>;
  /** Runs after the channel exists on `a`: negotiation, when this is the connection's first channel. */
  connect?: () => Promise<unknown>;
  timeoutMs?: number;
}

/**
 * Creates a channel on `a` and returns both ends once open: `b`'s end is the one its
 * 'datachannel' event delivers, or (negotiated) the twin created on `b` with the same init.
 */
export async function openChannel(
  a: ChannelPeer,
  b: ChannelPeer,
  label: string,
  { init = {}, connect, timeoutMs = 10000 }: OpenOptions = {},
): Promise<[ChannelEnd, ChannelEnd]> {
  let remote: Promise<ChannelEnd>;
  if (init.negotiated) {
    remote = Promise.resolve(b.createDataChannel(label, init)).then((channel) => new ChannelEnd(channel));
  } else {
    // The end is wrapped inside the event, so no message can arrive before it is recorded.
    let end: ChannelEnd | undefined;
    remote = waitForEvent(b, 'datachannel', timeoutMs, (event: { channel: ChannelLike }) => {
      if (event.channel.label !== label) return false;
      end = new ChannelEnd(event.channel);
      return true;
    }).then(() => end as ChannelEnd);
  }
  remote.catch(() => undefined); // awaited below; meanwhile a timeout is not an unhandled rejection
  const local = new ChannelEnd(await a.createDataChannel(label, init));
  await connect?.();
  const far = await remote;
  await Promise.all([local.opened(timeoutMs), far.opened(timeoutMs)]);
  return [local, far];
}

/** Sends each payload from `from` and checks `to` receives exactly these, in order. */
export async function exchange(
  from: ChannelEnd,
  to: ChannelEnd,
  payloads: unknown[],
  timeoutMs = 10000,
): Promise<void> {
  for (const data of payloads) await from.channel.send(data);
  const received = await to.take(payloads.length, timeoutMs);
  for (let i = 0; i < payloads.length; i++) await expectSameMessage(payloads[i], received[i]);
}

/** Closes the channel at `closer` and checks both ends reach 'closed' with the right events. */
export async function closeAndCheck(closer: ChannelEnd, other: ChannelEnd, timeoutMs = 10000): Promise<void> {
  await closer.channel.close();
  await Promise.all([closer.closed(timeoutMs), other.closed(timeoutMs)]);
  if (closer.channel.readyState !== 'closed' || other.channel.readyState !== 'closed') {
    throw new Error(`readyState after close: ${closer.channel.readyState} / ${other.channel.readyState}`);
  }
  // The far end learns of the close from the stream reset: 'closing' first, then 'close'.
  const seen = other.events.filter((type) => type === 'closing' || type === 'close');
  if (seen.join() !== 'closing,close') {
    throw new Error(`far end saw ${JSON.stringify(seen)}, expected closing then close`);
  }
}
