// Drives Debian's Chromium (never a downloaded browser) through playwright-core and exposes its
// RTCPeerConnection to Node as W3C-shaped proxies: ChromiumPeerConnection and ChromiumDataChannel
// are EventTargets whose methods run in the page and whose events the page pushes back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { CandidateInit, Description } from './signaling';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Binary payloads cross the CDP boundary as base64, strings as themselves. */
type Wire = { s: string } | { b: string };

interface PeerSnapshot {
  connectionState: string;
  iceConnectionState: string;
  iceGatheringState: string;
  signalingState: string;
  localDescription: Description | null;
  remoteDescription: Description | null;
}

interface ChannelSnapshot {
  handle: number;
  label: string;
  id: number | null;
  protocol: string;
  ordered: boolean;
  negotiated: boolean;
  maxRetransmits: number | null;
  maxPacketLifeTime: number | null;
  readyState: string;
  bufferedAmount: number;
}

interface PageEvent {
  type: string;
  peer?: PeerSnapshot;
  channel?: ChannelSnapshot;
  candidate?: CandidateInit | null;
  data?: Wire;
}

/** The page side, serialized into about:blank: a registry of peers/channels and an RPC surface. */
function installPageSide(): void {
  const page = window as any;
  const peers = new Map<number, RTCPeerConnection>();
  const channels = new Map<number, RTCDataChannel>();
  let nextHandle = 1;
  const emit = (kind: string, handle: number, event: unknown): void => {
    page.__nodertcEmit(kind, handle, event);
  };
  const toBase64 = (bytes: Uint8Array): string => {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  };
  const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const description = (d: RTCSessionDescription | null) => (d ? { type: d.type, sdp: d.sdp } : null);
  const peerSnapshot = (pc: RTCPeerConnection) => ({
    connectionState: pc.connectionState,
    iceConnectionState: pc.iceConnectionState,
    iceGatheringState: pc.iceGatheringState,
    signalingState: pc.signalingState,
    localDescription: description(pc.localDescription),
    remoteDescription: description(pc.remoteDescription),
  });
  const channelSnapshot = (handle: number, ch: RTCDataChannel) => ({
    handle,
    label: ch.label,
    id: ch.id,
    protocol: ch.protocol,
    ordered: ch.ordered,
    negotiated: ch.negotiated,
    maxRetransmits: ch.maxRetransmits,
    maxPacketLifeTime: ch.maxPacketLifeTime,
    readyState: ch.readyState,
    bufferedAmount: ch.bufferedAmount,
  });
  const track = (ch: RTCDataChannel) => {
    const handle = nextHandle++;
    channels.set(handle, ch);
    ch.binaryType = 'arraybuffer';
    for (const type of ['open', 'closing', 'close', 'error', 'bufferedamountlow']) {
      ch.addEventListener(type, () => emit('channel', handle, { type, channel: channelSnapshot(handle, ch) }));
    }
    ch.addEventListener('message', (event: MessageEvent) => {
      const data = typeof event.data === 'string' ? { s: event.data } : { b: toBase64(new Uint8Array(event.data)) };
      emit('channel', handle, { type: 'message', data, channel: channelSnapshot(handle, ch) });
    });
    return channelSnapshot(handle, ch);
  };
  page.__nodertc = {
    createPeer(config: RTCConfiguration): number {
      const handle = nextHandle++;
      const pc = new RTCPeerConnection(config);
      peers.set(handle, pc);
      const states = ['connection', 'iceconnection', 'icegathering', 'signaling'];
      for (const type of states.map((state) => `${state}statechange`)) {
        pc.addEventListener(type, () => emit('peer', handle, { type, peer: peerSnapshot(pc) }));
      }
      pc.addEventListener('icecandidate', (event: RTCPeerConnectionIceEvent) => {
        const candidate = event.candidate ? event.candidate.toJSON() : null;
        emit('peer', handle, { type: 'icecandidate', candidate, peer: peerSnapshot(pc) });
      });
      pc.addEventListener('datachannel', (event: RTCDataChannelEvent) => {
        emit('peer', handle, { type: 'datachannel', channel: track(event.channel), peer: peerSnapshot(pc) });
      });
      return handle;
    },
    async call(handle: number, method: string, args: unknown[]) {
      const pc = peers.get(handle) as any;
      let result = await pc[method](...args);
      if (result instanceof RTCStatsReport) {
        const entries: unknown[] = [];
        result.forEach((entry) => entries.push(entry));
        result = entries;
      } else if (result instanceof RTCSessionDescription) result = description(result);
      return { result, peer: peerSnapshot(pc) };
    },
    createDataChannel(handle: number, label: string, init: RTCDataChannelInit) {
      return track((peers.get(handle) as RTCPeerConnection).createDataChannel(label, init));
    },
    send(handle: number, data: { s: string } | { b: string }) {
      const ch = channels.get(handle) as RTCDataChannel;
      if ('s' in data) ch.send(data.s);
      else ch.send(fromBase64(data.b));
      return channelSnapshot(handle, ch);
    },
    closeChannel(handle: number) {
      const ch = channels.get(handle) as RTCDataChannel;
      ch.close();
      return channelSnapshot(handle, ch);
    },
  };
}

