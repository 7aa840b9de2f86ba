// Offers and answers of jsep/session.ts, and what jsep/negotiation.ts settles from them, against
// the fixtures of other stacks.
import { negotiate } from '../../lib/jsep/negotiation';
import { parseDescription } from '../../lib/jsep/parse';
import { JsepSession, type LocalTransportIdentity } from '../../lib/jsep/session';
import { fixture } from './fixtures';

const identity: LocalTransportIdentity = {
  ice: { usernameFragment: 'Ab12', password: 'abcdefghijklmnopqrstuvwx' },
  fingerprints: [
    {
      algorithm: 'sha-256',
      value: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
    },
  ],
};
const wishes = { data: true, maxMessageSize: 262144 };

function answerTo(offerSdp: string): { session: JsepSession; answer: string } {
  const session = new JsepSession();
  session.signaling.applyRemote(session.readRemote('offer', offerSdp));
  const answer = session.createAnswer(identity, wishes);
  session.signaling.applyLocal(answer);
  return { session, answer: answer.sdp };
}

describe('offers', () => {
  test('the initial offer is Chromium-shaped', () => {
    const offer = new JsepSession().createOffer(identity, wishes);
    const lines = offer.sdp.split('\r\n');
    expect(offer.sdp.endsWith('\r\n')).toBe(true);
    expect(lines[0]).toBe('v=0');
    expect(lines[1]).toMatch(/^o=- \d{1,19} 2 IN IP4 127\.0\.0\.1$/);
    expect(lines.slice(2, 15)).toEqual([
      's=-',
      't=0 0',
      'a=group:BUNDLE 0',
      'a=extmap-allow-mixed',
      'a=msid-semantic: WMS',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
      'c=IN IP4 0.0.0.0',
      'a=ice-ufrag:Ab12',
      'a=ice-pwd:abcdefghijklmnopqrstuvwx',
      'a=ice-options:trickle',
      `a=fingerprint:sha-256 ${identity.fingerprints[0].value}`,
      'a=setup:actpass',
      'a=mid:0',
    ]);
    expect(lines.slice(15)).toEqual(['a=sctp-port:5000', 'a=max-message-size:262144', '']);
  });

  test('our offer parses back to what we wrote', () => {
    const offer = new JsepSession().createOffer(identity, { data: true, maxMessageSize: 1000 });
    const [data] = parseDescription(offer.sdp).media;
    expect(data.transport.ice).toEqual(identity.ice);
    expect(data.transport.fingerprints).toEqual(identity.fingerprints);
    expect(data).toMatchObject({ mid: '0', sctpPort: 5000, maxMessageSize: 1000 });
  });

  test('without data channels an offer has no m-section and no BUNDLE group', () => {
    const offer = new JsepSession().createOffer(identity, { data: false, maxMessageSize: 262144 });
    expect(offer.sdp).not.toContain('m=');
    expect(offer.sdp).not.toContain('a=group');
  });

  test('the session version grows only when the content changes', () => {
    const session = new JsepSession();
    const version = (sdp: string): string => sdp.split('\r\n')[1].split(' ')[2];
    const first = session.createOffer(identity, { data: false, maxMessageSize: 262144 });
    const same = session.createOffer(identity, { data: false, maxMessageSize: 262144 });
    const changed = session.createOffer(identity, wishes);
    expect(version(same.sdp)).toBe(version(first.sdp));
    expect(Number(version(changed.sdp))).toBe(Number(version(first.sdp)) + 1);
    expect(first.sdp.split('\r\n')[1].split(' ')[1]).toBe(changed.sdp.split('\r\n')[1].split(' ')[1]);
  });

  test('a subsequent offer keeps the negotiated mid and takes the established DTLS role', () => {
    const { session } = answerTo(fixture('legacy-offer.sdp'));
    session.dtlsRole = 'client';
    const offer = session.createOffer(identity, wishes).sdp;
    expect(offer).toContain('a=group:BUNDLE data');
    expect(offer).toContain('m=application 9 DTLS/SCTP 5000');
    expect(offer).toContain('a=mid:data');
    expect(offer).toContain('a=setup:active');
  });
});

