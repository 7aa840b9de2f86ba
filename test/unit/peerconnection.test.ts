// RTCPeerConnection's JSEP behaviour and W3C errors, without connecting to anything: peers
// gather on loopback only, and no remote description here carries candidates.
import { RTCCertificate, RTCPeerConnection, RTCSessionDescription } from '../../lib';
import { fixture } from './fixtures';

const open: RTCPeerConnection[] = [];
function peer(): RTCPeerConnection {
  const pc = new RTCPeerConnection({}, { interfaces: ['lo'] });
  open.push(pc);
  return pc;
}
afterEach(() => {
  for (const pc of open.splice(0)) pc.close();
});

async function rejection(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error) => error,
  );
}

function events(pc: RTCPeerConnection, type: string): string[] {
  const seen: string[] = [];
  pc.addEventListener(type, () => seen.push(pc.signalingState));
  return seen;
}

function nextEvent(pc: RTCPeerConnection, type: string, timeoutMs = 5000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
    pc.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event);
      },
      { once: true },
    );
  });
}

describe('a closed RTCPeerConnection', () => {
  test('every method fails with InvalidStateError; close() is idempotent', async () => {
    const pc = peer();
    pc.close();
    pc.close();
    expect(pc.signalingState).toBe('closed');
    expect(pc.connectionState).toBe('closed');
    expect(pc.iceConnectionState).toBe('closed');
    for (const promise of [
      pc.createOffer(),
      pc.createAnswer(),
      pc.setLocalDescription(),
      pc.setRemoteDescription({ type: 'offer', sdp: fixture('chrome-offer.sdp') }),
      pc.addIceCandidate(null),
    ]) {
      expect((await rejection(promise)).name).toBe('InvalidStateError');
    }
    expect(() => pc.createDataChannel('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(() => pc.setConfiguration({})).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('its channels are closed, without events', async () => {
    const pc = peer();
    const channel = pc.createDataChannel('x');
    const seen: string[] = [];
    channel.onclose = () => seen.push('close');
    pc.close();
    expect(channel.readyState).toBe('closed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
  });
});

describe('offer/answer', () => {
  test('negotiationneeded fires once for the first data channel', async () => {
    const pc = peer();
    let count = 0;
    pc.onnegotiationneeded = () => count++;
    pc.createDataChannel('a');
    pc.createDataChannel('b');
    await nextEvent(pc, 'negotiationneeded').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count).toBe(1);
  });

  test('setLocalDescription with a modified offer: InvalidModificationError', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    const error = await rejection(pc.setLocalDescription({ type: 'offer', sdp: offer.sdp.replace('262144', '1000') }));
    expect(error.name).toBe('InvalidModificationError');
    expect(pc.signalingState).toBe('stable');
    await pc.setLocalDescription(offer);
    expect(pc.signalingState).toBe('have-local-offer');
  });

  test('createAnswer without a remote offer: InvalidStateError', async () => {
    expect((await rejection(peer().createAnswer())).name).toBe('InvalidStateError');
  });

  test('answering a Chromium offer: implicit setLocalDescription, trickle, sctp after the answer', async () => {
    const pc = peer();
    const states = events(pc, 'signalingstatechange');
    await pc.setRemoteDescription({ type: 'offer', sdp: fixture('chrome-offer.sdp') });
    expect(pc.canTrickleIceCandidates).toBe(true);
    expect(pc.sctp).toBeNull();
    expect(pc.remoteDescription?.sdp).toBe(fixture('chrome-offer.sdp'));
    await pc.setLocalDescription();
    expect(states).toEqual(['have-remote-offer', 'stable']);
    expect(pc.localDescription?.type).toBe('answer');
    expect(pc.localDescription?.sdp).toContain('a=setup:active');
    expect(pc.currentRemoteDescription?.type).toBe('offer');
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(pc.sctp?.state).toBe('connecting');
    expect(pc.sctp?.maxMessageSize).toBe(262144);
  });

  test('the local description gains the candidates and a=end-of-candidates; icecandidate ends with null', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    const candidates: (string | null)[] = [];
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = (event) => {
        candidates.push(event.candidate?.candidate ?? null);
        if (event.candidate === null) resolve();
        else expect(event.candidate).toMatchObject({ sdpMid: '0', sdpMLineIndex: 0 });
      };
    });
    await pc.setLocalDescription();
    await done;
    expect(pc.iceGatheringState).toBe('complete');
    expect(candidates[candidates.length - 1]).toBeNull();
    const sdp = pc.localDescription!.sdp;
    for (const candidate of candidates.slice(0, -1)) expect(sdp).toContain(`a=${candidate}\r\n`);
    expect(sdp).toMatch(/a=end-of-candidates\r\n$/);
  });

  test('rollback of a local offer, and InvalidStateError for a rollback in stable', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    await pc.setLocalDescription({ type: 'rollback' });
    expect(pc.signalingState).toBe('stable');
    expect(pc.pendingLocalDescription).toBeNull();
    expect((await rejection(pc.setRemoteDescription({ type: 'rollback' }))).name).toBe('InvalidStateError');
  });

  test('a remote offer during our offer rolls ours back (glare)', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    const states = events(pc, 'signalingstatechange');
    await pc.setRemoteDescription({ type: 'offer', sdp: fixture('chrome-offer.sdp') });
    expect(states).toEqual(['stable', 'have-remote-offer']);
    expect(pc.pendingLocalDescription).toBeNull();
  });

  test('an answer in stable: InvalidStateError', async () => {
    const error = await rejection(peer().setRemoteDescription({ type: 'answer', sdp: fixture('chrome-answer.sdp') }));
    expect(error.name).toBe('InvalidStateError');
  });
});

