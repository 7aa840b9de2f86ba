// getStats(): an RTCStatsReport with the stats objects of W3C "Identifiers for WebRTC's Statistics
// API" (webrtc-stats): peer-connection, transport, candidate-pair, local-candidate,
// remote-candidate, certificate and data-channel.
import { createHash, X509Certificate } from 'crypto';
import { performance } from 'perf_hooks';
import type { DataChannels } from './channels';
import type { NativeCandidatePairStats } from './native';
import type { RTCCertificate } from './RTCCertificate';
import type { RTCDataChannel } from './RTCDataChannel';
import { parseCandidate } from './RTCIceCandidate';
import type { Transports } from './transports';

export type RTCStatsType =
  | 'peer-connection'
  | 'transport'
  | 'candidate-pair'
  | 'local-candidate'
  | 'remote-candidate'
  | 'certificate'
  | 'data-channel';

/** Every stats object has id, type and timestamp (webrtc-stats, RTCStats); the rest depends on type. */
export interface RTCStats {
  id: string;
  type: RTCStatsType;
  timestamp: number;
  [member: string]: unknown;
}

/** W3C WebRTC §8.3: a map from stats id to stats object. */
export class RTCStatsReport extends Map<string, RTCStats> {}

/** What getStats() reads. */
export interface StatsSource {
  channels: DataChannels;
  transports: Transports | null;
  certificate: RTCCertificate | null;
}

const TRANSPORT_ID = 'T0';
const channelIds = new WeakMap<RTCDataChannel, number>();
let nextChannelId = 1;

function channelStatsId(channel: RTCDataChannel): string {
  let id = channelIds.get(channel);
  if (id === undefined) {
    id = nextChannelId++;
    channelIds.set(channel, id);
  }
  return `D${id}`;
}

// Ids must stay the same across calls for the same object (webrtc-stats, "the same stats object"): derive them from content.
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

function candidateId(attribute: string): string {
  return `I${shortHash(attribute)}`;
}

/** "AB:CD:..." sha-256 of a DER certificate, as in a=fingerprint (RFC 8122 §5). */
function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

function certificateStats(timestamp: number, der: Buffer, fingerprint: string): RTCStats {
  return {
    id: `CF${fingerprint}`,
    type: 'certificate',
    timestamp,
    fingerprint,
    fingerprintAlgorithm: 'sha-256',
    base64Certificate: der.toString('base64'),
  };
}

function candidateStats(
  timestamp: number,
  type: 'local-candidate' | 'remote-candidate',
  attribute: string,
): RTCStats | null {
  const candidate = parseCandidate(attribute);
  if (candidate === null) return null;
  return {
    id: candidateId(attribute),
    type,
    timestamp,
    transportId: TRANSPORT_ID,
    address: candidate.address,
    port: candidate.port,
    protocol: candidate.protocol,
    candidateType: candidate.type,
    priority: candidate.priority,
    foundation: candidate.foundation,
    ...(candidate.relatedAddress === null
      ? {}
      : { relatedAddress: candidate.relatedAddress, relatedPort: candidate.relatedPort }),
    ...(candidate.tcpType === null ? {} : { tcpType: candidate.tcpType }),
    ...(candidate.usernameFragment === null ? {} : { usernameFragment: candidate.usernameFragment }),
  };
}

function pairStats(timestamp: number, pair: NativeCandidatePairStats): RTCStats {
  const localCandidateId = candidateId(pair.local);
  const remoteCandidateId = candidateId(pair.remote);
  return {
    id: `CP${localCandidateId}_${remoteCandidateId}`,
    type: 'candidate-pair',
    timestamp,
    transportId: TRANSPORT_ID,
    localCandidateId,
    remoteCandidateId,
    state: pair.state,
    nominated: pair.nominated,
    requestsSent: pair.requestsSent,
    requestsReceived: pair.requestsReceived,
    responsesSent: pair.responsesSent,
    responsesReceived: pair.responsesReceived,
    ...(pair.currentRoundTripTime < 0 ? {} : { currentRoundTripTime: pair.currentRoundTripTime }),
    totalRoundTripTime: pair.totalRoundTripTime,
    bytesSent: pair.bytesSent,
    bytesReceived: pair.bytesReceived,
    packetsSent: pair.packetsSent,
    packetsReceived: pair.packetsReceived,
    lastPacketSentTimestamp: pair.lastPacketSentTimestamp,
    lastPacketReceivedTimestamp: pair.lastPacketReceivedTimestamp,
  };
}

