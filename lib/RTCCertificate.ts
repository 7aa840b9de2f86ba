// W3C WebRTC RTCCertificate (Certificate Management), generated and parsed by the native core (OpenSSL).
import { nativeAddon } from './addon';
import { notSupportedError } from './errors';
import type { NativeCertificate } from './native';

/** W3C WebRTC RTCDtlsFingerprint: a certificate fingerprint, as in a=fingerprint (RFC 8122 §5). */
export interface RTCDtlsFingerprint {
  algorithm?: string;
  value?: string;
}

/** The WebCrypto AlgorithmIdentifier, plus the optional `expires` of RTCCertificateExpiration. */
export type AlgorithmIdentifier = string | ({ name: string; expires?: number } & Record<string, unknown>);

/** A certificate and its private key, in PEM (nodertc extension). */
export interface RTCCertificatePem {
  certificate: string;
  privateKey: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Browsers give generated certificates 30 days; a year is the most nodertc accepts. */
const DEFAULT_LIFETIME_MS = 30 * DAY_MS;
const MAX_LIFETIME_MS = 365 * DAY_MS;

function hashName(hash: unknown): string {
  return typeof hash === 'string' ? hash : String((hash as { name?: unknown } | undefined)?.name);
}

function isExponent65537(exponent: unknown): boolean {
  return (
    exponent instanceof Uint8Array &&
    exponent.length > 0 &&
    Array.from(exponent).reduce((value, byte) => value * 256 + byte, 0) === 65537
  );
}

// The two key types W3C WebRTC requires (RTCCertificate generation), the ones browsers support.
function keyType(algorithm: AlgorithmIdentifier): 'ecdsa' | 'rsa' {
  const params = typeof algorithm === 'string' ? { name: algorithm } : algorithm;
  const name = String(params?.name).toUpperCase();
  if (name === 'ECDSA' && params.namedCurve === 'P-256') return 'ecdsa';
  if (
    name === 'RSASSA-PKCS1-V1_5' &&
    params.modulusLength === 2048 &&
    isExponent65537(params.publicExponent) &&
    hashName(params.hash).toUpperCase() === 'SHA-256'
  ) {
    return 'rsa';
  }
  throw notSupportedError(
    `generateCertificate: ${JSON.stringify(params)} is not supported; use { name: 'ECDSA', namedCurve: 'P-256' } or ` +
      "{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }",
  );
}

function lifetime(algorithm: AlgorithmIdentifier): number {
  const expires = typeof algorithm === 'string' ? undefined : algorithm.expires;
  if (expires === undefined) return DEFAULT_LIFETIME_MS;
  if (typeof expires !== 'number' || !Number.isFinite(expires) || expires < 0) {
    throw new TypeError(`generateCertificate: expires ${String(expires)} is not a number of milliseconds`);
  }
  return Math.min(expires, MAX_LIFETIME_MS);
}

export class RTCCertificate {
  readonly #native: NativeCertificate;

  private constructor(native: NativeCertificate) {
    this.#native = native;
  }

  /** Milliseconds since the epoch after which the certificate is no longer valid. */
  get expires(): number {
    return this.#native.expires;
  }

  /** The sha-256 fingerprint, in lowercase hex as RTCDtlsFingerprint.value asks. */
  getFingerprints(): RTCDtlsFingerprint[] {
    return [{ algorithm: 'sha-256', value: this.#native.fingerprint.toLowerCase() }];
  }

  /** The certificate and key in PEM, to store and reload with {@link fromPEM} (nodertc extension). */
  toPEM(): RTCCertificatePem {
    return { certificate: this.#native.certificatePem, privateKey: this.#native.privateKeyPem };
  }

  /** Loads a certificate saved with {@link toPEM} (nodertc extension). */
  static fromPEM(pem: RTCCertificatePem): RTCCertificate {
    if (typeof pem?.certificate !== 'string' || typeof pem.privateKey !== 'string') {
      throw new TypeError('RTCCertificate.fromPEM: give { certificate, privateKey }, both PEM strings');
    }
    return new RTCCertificate(nativeAddon().loadCertificate(pem.certificate, pem.privateKey));
  }

  /** W3C WebRTC generateCertificate (also RTCPeerConnection.generateCertificate). */
  static async generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
    return generateCertificateNow(keygenAlgorithm);
  }

  /** @internal */
  static _fromNative(native: NativeCertificate): RTCCertificate {
    return new RTCCertificate(native);
  }
}

/** generateCertificate without the promise (the key is made synchronously by the native core). */
export function generateCertificateNow(keygenAlgorithm: AlgorithmIdentifier): RTCCertificate {
  const type = keyType(keygenAlgorithm);
  return RTCCertificate._fromNative(nativeAddon().generateCertificate(type, lifetime(keygenAlgorithm)));
}
