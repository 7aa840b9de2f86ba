// The aggregate states of an RTCPeerConnection, from the tables of the W3C WebRTC enums
// RTCIceGatheringState, RTCIceConnectionState and RTCPeerConnectionState.
import type { RTCDtlsTransportState } from './ortc/RTCDtlsTransport';
import type { RTCIceGathererState, RTCIceTransportState } from './ortc/RTCIceTransport';

export type RTCIceGatheringState = 'new' | 'gathering' | 'complete';
export type RTCIceConnectionState =
  'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
export type RTCPeerConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export function iceGatheringState(gatherers: readonly RTCIceGathererState[]): RTCIceGatheringState {
  if (gatherers.some((state) => state === 'gathering')) return 'gathering';
  if (gatherers.length > 0 && gatherers.every((state) => state === 'complete')) return 'complete';
  return 'new';
}

export function iceConnectionState(closed: boolean, ice: readonly RTCIceTransportState[]): RTCIceConnectionState {
  if (closed) return 'closed';
  if (ice.includes('failed')) return 'failed';
  if (ice.includes('disconnected')) return 'disconnected';
  if (ice.every((state) => state === 'new' || state === 'closed')) return 'new';
  if (ice.some((state) => state === 'new' || state === 'checking')) return 'checking';
  if (ice.every((state) => state === 'completed' || state === 'closed')) return 'completed';
  return 'connected';
}

export function connectionState(
  closed: boolean,
  ice: readonly RTCIceTransportState[],
  dtls: readonly RTCDtlsTransportState[],
): RTCPeerConnectionState {
  if (closed) return 'closed';
  if (ice.includes('failed') || dtls.includes('failed')) return 'failed';
  if (ice.includes('disconnected')) return 'disconnected';
  const idle = (state: string): boolean => state === 'new' || state === 'closed';
  if (ice.every(idle) && dtls.every(idle)) return 'new';
  if (
    ice.some((state) => state === 'new' || state === 'checking') ||
    dtls.some((state) => state === 'new' || state === 'connecting')
  ) {
    return 'connecting';
  }
  return 'connected';
}