function channelStats(timestamp: number, channel: RTCDataChannel): RTCStats {
  return {
    id: channelStatsId(channel),
    type: 'data-channel',
    timestamp,
    label: channel.label,
    protocol: channel.protocol,
    ...(channel.id === null ? {} : { dataChannelIdentifier: channel.id }),
    state: channel.readyState,
    messagesSent: channel._messagesSent,
    bytesSent: channel._bytesSent,
    messagesReceived: channel._messagesReceived,
    bytesReceived: channel._bytesReceived,
  };
}

function addTransportStats(
  report: RTCStatsReport,
  timestamp: number,
  transports: Transports,
  certificate: RTCCertificate | null,
): void {
  const ice = transports.ice._stats();
  const dtls = transports.dtls._stats();
  const add = (stats: RTCStats | null): void => {
    if (stats !== null) report.set(stats.id, stats);
  };
  const pairs = ice.pairs.map((pair) => pairStats(timestamp, pair));
  ice.pairs.forEach((pair) => {
    add(candidateStats(timestamp, 'local-candidate', pair.local));
    add(candidateStats(timestamp, 'remote-candidate', pair.remote));
  });
  ice.localCandidates.forEach((attribute) => add(candidateStats(timestamp, 'local-candidate', attribute)));
  ice.remoteCandidates.forEach((attribute) => add(candidateStats(timestamp, 'remote-candidate', attribute)));
  pairs.forEach(add);
  const selected = ice.pairs.findIndex((pair) => pair.selected);
  let localCertificateId: string | undefined;
  if (certificate !== null) {
    const pem = certificate.toPEM().certificate;
    const der = new X509Certificate(pem).raw;
    const local = certificateStats(timestamp, der, fingerprintOf(der));
    localCertificateId = local.id;
    add(local);
  }
  const remoteDer = transports.dtls._remoteCertificates()[0];
  const remote = remoteDer === undefined ? null : certificateStats(timestamp, remoteDer, fingerprintOf(remoteDer));
  add(remote);
  add({
    id: TRANSPORT_ID,
    type: 'transport',
    timestamp,
    bytesSent: ice.bytesSent,
    bytesReceived: ice.bytesReceived,
    packetsSent: ice.packetsSent,
    packetsReceived: ice.packetsReceived,
    packetsDiscarded: ice.packetsDiscarded,
    iceRole: transports.ice.role,
    iceLocalUsernameFragment: transports.ice._localParameters().usernameFragment,
    iceState: transports.ice.state,
    dtlsState: transports.dtls.state,
    dtlsRole: transports.dtls._role ?? 'unknown',
    ...(selected < 0 ? {} : { selectedCandidatePairId: pairs[selected].id }),
    selectedCandidatePairChanges: transports.ice._selectedPairChanges,
    ...(localCertificateId === undefined ? {} : { localCertificateId }),
    ...(remote === null ? {} : { remoteCertificateId: remote.id }),
    ...(dtls.tlsVersion === '' ? {} : { tlsVersion: dtls.tlsVersion }),
    ...(dtls.dtlsCipher === '' ? {} : { dtlsCipher: dtls.dtlsCipher }),
    ...(dtls.srtpCipher === '' ? {} : { srtpCipher: dtls.srtpCipher }),
  });
}

export function collectStats(source: StatsSource): RTCStatsReport {
  const timestamp = performance.timeOrigin + performance.now();
  const report = new RTCStatsReport();
  report.set('P', {
    id: 'P',
    type: 'peer-connection',
    timestamp,
    dataChannelsOpened: source.channels.dataChannelsOpened,
    dataChannelsClosed: source.channels.dataChannelsClosed,
  });
  for (const channel of source.channels.list()) {
    const stats = channelStats(timestamp, channel);
    report.set(stats.id, stats);
  }
  if (source.transports !== null) addTransportStats(report, timestamp, source.transports, source.certificate);
  return report;
}
