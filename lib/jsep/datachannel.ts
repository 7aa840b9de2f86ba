// The data channel m= section of RFC 8841 (SDP for SCTP over DTLS) and RFC 8829 §5.2.1.
import type { LocalMediaSection, MediaSection, RemoteMediaSection } from './types';

/** Our SCTP port (RFC 8841 §5: 5000 is what every WebRTC stack uses). */
export const LOCAL_SCTP_PORT = 5000;

/** RFC 8841 §6: a peer without a=max-message-size accepts 64 KiB. */
export const DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65536;

const MODERN_PROTOCOLS: ReadonlySet<string> = new Set(['UDP/DTLS/SCTP', 'TCP/DTLS/SCTP']);
/** The pre-RFC form "m=application 9 DTLS/SCTP 5000" with a=sctpmap (old Chrome, old libraries). */
const LEGACY_PROTOCOL = 'DTLS/SCTP';

export function isDataSection(section: MediaSection): boolean {
  return (
    section.kind === 'application' && (MODERN_PROTOCOLS.has(section.protocol) || section.protocol === LEGACY_PROTOCOL)
  );
}

/**
 * Our data section. It answers a legacy offer in the legacy form (the peer understands nothing
 * else); otherwise it is "m=application 9 UDP/DTLS/SCTP webrtc-datachannel".
 */
export function localDataSection(mid: string, maxMessageSize: number, legacy = false): LocalMediaSection {
  if (legacy) {
    return {
      kind: 'application',
      mid,
      port: 9,
      protocol: LEGACY_PROTOCOL,
      formats: [String(LOCAL_SCTP_PORT)],
      attributes: [`sctpmap:${LOCAL_SCTP_PORT} webrtc-datachannel 65535`, `max-message-size:${maxMessageSize}`],
    };
  }
  return {
    kind: 'application',
    mid,
    port: 9,
    protocol: 'UDP/DTLS/SCTP',
    formats: ['webrtc-datachannel'],
    attributes: [`sctp-port:${LOCAL_SCTP_PORT}`, `max-message-size:${maxMessageSize}`],
  };
}

export function isLegacyDataSection(section: MediaSection): boolean {
  return section.kind === 'application' && section.protocol === LEGACY_PROTOCOL;
}

/** The peer's SCTP port and largest message (RFC 8841 §5, §6; 0 means no limit). */
export function remoteSctpParameters(section: RemoteMediaSection): { port: number; maxMessageSize: number } {
  return {
    port: section.sctpPort ?? LOCAL_SCTP_PORT,
    maxMessageSize: section.maxMessageSize ?? DEFAULT_REMOTE_MAX_MESSAGE_SIZE,
  };
}
