// The event plumbing shared by every W3C object: Node's EventTarget with the HTML "event handler
// IDL attribute" semantics for `onX`, typed `.on/.off/.once` helpers, and the WebRTC event classes.
import type { RTCDataChannel } from './RTCDataChannel';
import type { RTCIceCandidate } from './RTCIceCandidate';

/** The value of an `onX` attribute. */
export type EventHandler<T, E extends Event> = ((this: T, event: E) => unknown) | null;

interface HandlerSlot {
  handler: (event: Event) => unknown;
  listener: (event: Event) => void;
}

// The active `onX` handlers of each target.
const handlerSlots = new WeakMap<EventTarget, Map<string, HandlerSlot>>();

/** Typed addEventListener / removeEventListener overloads for the events of M. */
export interface RTCEventTarget<M extends { [K in keyof M]: Event }> {
  addEventListener<K extends keyof M & string>(
    type: K,
    listener: ((this: this, event: M[K]) => unknown) | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof M & string>(
    type: K,
    listener: ((this: this, event: M[K]) => unknown) | null,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
}

/**
 * An EventTarget whose events are typed by the map M (event type → event class). Subclasses
 * declare their `onX` attributes and install them with {@link defineEventHandlers}.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RTCEventTarget<M extends { [K in keyof M]: Event }> extends EventTarget {
  /** Adds a listener for `type` (aiortc-style); the listener gets the event. */
  on<K extends keyof M & string>(type: K, listener: (event: M[K]) => void): this {
    this.addEventListener(type, listener as unknown as EventListener);
    return this;
  }

  /** Like {@link on}, for one event only. */
  once<K extends keyof M & string>(type: K, listener: (event: M[K]) => void): this {
    this.addEventListener(type, listener as unknown as EventListener, { once: true });
    return this;
  }

  /** Removes a listener added with {@link on} or {@link once}. */
  off<K extends keyof M & string>(type: K, listener: (event: M[K]) => void): this {
    this.removeEventListener(type, listener as unknown as EventListener);
    return this;
  }
}

function getHandler(target: EventTarget, type: string): unknown {
  return handlerSlots.get(target)?.get(type)?.handler ?? null;
}

// HTML "event handler IDL attributes": setting a function activates the handler (its listener keeps
// its place in the listener list while it is replaced); setting null (or a non-function) removes it.
function setHandler(target: EventTarget, type: string, value: unknown): void {
  let map = handlerSlots.get(target);
  if (map === undefined) {
    map = new Map();
    handlerSlots.set(target, map);
  }
  const slot = map.get(type);
  if (typeof value !== 'function') {
    if (slot !== undefined) {
      target.removeEventListener(type, slot.listener);
      map.delete(type);
    }
    return;
  }
  if (slot !== undefined) {
    slot.handler = value as HandlerSlot['handler'];
    return;
  }
  const created: HandlerSlot = {
    handler: value as HandlerSlot['handler'],
    listener: (event) => {
      created.handler.call(target, event);
    },
  };
  map.set(type, created);
  target.addEventListener(type, created.listener);
}

/** Installs `on<type>` accessors on a class prototype for each event type. */
export function defineEventHandlers(prototype: object, types: readonly string[]): void {
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: EventTarget) {
        return getHandler(this, type);
      },
      set(this: EventTarget, value: unknown) {
        setHandler(this, type, value);
      },
    });
  }
}

export interface RTCPeerConnectionIceEventInit extends EventInit {
  candidate?: RTCIceCandidate | null;
  url?: string | null;
}

/** W3C WebRTC §4.8.2: the `icecandidate` event; candidate null means gathering finished. */
export class RTCPeerConnectionIceEvent extends Event {
  readonly candidate: RTCIceCandidate | null;
  readonly url: string | null;

  constructor(type: string, init: RTCPeerConnectionIceEventInit = {}) {
    super(type, init);
    this.candidate = init.candidate ?? null;
    this.url = init.url ?? null;
  }
}

export interface RTCPeerConnectionIceErrorEventInit extends EventInit {
  address?: string | null;
  port?: number | null;
  url?: string;
  errorCode: number;
  errorText?: string;
}

/** W3C WebRTC §4.8.3: the `icecandidateerror` event (a STUN or TURN server failed). */
export class RTCPeerConnectionIceErrorEvent extends Event {
  readonly address: string | null;
  readonly port: number | null;
  readonly url: string;
  readonly errorCode: number;
  readonly errorText: string;

  constructor(type: string, init: RTCPeerConnectionIceErrorEventInit) {
    super(type, init);
    this.address = init.address ?? null;
    this.port = init.port ?? null;
    this.url = init.url ?? '';
    this.errorCode = init.errorCode;
    this.errorText = init.errorText ?? '';
  }
}

export interface RTCDataChannelEventInit extends EventInit {
  channel: RTCDataChannel;
}

/** W3C WebRTC §6.3: the `datachannel` event. */
export class RTCDataChannelEvent extends Event {
  readonly channel: RTCDataChannel;

  constructor(type: string, init: RTCDataChannelEventInit) {
    super(type, init);
    this.channel = init.channel;
  }
}
