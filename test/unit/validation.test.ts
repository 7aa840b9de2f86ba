// Argument checks that need no native code: createDataChannel's, RTCConfiguration's, nodertc's
// options, RTCSessionDescription, and generateCertificate's algorithm.
import { dataChannelParameters } from '../../lib/channels';
import { normalizeConfiguration, normalizeOptions, checkReconfiguration } from '../../lib/configuration';
import { RTCCertificate } from '../../lib/RTCCertificate';
import { RTCSessionDescription } from '../../lib/RTCSessionDescription';

describe('createDataChannel arguments', () => {
  test('defaults', () => {
    expect(dataChannelParameters('chat')).toEqual({
      label: 'chat',
      ordered: true,
      maxPacketLifeTime: null,
      maxRetransmits: null,
      protocol: '',
      negotiated: false,
      id: null,
      priority: 'low',
    });
  });

  test('an id counts only for negotiated channels', () => {
    expect(dataChannelParameters('x', { id: 3 }).id).toBeNull();
    expect(dataChannelParameters('x', { id: 3, negotiated: true }).id).toBe(3);
  });

  test.each([
    ['a label over 65535 bytes', 'é'.repeat(32768), {}],
    ['a protocol over 65535 bytes', 'x', { protocol: 'x'.repeat(65536) }],
    ['both maxRetransmits and maxPacketLifeTime', 'x', { maxRetransmits: 1, maxPacketLifeTime: 1 }],
    ['negotiated without id', 'x', { negotiated: true }],
    ['id 65535', 'x', { negotiated: true, id: 65535 }],
    ['id out of range', 'x', { negotiated: true, id: 70000 }],
    ['a negative maxRetransmits', 'x', { maxRetransmits: -1 }],
    ['maxPacketLifeTime NaN', 'x', { maxPacketLifeTime: NaN }],
    ['an unknown priority', 'x', { priority: 'urgent' }],
  ])('TypeError for %s', (_name, label, init) => {
    expect(() => dataChannelParameters(label, init as never)).toThrow(TypeError);
  });

  test('a 65535-byte label is fine', () => {
    expect(dataChannelParameters('x'.repeat(65535)).label).toHaveLength(65535);
  });
});

describe('RTCConfiguration', () => {
  test('defaults', () => {
    expect(normalizeConfiguration(undefined)).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
      certificates: [],
      iceCandidatePoolSize: 0,
    });
  });

  test('valid ICE servers', () => {
    const config = normalizeConfiguration({
      iceServers: [
        { urls: 'stun:stun.example.org:19302' },
        { urls: ['turn:[::1]:3478?transport=udp', 'turns:turn.example.org'], username: 'u', credential: 'p' },
      ],
    });
    expect(config.iceServers).toHaveLength(2);
  });

  test.each([
    ['an unknown scheme', 'http://example.org'],
    ['// after the scheme', 'stun://example.org'],
    ['a query on stun', 'stun:example.org?transport=udp'],
    ['a bad turn query', 'turn:example.org?transport=sctp'],
    ['a fragment', 'stun:example.org#x'],
    ['no host', 'stun:'],
    ['a port out of range', 'stun:example.org:0'],
  ])('SyntaxError for %s', (_name, url) => {
    expect(() => normalizeConfiguration({ iceServers: [{ urls: url, username: 'u', credential: 'p' }] })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
  });

  test('SyntaxError for an empty urls list; InvalidAccessError for TURN without credentials', () => {
    expect(() => normalizeConfiguration({ iceServers: [{ urls: [] }] })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    expect(() => normalizeConfiguration({ iceServers: [{ urls: 'turn:example.org' }] })).toThrow(
      expect.objectContaining({ name: 'InvalidAccessError' }),
    );
  });

  test.each([
    [{ bundlePolicy: 'all-in' }],
    [{ rtcpMuxPolicy: 'negotiate' }],
    [{ iceTransportPolicy: 'none' }],
    [{ iceCandidatePoolSize: 256 }],
    [{ iceServers: 'stun:example.org' }],
  ])('TypeError for %j', (config) => {
    expect(() => normalizeConfiguration(config as never)).toThrow(TypeError);
  });

  test('bundlePolicy cannot change (InvalidModificationError)', () => {
    const current = normalizeConfiguration({});
    const next = normalizeConfiguration({ bundlePolicy: 'max-bundle' });
    expect(() => checkReconfiguration(current, next, { bundlePolicy: 'max-bundle' })).toThrow(
      expect.objectContaining({ name: 'InvalidModificationError' }),
    );
    expect(() => checkReconfiguration(current, normalizeConfiguration({}), {})).not.toThrow();
  });
});

describe('nodertc options', () => {
  test('defaults', () => {
    expect(normalizeOptions(undefined)).toEqual({ portRange: null, interfaces: [], maxMessageSize: 262144 });
  });

  test.each([
    [{ portRange: { min: 0, max: 10 } }],
    [{ portRange: { min: 5000, max: 4000 } }],
    [{ interfaces: 'lo' }],
    [{ maxMessageSize: 0 }],
    [{ maxMessageSize: 1.5 }],
  ])('TypeError for %j', (options) => {
    expect(() => normalizeOptions(options as never)).toThrow(TypeError);
  });
});

describe('RTCSessionDescription', () => {
  test('keeps type and sdp; toJSON', () => {
    const description = new RTCSessionDescription({ type: 'offer', sdp: 'v=0\r\n' });
    expect(description.toJSON()).toEqual({ type: 'offer', sdp: 'v=0\r\n' });
    expect(new RTCSessionDescription({ type: 'rollback' }).sdp).toBe('');
  });

  test('TypeError for a missing or unknown type', () => {
    expect(() => new RTCSessionDescription({} as never)).toThrow(TypeError);
    expect(() => new RTCSessionDescription({ type: 'hello' } as never)).toThrow(TypeError);
  });
});

describe('generateCertificate', () => {
  test.each([
    [{ name: 'ECDSA', namedCurve: 'P-384' }],
    [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }],
    [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([3]), hash: 'SHA-256' }],
    [{ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-1' }],
    ['Ed25519'],
  ])('NotSupportedError for %j', async (algorithm) => {
    await expect(RTCCertificate.generateCertificate(algorithm as never)).rejects.toMatchObject({
      name: 'NotSupportedError',
    });
  });

  test('TypeError for a negative expires', async () => {
    await expect(
      RTCCertificate.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires: -1 }),
    ).rejects.toThrow(TypeError);
  });
});