function withProperties<T extends object>(event: Event, properties: T): Event & T {
  return Object.assign(event, properties);
}

/** A Chromium RTCDataChannel seen from Node. send() and close() return promises (page RPC). */
export class ChromiumDataChannel extends EventTarget {
  readonly handle: number;
  readonly label: string;
  readonly protocol: string;
  readonly ordered: boolean;
  readonly negotiated: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  id: number | null;
  readyState: string;
  bufferedAmount: number;
  /** How received binary messages are handed out here: 'arraybuffer', 'blob' or 'nodebuffer'. */
  binaryType = 'arraybuffer';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly browser: ChromiumBrowser,
    snapshot: ChannelSnapshot,
  ) {
    super();
    this.handle = snapshot.handle;
    this.label = snapshot.label;
    this.protocol = snapshot.protocol;
    this.ordered = snapshot.ordered;
    this.negotiated = snapshot.negotiated;
    this.maxRetransmits = snapshot.maxRetransmits;
    this.maxPacketLifeTime = snapshot.maxPacketLifeTime;
    this.id = snapshot.id;
    this.readyState = snapshot.readyState;
    this.bufferedAmount = snapshot.bufferedAmount;
  }

  /** Sends in call order (each send waits for the previous one to reach the page). */
  send(data: string | ArrayBuffer | ArrayBufferView | Buffer): Promise<void> {
    const bytes = (view: ArrayBuffer | ArrayBufferView): Buffer =>
      ArrayBuffer.isView(view) ? Buffer.from(view.buffer, view.byteOffset, view.byteLength) : Buffer.from(view);
    const wire: Wire = typeof data === 'string' ? { s: data } : { b: bytes(data).toString('base64') };
    return this.enqueue(() => this.browser.rpc((a) => (window as any).__nodertc.send(a[0], a[1]), [this.handle, wire]));
  }

  close(): Promise<void> {
    return this.enqueue(() => this.browser.rpc((h) => (window as any).__nodertc.closeChannel(h), this.handle));
  }

  /** @internal an event from the page */
  receive(event: PageEvent): void {
    if (event.channel) this.update(event.channel);
    if (event.type === 'message') {
      this.dispatchEvent(new MessageEvent('message', { data: this.unwire(event.data as Wire) }));
    } else {
      this.dispatchEvent(new Event(event.type));
    }
  }

  private enqueue(call: () => Promise<ChannelSnapshot>): Promise<void> {
    const done = this.queue.then(call).then((snapshot) => this.update(snapshot));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private update(snapshot: ChannelSnapshot): void {
    this.id = snapshot.id;
    this.readyState = snapshot.readyState;
    this.bufferedAmount = snapshot.bufferedAmount;
  }

  private unwire(data: Wire): unknown {
    if ('s' in data) return data.s;
    const bytes = Buffer.from(data.b, 'base64');
    if (this.binaryType === 'nodebuffer') return bytes;
    if (this.binaryType === 'blob') return new Blob([bytes]);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
}

/** A Chromium RTCPeerConnection seen from Node: methods run in the page, state is mirrored. */
export class ChromiumPeerConnection extends EventTarget {
  connectionState = 'new';
  iceConnectionState = 'new';
  iceGatheringState = 'new';
  signalingState = 'stable';
  localDescription: Description | null = null;
  remoteDescription: Description | null = null;

  constructor(
    private readonly browser: ChromiumBrowser,
    readonly handle: number,
  ) {
    super();
  }

  createOffer(): Promise<Description> {
    return this.call('createOffer');
  }

  createAnswer(): Promise<Description> {
    return this.call('createAnswer');
  }

  async setLocalDescription(description?: Description): Promise<void> {
    await this.call('setLocalDescription', description ? [description] : []);
  }

  async setRemoteDescription(description: Description): Promise<void> {
    await this.call('setRemoteDescription', [description]);
  }

  async addIceCandidate(candidate: CandidateInit): Promise<void> {
    await this.call('addIceCandidate', [candidate]);
  }

  /** The stats report as a Map of id → stats, like RTCStatsReport. */
  async getStats(): Promise<Map<string, any>> {
    const stats: Array<{ id: string }> = await this.call('getStats');
    return new Map(stats.map((entry) => [entry.id, entry]));
  }

  async createDataChannel(label: string, init: Record<string, unknown> = {}): Promise<ChromiumDataChannel> {
    const snapshot = await this.browser.rpc((a) => (window as any).__nodertc.createDataChannel(a[0], a[1], a[2]), [
      this.handle,
      label,
      init,
    ] as [number, string, Record<string, unknown>]);
    return this.browser.adoptChannel(snapshot);
  }

  async close(): Promise<void> {
    await this.call('close');
    // close() fires no state events in the page: mirror the spec's end state.
    this.connectionState = 'closed';
    this.iceConnectionState = 'closed';
    this.signalingState = 'closed';
  }

  /** @internal an event from the page */
  receive(event: PageEvent): void {
    if (event.peer) this.update(event.peer);
    if (event.type === 'icecandidate') {
      this.dispatchEvent(withProperties(new Event('icecandidate'), { candidate: event.candidate ?? null }));
    } else if (event.type === 'datachannel') {
      const channel = this.browser.adoptChannel(event.channel as ChannelSnapshot);
      this.dispatchEvent(withProperties(new Event('datachannel'), { channel }));
    } else {
      this.dispatchEvent(new Event(event.type));
    }
  }

  private async call(method: string, args: unknown[] = []): Promise<any> {
    const { result, peer } = await this.browser.rpc((a) => (window as any).__nodertc.call(a[0], a[1], a[2]), [
      this.handle,
      method,
      args,
    ] as [number, string, unknown[]]);
    if (this.signalingState !== 'closed') this.update(peer);
    return result;
  }

  private update(snapshot: PeerSnapshot): void {
    Object.assign(this, snapshot);
  }
}

/** One headless Chromium with a fresh profile and one about:blank page hosting all its peers. */
export class ChromiumBrowser {
  private readonly peers = new Map<number, ChromiumPeerConnection>();
  private readonly channels = new Map<number, ChromiumDataChannel>();

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly profileDir: string,
  ) {}

  static async launch(): Promise<ChromiumBrowser> {
    const profileDir = mkdtempSync(join(tmpdir(), 'nodertc-chromium-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: 20000,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const browser = new ChromiumBrowser(context, page, profileDir);
      await page.exposeFunction('__nodertcEmit', (kind: string, handle: number, event: PageEvent) =>
        browser.route(kind, handle, event),
      );
      await page.evaluate(installPageSide);
      return browser;
    } catch (error) {
      await context?.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
      throw error;
    }
  }

  async createPeerConnection(config: Record<string, unknown> = {}): Promise<ChromiumPeerConnection> {
    const handle = await this.rpc((c) => (window as any).__nodertc.createPeer(c), config);
    const peer = new ChromiumPeerConnection(this, handle);
    this.peers.set(handle, peer);
    return peer;
  }

  /** Closes the browser (its process ends with it) and deletes the profile. */
  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      rmSync(this.profileDir, { recursive: true, force: true });
    }
  }

  /** @internal runs `fn(arg)` in the page */
  rpc<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.page.evaluate(fn as any, arg) as Promise<R>;
  }

  /** @internal the proxy of a page channel (one per handle) */
  adoptChannel(snapshot: ChannelSnapshot): ChromiumDataChannel {
    let channel = this.channels.get(snapshot.handle);
    if (!channel) {
      channel = new ChromiumDataChannel(this, snapshot);
      this.channels.set(snapshot.handle, channel);
    }
    return channel;
  }

  private route(kind: string, handle: number, event: PageEvent): void {
    if (kind === 'peer') this.peers.get(handle)?.receive(event);
    else this.adoptChannel(event.channel as ChannelSnapshot).receive(event);
  }
}
