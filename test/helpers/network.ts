// Where test traffic may go: loopback, or the addresses of the test namespace (scripts/netns.sh),
// and the per-library settings that keep each peer there.
import { networkInterfaces } from 'node:os';

export const NAMESPACE_NAME = 'nodertc-test';
const NAMESPACE_PREFIX = '198.18.0.';

/** An address test traffic may be sent to. */
export function isTestAddress(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith(NAMESPACE_PREFIX);
}

/**
 * True when this process runs inside the test namespace: both namespace addresses are present
 * and no other non-loopback address exists (so "all interfaces" means test addresses only).
 */
export function inTestNamespace(): boolean {
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal)
    .map((info) => info.address);
  return (
    addresses.includes(`${NAMESPACE_PREFIX}1`) &&
    addresses.includes(`${NAMESPACE_PREFIX}2`) &&
    addresses.every(isTestAddress)
  );
}

/** The connection address of a candidate attribute ("candidate:f 1 udp prio ADDRESS port typ ..."). */
export function candidateAddress(candidate: string): string | undefined {
  return candidate.replace(/^a=/, '').split(/\s+/)[4];
}

/** Whether a candidate may be handed to a peer: empty (end-of-candidates) or a test address. */
export function isTestCandidate(candidate: string): boolean {
  if (candidate === '') return true;
  const address = candidateAddress(candidate);
  return address !== undefined && isTestAddress(address);
}

/** The SDP without a=candidate lines that point outside the test network. */
export function keepTestCandidates(sdp: string): string {
  return sdp
    .split(/\r\n/)
    .filter((line) => !line.startsWith('a=candidate:') || isTestCandidate(line))
    .join('\r\n');
}

/** nodertc's non-standard options: gather on loopback only unless inside the namespace. */
export function nodertcOptions<T extends object>(extra?: T): T & { interfaces?: string[] } {
  return { ...(extra as T), ...(inTestNamespace() ? {} : { interfaces: ['lo'] }) };
}

/** werift's PeerConfig: outside the namespace only 127.0.0.1 is paired (werift skips loopback). */
export function weriftConfig(): Record<string, unknown> {
  // No iceServers: werift's default STUN server is on the internet.
  if (inTestNamespace()) return { iceServers: [] };
  return {
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair: { localCandidate: { host: string }; remoteCandidate: { host: string } }) =>
      isTestAddress(pair.localCandidate.host) && isTestAddress(pair.remoteCandidate.host),
  };
}

/** node-datachannel's polyfill config (passed through to libdatachannel): bound to loopback outside. */
export function nodeDatachannelConfig(): Record<string, unknown> {
  return inTestNamespace() ? {} : { bindAddress: '127.0.0.1' };
}
