// The addon's surface as native/binding implements it. Arguments are checked in
// TypeScript before they reach these calls; the C++ entry points trust them.

/** Event codes the addon passes to the dispatch function. */
export const enum NativeEvent {
  /** a: candidate attribute ("candidate:..."), from an IceTransport. */
  IceCandidate = 1,
  /** Gathering finished (end-of-candidates). */
  IceGatheringComplete = 2,
  /** a: 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed'. */
  IceState = 3,
  /** a: local candidate attribute, b: remote candidate attribute. */
  IceSelectedPair = 4,
  /** a: 'connecting' | 'connected' | 'closed' | 'failed', b: error message when failed. */
  DtlsState = 5,
  /** a: 'connecting' | 'connected' | 'closed'. */
  SctpState = 6,
  /** The peer opened a channel with DCEP (we already acked). a: stream id, b: NativeChannelInit. */
  ChannelRemoteOpen = 7,
  /** Our channel is open (DCEP ACK received, or negotiated and SCTP up). a: stream id. */
  ChannelOpen = 8,
  /** a: stream id, b: string (PPID string) or Buffer (PPID binary). */
  ChannelMessage = 9,
  /** a: stream id, b: bytes that left the send queue (bufferedAmount falls by it). */
  ChannelSent = 10,
  /** The stream was reset (closed by either side). a: stream id. */
  ChannelClosed = 11,
  /** a: stream id, b: message. The channel failed (e.g. a message over the local limit). */
  ChannelError = 12,
}

export type NativeDispatch = (handle: number, code: NativeEvent, a?: unknown, b?: unknown) => void;

export interface NativeChannelInit {
  label: string;
  protocol: string;
  ordered: boolean;
  /** -1 when not set. */
  maxRetransmits: number;
  /** -1 when not set. */
  maxPacketLifeTime: number;
  priority: number;
}

export interface NativeIceOptions {
  /** 0 for any. */
  portMin?: number;
  portMax?: number;
  /** Interface names or addresses to gather on; empty for all. */
  interfaces?: string[];
}

export interface NativeIceTransport {
  readonly handle: number;
  gather(): void;
  localParameters(): { usernameFragment: string; password: string };
  start(remoteUsernameFragment: string, remotePassword: string, controlling: boolean, remoteLite: boolean): void;
  /** A candidate attribute ("candidate:..."). False when it cannot be parsed. */
  addRemoteCandidate(candidate: string): boolean;
  endOfCandidates(): void;
  stop(): void;
  getStats(): NativeIceStats;
}

export interface NativeCandidateStats {
  candidate: string;
}

export interface NativeCandidatePairStats {
  local: string;
  remote: string;
  state: 'frozen' | 'waiting' | 'in-progress' | 'succeeded' | 'failed';
  nominated: boolean;
  selected: boolean;
  requestsSent: number;
  requestsReceived: number;
  responsesSent: number;
  responsesReceived: number;
  /** Seconds; 0 until a response came. */
  currentRoundTripTime: number;
  totalRoundTripTime: number;
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  packetsReceived: number;
  lastPacketSentTimestamp: number;
  lastPacketReceivedTimestamp: number;
}

export interface NativeIceStats {
  role: 'controlling' | 'controlled';
  state: string;
  localCandidates: string[];
  remoteCandidates: string[];
  pairs: NativeCandidatePairStats[];
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  packetsReceived: number;
  /** Datagrams dropped: not STUN from a known peer, unknown first byte, bad STUN... */
  packetsDiscarded: number;
}

export interface NativeDtlsTransport {
  readonly handle: number;
  /** sha-256 fingerprint of the local certificate, "AB:CD:...". */
  localFingerprint(): string;
  start(role: 'client' | 'server', remoteFingerprints: { algorithm: string; value: string }[]): void;
  stop(): void;
  remoteCertificates(): Buffer[];
  getStats(): { tlsVersion: string; dtlsCipher: string; srtpCipher: string };
}

export interface NativeSctpTransport {
  readonly handle: number;
  /** May be called before DTLS is connected: the association starts once it is. */
  start(remotePort: number, remoteMaxMessageSize: number): void;
  openChannel(id: number, init: NativeChannelInit, negotiated: boolean): void;
  /** Queues a message; false when the stream is not open. */
  send(id: number, data: string | Uint8Array, binary: boolean): boolean;
  closeChannel(id: number): void;
  stop(): void;
}

export interface NativeCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** sha-256, "AB:CD:...". */
  fingerprint: string;
  /** Milliseconds since the epoch. */
  expires: number;
}

export interface NativeAddon {
  /** Sets the one function all native events are delivered to, in batches. */
  setDispatch(dispatch: NativeDispatch): void;
  IceTransport: new (options: NativeIceOptions) => NativeIceTransport;
  DtlsTransport: new (ice: NativeIceTransport, certificatePem: string, privateKeyPem: string) => NativeDtlsTransport;
  SctpTransport: new (dtls: NativeDtlsTransport, localPort: number, maxMessageSize: number) => NativeSctpTransport;
  generateCertificate(keyType: 'ecdsa' | 'rsa', expiresMs: number): NativeCertificate;
  /** Parses a PEM certificate and key pair (RTCCertificate import). */
  loadCertificate(certificatePem: string, privateKeyPem: string): NativeCertificate;
}
