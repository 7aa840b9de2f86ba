// W3C WebRTC §4.2 RTCConfiguration and its validation, and nodertc's non-standard options, which
// stay apart from RTCConfiguration.
import type { RTCCertificate } from './RTCCertificate';
import { invalidAccessError, invalidModificationError, syntaxError } from './errors';

export type RTCIceTransportPolicy = 'relay' | 'all';
export type RTCBundlePolicy = 'balanced' | 'max-compat' | 'max-bundle';
export type RTCRtcpMuxPolicy = 'require';

export interface RTCIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface RTCConfiguration {
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  bundlePolicy?: RTCBundlePolicy;
  rtcpMuxPolicy?: RTCRtcpMuxPolicy;
  certificates?: RTCCertificate[];
  iceCandidatePoolSize?: number;
}

/** A configuration with every member present, as getConfiguration() returns it. */
export type FullConfiguration = Required<RTCConfiguration>;

/** nodertc's own settings, given as the second argument of the RTCPeerConnection constructor. */
export interface NodeRtcOptions {
  /** UDP ports to gather host candidates on (inclusive). Default: any port. */
  portRange?: { min: number; max: number };
  /** Interface names or addresses to gather on. Default: all. */
  interfaces?: string[];
  /** The largest message this peer accepts, advertised as a=max-message-size. Default 262144. */
  maxMessageSize?: number;
}

export interface FullOptions {
  portRange: { min: number; max: number } | null;
  interfaces: string[];
  maxMessageSize: number;
}

export const DEFAULT_MAX_MESSAGE_SIZE = 262144;

function checkEnum<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new TypeError(
      `RTCConfiguration: ${name} ${JSON.stringify(value)} is not one of ${allowed.map((v) => `'${v}'`).join(', ')}`,
    );
  }
  return value as T;
}

// What makes an ICE server URL invalid (W3C WebRTC "validate an ICE server"), or null.
function urlFault(parsed: URL, scheme: string): string | null {
  if (!['stun', 'stuns', 'turn', 'turns'].includes(scheme))
    return `its scheme '${scheme}' is none of stun, stuns, turn, turns`;
  if (parsed.host !== '' || parsed.pathname.startsWith('/'))
    return "it has '//' (write stun:host:port, not stun://host:port)";
  if (parsed.hash !== '') return 'it has a fragment';
  if (scheme.startsWith('stun') && parsed.search !== '') return 'a stun URL takes no query';
  if (scheme.startsWith('turn') && !['', '?transport=udp', '?transport=tcp'].includes(parsed.search)) {
    return "a turn URL's query can only be ?transport=udp or ?transport=tcp";
  }
  const hostPort = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(parsed.pathname);
  if (hostPort === null) return 'its host[:port] part is not valid';
  const port = hostPort[2] === undefined ? 1 : Number(hostPort[2]);
  return port >= 1 && port <= 65535 ? null : `its port ${port} is out of 1-65535`;
}

function validateIceServerUrl(url: string, server: RTCIceServer): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw syntaxError(`RTCConfiguration: ICE server URL ${JSON.stringify(url)} cannot be parsed`);
  }
  const scheme = parsed.protocol.slice(0, -1);
  const fault = urlFault(parsed, scheme);
  if (fault !== null) {
    throw syntaxError(`RTCConfiguration: ICE server URL ${JSON.stringify(url)} is not valid: ${fault}`);
  }
  if (scheme.startsWith('turn') && (server.username === undefined || server.credential === undefined)) {
    throw invalidAccessError(`RTCConfiguration: TURN server ${JSON.stringify(url)} needs both username and credential`);
  }
}

function normalizeIceServers(value: unknown): RTCIceServer[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError('RTCConfiguration: iceServers must be an array');
  return value.map((server: RTCIceServer) => {
    if (server === null || typeof server !== 'object' || server.urls === undefined) {
      throw new TypeError('RTCConfiguration: each ICE server needs urls (a string or an array of strings)');
    }
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    if (!Array.isArray(urls) || urls.length === 0) {
      throw syntaxError('RTCConfiguration: an ICE server has an empty urls list; give at least one URL');
    }
    for (const url of urls) validateIceServerUrl(String(url), server);
    const copy: RTCIceServer = { urls: Array.isArray(server.urls) ? urls.map(String) : String(server.urls) };
    if (server.username !== undefined) copy.username = String(server.username);
    if (server.credential !== undefined) copy.credential = String(server.credential);
    return copy;
  });
}

