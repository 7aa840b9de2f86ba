// nodertc's public API: the W3C WebRTC names, plus the nodertc options and extensions.
export { RTCPeerConnection } from './RTCPeerConnection';
export type {
  RTCAnswerOptions,
  RTCLocalSessionDescriptionInit,
  RTCOfferOptions,
  RTCPeerConnectionEventMap,
} from './RTCPeerConnection';
export { RTCDataChannel } from './RTCDataChannel';
export type {
  BinaryType,
  RTCDataChannelEventMap,
  RTCDataChannelInit,
  RTCDataChannelState,
  RTCPriorityType,
} from './RTCDataChannel';
export { RTCSessionDescription } from './RTCSessionDescription';
export type { RTCSdpType, RTCSessionDescriptionInit } from './RTCSessionDescription';
export { RTCIceCandidate } from './RTCIceCandidate';
export type {
  RTCIceCandidateInit,
  RTCIceCandidateType,
  RTCIceComponent,
  RTCIceProtocol,
  RTCIceTcpCandidateType,
} from './RTCIceCandidate';
export { RTCCertificate } from './RTCCertificate';
export type { AlgorithmIdentifier, RTCCertificatePem, RTCDtlsFingerprint } from './RTCCertificate';
export { RTCIceTransport } from './ortc/RTCIceTransport';
export type {
  RTCIceCandidatePair,
  RTCIceGathererState,
  RTCIceParameters,
  RTCIceRole,
  RTCIceTransportState,
} from './ortc/RTCIceTransport';
export { RTCDtlsTransport } from './ortc/RTCDtlsTransport';
export type { RTCDtlsTransportState } from './ortc/RTCDtlsTransport';
export { RTCSctpTransport } from './ortc/RTCSctpTransport';
export type { RTCSctpTransportState } from './ortc/RTCSctpTransport';
export { RTCError, RTCErrorEvent } from './errors';
export type { RTCErrorDetailType, RTCErrorEventInit, RTCErrorInit } from './errors';
export { RTCDataChannelEvent, RTCPeerConnectionIceErrorEvent, RTCPeerConnectionIceEvent } from './events';
export type { EventHandler } from './events';
export { RTCStatsReport } from './stats';
export type { RTCStats, RTCStatsType } from './stats';
export type {
  NodeRtcOptions,
  RTCBundlePolicy,
  RTCConfiguration,
  RTCIceServer,
  RTCIceTransportPolicy,
  RTCRtcpMuxPolicy,
} from './configuration';
export type { RTCSignalingState } from './jsep/signaling';
export type { RTCIceConnectionState, RTCIceGatheringState, RTCPeerConnectionState } from './states';
