// jsep/parse.ts on SDPs of Chromium, Firefox, libdatachannel, werift and the legacy data format.
import { RTCError } from '../../lib/errors';
import { parseDescription } from '../../lib/jsep/parse';
import { fixture } from './fixtures';

describe('parseDescription', () => {
  test('Chromium offer', () => {
    const model = parseDescription(fixture('chrome-offer.sdp'));
    expect(model.iceLite).toBe(false);
    expect(model.bundle).toEqual(['0']);
    expect(model.media).toHaveLength(1);
    const [data] = model.media;
    expect(data).toMatchObject({
      kind: 'application',
      mid: '0',
      port: 9,
      protocol: 'UDP/DTLS/SCTP',
      formats: ['webrtc-datachannel'],
      sctpPort: 5000,
      maxMessageSize: 262144,
      candidates: [],
      endOfCandidates: false,
      bundleOnly: false,
    });
    expect(data.transport).toEqual({
      ice: { usernameFragment: 'UBj4', password: 'FY4osTAkzSTo+WIHrkCnmdju' },
      iceOptions: ['trickle'],
      fingerprints: [
        {
          algorithm: 'sha-256',
          value: '67:6D:D2:C6:A8:2C:B4:42:4E:E7:F1:D7:D5:E6:BB:30:59:AB:64:1E:6B:69:28:B2:F1:0F:15:34:4E:B4:AF:A9',
        },
      ],
      setup: 'actpass',
    });
  });

  test('Chromium localDescription with candidates', () => {
    const [data] = parseDescription(fixture('chrome-offer-gathered.sdp')).media;
    expect(data.port).toBe(41287);
    expect(data.candidates).toEqual([
      'candidate:240664160 1 udp 2113937151 192.0.2.2 41287 typ host generation 0 network-cost 999',
      'candidate:3309240192 1 udp 2113942271 fd00::2 57580 typ host generation 0 network-cost 999',
    ]);
  });

  test('Chromium answer', () => {
    const [data] = parseDescription(fixture('chrome-answer.sdp')).media;
    expect(data.transport.setup).toBe('active');
  });

  test('Chromium audio + data offer keeps both sections in order', () => {
    const model = parseDescription(fixture('chrome-audio-data-offer.sdp'));
    expect(model.bundle).toEqual(['0', '1']);
    expect(model.media.map((section) => [section.kind, section.mid, section.protocol])).toEqual([
      ['audio', '0', 'UDP/TLS/RTP/SAVPF'],
      ['application', '1', 'UDP/DTLS/SCTP'],
    ]);
    expect(model.media[0].formats).toEqual(['111', '63', '9', '0', '8', '13', '110', '126']);
    expect(model.media[0].sctpPort).toBeNull();
  });

  test('Firefox: session-level fingerprint, TCP and srflx candidates, end-of-candidates', () => {
    const [data] = parseDescription(fixture('firefox-offer.sdp')).media;
    expect(data.transport.fingerprints).toHaveLength(1);
    expect(data.transport.fingerprints[0].value.startsWith('5B:D2:8C')).toBe(true);
    expect(data.transport.ice).toEqual({ usernameFragment: '9b3e7d21', password: '6f4a1c2e8b3d7f9a0c5e1b2d4f6a8c0e' });
    expect(data.transport.iceOptions).toEqual(['trickle']);
    expect(data.candidates).toHaveLength(3);
    expect(data.endOfCandidates).toBe(true);
    expect(data.maxMessageSize).toBe(1073741823);
  });

  test('libdatachannel: session-level ICE, DTLS and setup; comma-separated ice-options', () => {
    const model = parseDescription(fixture('libdatachannel-offer.sdp'));
    expect(model.bundle).toEqual(['0']);
    const [data] = model.media;
    expect(data.transport.ice).toEqual({ usernameFragment: 'Jb9v', password: 'Nc5XuPZ0uIuGqVUrYvMLHm' });
    expect(data.transport.iceOptions).toEqual(['ice2', 'trickle']);
    expect(data.transport.setup).toBe('actpass');
    expect(data.transport.fingerprints[0].algorithm).toBe('sha-256');
    expect(data.candidates).toHaveLength(2);
    expect(data.endOfCandidates).toBe(true);
  });

  test('werift offer and answer', () => {
    const offer = parseDescription(fixture('werift-offer.sdp'));
    expect(offer.media[0].transport.setup).toBe('actpass');
    expect(offer.media[0].maxMessageSize).toBe(65536);
    expect(offer.media[0].endOfCandidates).toBe(true);
    const answer = parseDescription(fixture('werift-answer.sdp'));
    expect(answer.media[0].transport.setup).toBe('active');
  });

  test('legacy DTLS/SCTP section with a=sctpmap and a non-numeric mid', () => {
    const model = parseDescription(fixture('legacy-offer.sdp'));
    expect(model.bundle).toEqual(['data']);
    expect(model.media[0]).toMatchObject({ mid: 'data', protocol: 'DTLS/SCTP', sctpPort: 5000, maxMessageSize: 1024 });
  });

  test('LF line endings, no final newline, and a section without mid', () => {
    const sdp = fixture('chrome-offer.sdp').replace(/\r\n/g, '\n').replace('a=mid:0\n', '').trimEnd();
    const [data] = parseDescription(sdp).media;
    expect(data.mid).toBe('0');
    expect(data.maxMessageSize).toBe(262144);
  });

  test('ice-lite and bundle-only', () => {
    const sdp = fixture('chrome-offer.sdp')
      .replace('a=group:BUNDLE 0', 'a=ice-lite\r\na=group:BUNDLE 0')
      .replace('a=mid:0', 'a=mid:0\r\na=bundle-only');
    const model = parseDescription(sdp);
    expect(model.iceLite).toBe(true);
    expect(model.media[0].bundleOnly).toBe(true);
  });

  test('an absent max-message-size stays null (the reader applies the 64 KiB default)', () => {
    const sdp = fixture('chrome-offer.sdp').replace('a=max-message-size:262144\r\n', '');
    expect(parseDescription(sdp).media[0].maxMessageSize).toBeNull();
  });
});