/** Checks a configuration as the RTCPeerConnection constructor does, filling in the defaults. */
export function normalizeConfiguration(configuration: RTCConfiguration | undefined | null): FullConfiguration {
  const config = configuration ?? {};
  if (typeof config !== 'object') throw new TypeError('RTCConfiguration must be an object');
  const poolSize = config.iceCandidatePoolSize ?? 0;
  if (!Number.isInteger(poolSize) || poolSize < 0 || poolSize > 255) {
    throw new TypeError(`RTCConfiguration: iceCandidatePoolSize ${poolSize} is not an integer in 0-255`);
  }
  const certificates = config.certificates ?? [];
  if (!Array.isArray(certificates)) throw new TypeError('RTCConfiguration: certificates must be an array');
  for (const certificate of certificates) {
    if (certificate.expires <= Date.now()) {
      throw invalidAccessError(
        'RTCConfiguration: a certificate has expired; generate a new one with RTCPeerConnection.generateCertificate()',
      );
    }
  }
  return {
    iceServers: normalizeIceServers(config.iceServers),
    iceTransportPolicy: checkEnum(config.iceTransportPolicy, ['all', 'relay'], 'all', 'iceTransportPolicy'),
    bundlePolicy: checkEnum(config.bundlePolicy, ['balanced', 'max-compat', 'max-bundle'], 'balanced', 'bundlePolicy'),
    rtcpMuxPolicy: checkEnum(config.rtcpMuxPolicy, ['require'], 'require', 'rtcpMuxPolicy'),
    certificates: [...certificates],
    iceCandidatePoolSize: poolSize,
  };
}

/** W3C WebRTC "set a configuration": what may not change on a live connection. */
export function checkReconfiguration(
  current: FullConfiguration,
  next: FullConfiguration,
  given: RTCConfiguration,
): void {
  const sameCertificates =
    given.certificates === undefined ||
    (next.certificates.length === current.certificates.length &&
      next.certificates.every((certificate, i) => certificate === current.certificates[i]));
  const change = !sameCertificates
    ? 'certificates'
    : next.bundlePolicy !== current.bundlePolicy
      ? 'bundlePolicy'
      : next.rtcpMuxPolicy !== current.rtcpMuxPolicy
        ? 'rtcpMuxPolicy'
        : null;
  if (change !== null) {
    throw invalidModificationError(
      `setConfiguration: ${change} cannot change after the RTCPeerConnection is created; create a new RTCPeerConnection instead`,
    );
  }
}

function checkPort(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) {
    throw new TypeError(`nodertc options: ${name} ${JSON.stringify(value)} is not a port number (1-65535)`);
  }
  return value as number;
}

export function normalizeOptions(options: NodeRtcOptions | undefined | null): FullOptions {
  const given = options ?? {};
  let portRange: FullOptions['portRange'] = null;
  if (given.portRange !== undefined) {
    const min = checkPort(given.portRange.min, 'portRange.min');
    const max = checkPort(given.portRange.max, 'portRange.max');
    if (min > max) throw new TypeError(`nodertc options: portRange.min ${min} is above portRange.max ${max}`);
    portRange = { min, max };
  }
  const interfaces = given.interfaces ?? [];
  if (!Array.isArray(interfaces) || interfaces.some((name) => typeof name !== 'string')) {
    throw new TypeError('nodertc options: interfaces must be an array of interface names or addresses');
  }
  const maxMessageSize = given.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  if (!Number.isInteger(maxMessageSize) || maxMessageSize < 1 || maxMessageSize > 0x7fffffff) {
    throw new TypeError(`nodertc options: maxMessageSize ${maxMessageSize} is not an integer in 1-2147483647`);
  }
  return { portRange, interfaces: [...interfaces], maxMessageSize };
}
