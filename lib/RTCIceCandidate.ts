// W3C WebRTC §4.8.1 RTCIceCandidate, and the candidate-attribute grammar of RFC 8839 §5.1.

export type RTCIceComponent = 'rtp' | 'rtcp';
export type RTCIceProtocol = 'udp' | 'tcp';
export type RTCIceCandidateType = 'host' | 'srflx' | 'prflx' | 'relay';
export type RTCIceTcpCandidateType = 'active' | 'passive' | 'so';
export type RTCIceServerTransportProtocol = 'udp' | 'tcp' | 'tls';

export interface RTCIceCandidateInit {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** The fields of a candidate attribute (RFC 8839 §5.1, RFC 6544 §4.5 for tcptype). */
export interface ParsedCandidate {
  foundation: string;
  componentId: number;
  protocol: RTCIceProtocol;
  priority: number;
  address: string;
  port: number;
  type: RTCIceCandidateType;
  relatedAddress: string | null;
  relatedPort: number | null;
  tcpType: RTCIceTcpCandidateType | null;
  usernameFragment: string | null;
}

const ICE_CHARS = /^[A-Za-z0-9+/]{1,32}$/;
const DIGITS = /^\d{1,10}$/;
const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);
const TCP_TYPES: ReadonlySet<string> = new Set(['active', 'passive', 'so']);

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/**
 * Parses "candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <address>] [rport <port>] *(<name> <value>)", with or without a leading "a=".
 * Returns null when the text does not follow the grammar.
 */
export function parseCandidate(attribute: string): ParsedCandidate | null {
  const text = attribute.startsWith('a=') ? attribute.slice(2) : attribute;
  if (!text.startsWith('candidate:')) return null;
  const fields = text.slice('candidate:'.length).trim().split(/\s+/);
  if (fields.length < 8 || fields[6] !== 'typ') return null;
  const [foundation, component, transport, priority, address, portText, , type] = fields;
  const protocol = transport.toLowerCase();
  const port = parsePort(portText);
  if (
    !ICE_CHARS.test(foundation) ||
    !/^\d{1,3}$/.test(component) ||
    (protocol !== 'udp' && protocol !== 'tcp') ||
    !DIGITS.test(priority) ||
    address.length === 0 ||
    port === null ||
    !CANDIDATE_TYPES.has(type)
  ) {
    return null;
  }
  const parsed: ParsedCandidate = {
    foundation,
    componentId: Number(component),
    protocol,
    priority: Number(priority),
    address,
    port,
    type: type as RTCIceCandidateType,
    relatedAddress: null,
    relatedPort: null,
    tcpType: null,
    usernameFragment: null,
  };
  // The rest is name/value pairs: raddr, rport, and extensions such as tcptype, generation, ufrag.
  if ((fields.length - 8) % 2 !== 0) return null;
  for (let i = 8; i < fields.length; i += 2) {
    const name = fields[i];
    const value = fields[i + 1];
    if (name === 'raddr') {
      parsed.relatedAddress = value;
    } else if (name === 'rport') {
      parsed.relatedPort = parsePort(value);
      if (parsed.relatedPort === null) return null;
    } else if (name === 'tcptype') {
      if (!TCP_TYPES.has(value)) return null;
      parsed.tcpType = value as RTCIceTcpCandidateType;
    } else if (name === 'ufrag') {
      parsed.usernameFragment = value;
    }
  }
  return parsed;
}

/** W3C WebRTC §4.8.1. */
export class RTCIceCandidate {
  readonly candidate: string;
  readonly sdpMid: string | null;
  readonly sdpMLineIndex: number | null;
  readonly usernameFragment: string | null;
  readonly foundation: string | null = null;
  readonly component: RTCIceComponent | null = null;
  readonly priority: number | null = null;
  readonly address: string | null = null;
  readonly protocol: RTCIceProtocol | null = null;
  readonly port: number | null = null;
  readonly type: RTCIceCandidateType | null = null;
  readonly tcpType: RTCIceTcpCandidateType | null = null;
  readonly relatedAddress: string | null = null;
  readonly relatedPort: number | null = null;
  /** Only for local relay candidates: the protocol to the TURN server. */
  readonly relayProtocol: RTCIceServerTransportProtocol | null = null;
  /** Only for local srflx/relay candidates: the STUN or TURN server's URL. */
  readonly url: string | null = null;

  constructor(init: RTCIceCandidateInit = {}) {
    const sdpMid = init.sdpMid ?? null;
    const sdpMLineIndex = init.sdpMLineIndex ?? null;
    if (sdpMid === null && sdpMLineIndex === null) {
      throw new TypeError(
        'RTCIceCandidate: sdpMid and sdpMLineIndex are both null; give the m-section the candidate ' +
          'belongs to (copy both from the icecandidate event of the other peer)',
      );
    }
    if (sdpMLineIndex !== null && !(Number.isInteger(sdpMLineIndex) && sdpMLineIndex >= 0 && sdpMLineIndex <= 65535)) {
      throw new TypeError(`RTCIceCandidate: sdpMLineIndex ${sdpMLineIndex} is not an unsigned short`);
    }
    this.candidate = String(init.candidate ?? '');
    this.sdpMid = sdpMid === null ? null : String(sdpMid);
    this.sdpMLineIndex = sdpMLineIndex;
    const parsed = this.candidate === '' ? null : parseCandidate(this.candidate);
    this.usernameFragment = init.usernameFragment ?? parsed?.usernameFragment ?? null;
    if (parsed === null) return;
    this.foundation = parsed.foundation;
    this.component = parsed.componentId === 1 ? 'rtp' : parsed.componentId === 2 ? 'rtcp' : null;
    this.priority = parsed.priority;
    this.address = parsed.address;
    this.protocol = parsed.protocol;
    this.port = parsed.port;
    this.type = parsed.type;
    this.tcpType = parsed.tcpType;
    this.relatedAddress = parsed.relatedAddress;
    this.relatedPort = parsed.relatedPort;
  }

  toJSON(): RTCIceCandidateInit {
    return {
      candidate: this.candidate,
      sdpMid: this.sdpMid,
      sdpMLineIndex: this.sdpMLineIndex,
      usernameFragment: this.usernameFragment,
    };
  }
}