describe('bad remote descriptions leave the connection usable', () => {
  test('garbage: RTCError sdp-syntax-error with the line number', async () => {
    const pc = peer();
    const error = await rejection(pc.setRemoteDescription({ type: 'offer', sdp: 'v=0\r\nthis is not SDP\r\n' }));
    expect(error.name).toBe('OperationError');
    expect(error.errorDetail).toBe('sdp-syntax-error');
    expect(error.sdpLineNumber).toBe(2);
    expect(pc.signalingState).toBe('stable');
    expect(pc.remoteDescription).toBeNull();
    await pc.setRemoteDescription({ type: 'offer', sdp: fixture('chrome-offer.sdp') });
    expect(pc.signalingState).toBe('have-remote-offer');
  });

  test('no fingerprint or bad ICE credentials: InvalidAccessError', async () => {
    const pc = peer();
    const offer = fixture('chrome-offer.sdp');
    for (const sdp of [
      offer.replace(/a=fingerprint:.*\r\n/, ''),
      offer.replace(/a=ice-pwd:.*\r\n/, 'a=ice-pwd:short\r\n'),
      offer.replace(/a=ice-ufrag:.*\r\n/, ''),
    ]) {
      expect((await rejection(pc.setRemoteDescription({ type: 'offer', sdp }))).name).toBe('InvalidAccessError');
    }
    expect(pc.signalingState).toBe('stable');
  });

  test('an answer whose m-sections do not match the offer: InvalidAccessError', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    const answer = fixture('chrome-answer.sdp')
      .replace(/a=mid:0/, 'a=mid:other')
      .replace('BUNDLE 0', 'BUNDLE other');
    expect((await rejection(pc.setRemoteDescription({ type: 'answer', sdp: answer }))).name).toBe('InvalidAccessError');
    expect(pc.signalingState).toBe('have-local-offer');
  });
});

describe('addIceCandidate', () => {
  const candidate = 'candidate:1 1 udp 2122260223 127.0.0.1 9 typ host';

  test('TypeError without sdpMid and sdpMLineIndex; InvalidStateError before a remote description', async () => {
    const pc = peer();
    expect(await rejection(pc.addIceCandidate({ candidate }))).toBeInstanceOf(TypeError);
    expect((await rejection(pc.addIceCandidate({ candidate, sdpMid: '0' }))).name).toBe('InvalidStateError');
  });

  test('OperationError for an unknown section, ufrag or a garbage candidate; end-of-candidates is shown', async () => {
    const pc = peer();
    await pc.setRemoteDescription({ type: 'offer', sdp: fixture('chrome-offer.sdp') });
    for (const init of [
      { candidate, sdpMid: '7' },
      { candidate, sdpMLineIndex: 3 },
      { candidate, sdpMid: '0', usernameFragment: 'nope' },
      { candidate: 'candidate:garbage', sdpMid: '0' },
    ]) {
      expect((await rejection(pc.addIceCandidate(init))).name).toBe('OperationError');
    }
    await pc.addIceCandidate({ candidate: '', sdpMid: '0' });
    await pc.addIceCandidate(null);
    expect(pc.remoteDescription?.sdp).toMatch(/a=end-of-candidates\r\n$/);
  });
});

describe('configuration and certificates', () => {
  test('getConfiguration returns the W3C defaults; certificates cannot change', async () => {
    const certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
    const pc = new RTCPeerConnection({ certificates: [certificate] }, { interfaces: ['lo'] });
    open.push(pc);
    expect(pc.getConfiguration()).toMatchObject({
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
      certificates: [certificate],
    });
    const other = await RTCCertificate.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(() => pc.setConfiguration({ certificates: [other] })).toThrow(
      expect.objectContaining({ name: 'InvalidModificationError' }),
    );
    pc.setConfiguration({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
    expect(pc.getConfiguration().certificates).toEqual([certificate]);
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    expect(offer).toBeInstanceOf(RTCSessionDescription);
    expect(offer.sdp.toLowerCase()).toContain(certificate.getFingerprints()[0].value!);
  });

  test('a certificate survives toPEM / fromPEM', async () => {
    const certificate = await RTCCertificate.generateCertificate({
      name: 'ECDSA',
      namedCurve: 'P-256',
      expires: 3600_000,
    });
    expect(certificate.expires).toBeGreaterThan(Date.now());
    expect(certificate.expires).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
    const copy = RTCCertificate.fromPEM(certificate.toPEM());
    expect(copy.getFingerprints()).toEqual(certificate.getFingerprints());
    expect(certificate.getFingerprints()[0].value).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  });
});
