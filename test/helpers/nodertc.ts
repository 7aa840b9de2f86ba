// nodertc peers for the suites, kept on the test network (see network.ts).
import { RTCPeerConnection } from '../../lib';
import type { Implementation } from './interop';
import { nodertcOptions } from './network';
import type { Peer } from './pairs';

/** A nodertc RTCPeerConnection; `options` are the non-standard second constructor argument. */
export function createPeer(
  config: Record<string, unknown> = {},
  options: Record<string, unknown> = {},
): RTCPeerConnection {
  return new (RTCPeerConnection as any)(config, nodertcOptions(options));
}

/** A nodertc peer in the shape the shared scenarios use. */
export function asPeer(pc: RTCPeerConnection): Peer {
  return pc as unknown as Peer;
}

export const nodertc: Implementation = {
  name: 'nodertc',
  create: () => asPeer(createPeer()),
};
