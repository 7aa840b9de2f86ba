// The data model of session descriptions (RFC 8829 §5): what we write and what we read.

/** RFC 4145 §4 / RFC 8842 §5: the DTLS role an endpoint offers or takes. */
export type DtlsSetup = 'actpass' | 'active' | 'passive' | 'holdconn';

/** The DTLS role once negotiated: 'client' is active, 'server' is passive. */
export type DtlsRole = 'client' | 'server';

/** RFC 8122 §5 a=fingerprint. `value` is the hex string as written, e.g. "AB:CD:...". */
export interface Fingerprint {
  algorithm: string;
  value: string;
}

/** RFC 8839 §5.4 a=ice-ufrag / a=ice-pwd. */
export interface IceCredentials {
  usernameFragment: string;
  password: string;
}

/** What every m= section has, ours or the peer's. A port of 0 marks a rejected section. */
export interface MediaSection {
  kind: string;
  mid: string;
  port: number;
  protocol: string;
  formats: string[];
}

/** The transport attributes of a peer's m= section, with session-level values filled in. */
export interface RemoteTransport {
  ice: IceCredentials | null;
  iceOptions: string[];
  fingerprints: Fingerprint[];
  setup: DtlsSetup | null;
}

/** An m= section of a description the peer sent. */
export interface RemoteMediaSection extends MediaSection {
  transport: RemoteTransport;
  candidates: string[];
  endOfCandidates: boolean;
  bundleOnly: boolean;
  /** RFC 8841 §5 a=sctp-port (or the legacy sctpmap / format number); null when absent. */
  sctpPort: number | null;
  /** RFC 8841 §6 a=max-message-size; null when absent. */
  maxMessageSize: number | null;
}

export interface RemoteDescriptionModel {
  iceLite: boolean;
  /** The mids of the first BUNDLE group (RFC 8843), or null when there is none. */
  bundle: string[] | null;
  media: RemoteMediaSection[];
}

/** An m= section we write: the common lines, then `attributes` (without "a=") after a=mid. */
export interface LocalMediaSection extends MediaSection {
  attributes: string[];
}

/** The transport attributes we write in every section we accept (all are bundled). */
export interface LocalTransport {
  ice: IceCredentials;
  fingerprints: Fingerprint[];
  setup: DtlsSetup;
}

export interface LocalDescriptionModel {
  sessionId: string;
  version: number;
  bundle: string[] | null;
  transport: LocalTransport;
  media: LocalMediaSection[];
}
