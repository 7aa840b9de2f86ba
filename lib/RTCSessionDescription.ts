// W3C WebRTC §4.6.2 RTCSessionDescription.

export type RTCSdpType = 'offer' | 'pranswer' | 'answer' | 'rollback';

export interface RTCSessionDescriptionInit {
  type: RTCSdpType;
  sdp?: string;
}

const SDP_TYPES: ReadonlySet<string> = new Set(['offer', 'pranswer', 'answer', 'rollback']);

/** WebIDL conversion of a `type` member: a TypeError unless it is an RTCSdpType. */
export function toSdpType(value: unknown, where: string): RTCSdpType {
  if (typeof value !== 'string' || !SDP_TYPES.has(value)) {
    throw new TypeError(
      `${where}: type ${JSON.stringify(value)} is not one of 'offer', 'pranswer', 'answer', 'rollback'`,
    );
  }
  return value as RTCSdpType;
}

export class RTCSessionDescription {
  readonly type: RTCSdpType;
  readonly sdp: string;

  constructor(init: RTCSessionDescriptionInit) {
    if (init === null || typeof init !== 'object') {
      throw new TypeError('RTCSessionDescription: the argument must be an object { type, sdp }');
    }
    this.type = toSdpType(init.type, 'RTCSessionDescription');
    this.sdp = init.sdp === undefined ? '' : String(init.sdp);
  }

  toJSON(): RTCSessionDescriptionInit {
    return { type: this.type, sdp: this.sdp };
  }
}