describe('answers', () => {
  test.each([
    ['chrome-offer.sdp', '0'],
    ['firefox-offer.sdp', '0'],
    ['libdatachannel-offer.sdp', '0'],
    ['werift-offer.sdp', '0'],
  ])('to %s: accept data, active, same mid', (name, mid) => {
    const { answer } = answerTo(fixture(name));
    const model = parseDescription(answer);
    expect(model.bundle).toEqual([mid]);
    expect(model.media).toHaveLength(1);
    expect(model.media[0]).toMatchObject({
      mid,
      port: 9,
      protocol: 'UDP/DTLS/SCTP',
      sctpPort: 5000,
      maxMessageSize: 262144,
    });
    expect(model.media[0].transport.setup).toBe('active');
  });

  test('to a legacy offer: answered in the legacy form', () => {
    const { answer } = answerTo(fixture('legacy-offer.sdp'));
    expect(answer).toContain('a=group:BUNDLE data');
    expect(answer).toContain('m=application 9 DTLS/SCTP 5000');
    expect(answer).toContain('a=sctpmap:5000 webrtc-datachannel 65535');
    expect(answer).toContain('a=mid:data');
  });

  test('to an offer with audio: audio rejected (port 0, same mid), data accepted and alone in BUNDLE', () => {
    const { answer } = answerTo(fixture('chrome-audio-data-offer.sdp'));
    const model = parseDescription(answer);
    expect(model.media.map((section) => [section.kind, section.mid, section.port])).toEqual([
      ['audio', '0', 0],
      ['application', '1', 9],
    ]);
    expect(model.bundle).toEqual(['1']);
    expect(answer).toContain('m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\nm=application');
  });

  test('to an offer that insists on being active: passive', () => {
    const { answer } = answerTo(fixture('chrome-offer.sdp').replace('a=setup:actpass', 'a=setup:active'));
    expect(answer).toContain('a=setup:passive');
  });
});

describe('negotiate', () => {
  test("answering Chromium: controlled, DTLS client, Chromium's SCTP port and size", () => {
    const { session } = answerTo(fixture('chrome-offer.sdp'));
    const result = negotiate(session.signaling.currentLocal!, session.signaling.currentRemote!);
    expect(result).toMatchObject({
      controlling: false,
      remoteLite: false,
      dtlsRole: 'client',
      remoteIce: { usernameFragment: 'UBj4', password: 'FY4osTAkzSTo+WIHrkCnmdju' },
      sctp: { port: 5000, maxMessageSize: 262144 },
      remoteEndOfCandidates: false,
    });
  });

  test('answering an ice-lite peer: we control', () => {
    const sdp = fixture('chrome-offer.sdp').replace('a=group:BUNDLE 0', 'a=ice-lite\r\na=group:BUNDLE 0');
    const { session } = answerTo(sdp);
    expect(negotiate(session.signaling.currentLocal!, session.signaling.currentRemote!)?.controlling).toBe(true);
  });

  test('answering Firefox and libdatachannel: their candidates and end-of-candidates', () => {
    for (const name of ['firefox-offer.sdp', 'libdatachannel-offer.sdp']) {
      const { session } = answerTo(fixture(name));
      const result = negotiate(session.signaling.currentLocal!, session.signaling.currentRemote!)!;
      expect(result.remoteCandidates.length).toBeGreaterThan(0);
      expect(result.remoteEndOfCandidates).toBe(true);
    }
  });

  test('a peer without max-message-size accepts 64 KiB', () => {
    const { session } = answerTo(fixture('chrome-offer.sdp').replace('a=max-message-size:262144\r\n', ''));
    expect(negotiate(session.signaling.currentLocal!, session.signaling.currentRemote!)?.sctp?.maxMessageSize).toBe(
      65536,
    );
  });

  test.each([
    ['active', 'server'],
    ['passive', 'client'],
    [null, 'server'],
  ])('offering, the answer says setup %s: we are DTLS %s, and controlling', (setup, role) => {
    const session = new JsepSession();
    session.signaling.applyLocal(session.createOffer(identity, wishes));
    let answer = fixture('chrome-answer.sdp');
    answer =
      setup === null ? answer.replace('a=setup:active\r\n', '') : answer.replace('a=setup:active', `a=setup:${setup}`);
    session.signaling.applyRemote(session.readRemote('answer', answer));
    const result = negotiate(session.signaling.currentLocal!, session.signaling.currentRemote!)!;
    expect(result.dtlsRole).toBe(role);
    expect(result.controlling).toBe(true);
  });
});