describe('parseDescription syntax errors', () => {
  const lineOf = (sdp: string, prefix: string): number =>
    sdp.split('\r\n').findIndex((line) => line.startsWith(prefix)) + 1;

  function syntaxError(sdp: string): RTCError {
    try {
      parseDescription(sdp);
    } catch (error) {
      return error as RTCError;
    }
    throw new Error('expected an sdp-syntax-error');
  }

  test.each([
    ['not SDP at all', 'this is not\r\nan SDP\r\n', 1],
    ['an empty string', '', 1],
    ['a line without "x="', fixture('chrome-offer.sdp').replace('s=-', 'garbage'), 3],
    ['a bad o= line', fixture('chrome-offer.sdp').replace(/^o=.*$/m, 'o=- x'), 2],
  ])('%s', (_name, sdp, line) => {
    const error = syntaxError(sdp);
    expect(error).toBeInstanceOf(RTCError);
    expect(error.name).toBe('OperationError');
    expect(error.errorDetail).toBe('sdp-syntax-error');
    expect(error.sdpLineNumber).toBe(line);
  });

  test.each([
    ['m=', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'm=application x UDP/DTLS/SCTP'],
    ['a=fingerprint', 'a=fingerprint:sha-256 67:6D', 'a=fingerprint:sha-256 zz:6D'],
    ['a=setup', 'a=setup:actpass', 'a=setup:sometimes'],
    ['a=sctp-port', 'a=sctp-port:5000', 'a=sctp-port:99999'],
    ['a=ice-ufrag', 'a=ice-ufrag:UBj4', 'a=ice-ufrag:UB j4'],
    ['c=', 'c=IN IP4 0.0.0.0', 'c=IN IPX 0.0.0.0'],
  ])('a bad %s line names its line number', (_name, good, bad) => {
    const sdp = fixture('chrome-offer.sdp');
    const error = syntaxError(sdp.replace(good, bad));
    expect(error.errorDetail).toBe('sdp-syntax-error');
    expect(error.sdpLineNumber).toBe(lineOf(sdp, good));
    expect(error.message).toContain(`line ${lineOf(sdp, good)}`);
  });

  test('a bad candidate line', () => {
    const sdp = fixture('chrome-offer-gathered.sdp');
    const good = 'a=candidate:240664160 1 udp 2113937151 192.0.2.2 41287 typ host';
    const error = syntaxError(sdp.replace(good, 'a=candidate:240664160 1 udp 2113937151 192.0.2.2 port typ host'));
    expect(error.sdpLineNumber).toBe(lineOf(sdp, good));
  });
});
