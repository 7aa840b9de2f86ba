// RTCIceCandidate and the candidate-attribute grammar (RFC 8839 §5.1).
import { parseCandidate, RTCIceCandidate } from '../../lib/RTCIceCandidate';

describe('RTCIceCandidate', () => {
  test('a Chromium host candidate', () => {
    const candidate = new RTCIceCandidate({
      candidate:
        'candidate:1101750325 1 udp 2113937151 192.0.2.2 41445 typ host generation 0 ufrag 9Alb network-cost 999',
      sdpMid: '0',
      sdpMLineIndex: 0,
    });
    expect(candidate).toMatchObject({
      foundation: '1101750325',
      component: 'rtp',
      protocol: 'udp',
      priority: 2113937151,
      address: '192.0.2.2',
      port: 41445,
      type: 'host',
      tcpType: null,
      relatedAddress: null,
      relatedPort: null,
      usernameFragment: '9Alb',
      sdpMid: '0',
      sdpMLineIndex: 0,
    });
  });

  test('srflx with raddr/rport, Firefox uppercase UDP', () => {
    const candidate = new RTCIceCandidate({
      candidate: 'candidate:1 1 UDP 1686052863 203.0.113.7 54831 typ srflx raddr 192.0.2.3 rport 54832',
      sdpMLineIndex: 0,
    });
    expect(candidate).toMatchObject({
      protocol: 'udp',
      type: 'srflx',
      relatedAddress: '192.0.2.3',
      relatedPort: 54832,
    });
    expect(candidate.sdpMid).toBeNull();
  });

  test('TCP with tcptype, component 2, IPv6 and mDNS addresses', () => {
    const tcp = new RTCIceCandidate({
      candidate: 'candidate:2 2 TCP 2105524479 fd00::3 9 typ host tcptype active',
      sdpMid: 'a',
    });
    expect(tcp).toMatchObject({ protocol: 'tcp', tcpType: 'active', component: 'rtcp', address: 'fd00::3', port: 9 });
    const mdns = new RTCIceCandidate({
      candidate: 'candidate:3 1 udp 2113937151 7c2f1ac8-3f0b-4f1b-9d7a-0a1b2c3d4e5f.local 54400 typ host generation 0',
      sdpMid: '0',
    });
    expect(mdns.address).toBe('7c2f1ac8-3f0b-4f1b-9d7a-0a1b2c3d4e5f.local');
  });

  test('the usernameFragment given wins over the ufrag extension', () => {
    const candidate = new RTCIceCandidate({
      candidate: 'candidate:1 1 udp 1 192.0.2.2 1 typ host ufrag fromline',
      sdpMid: '0',
      usernameFragment: 'given',
    });
    expect(candidate.usernameFragment).toBe('given');
  });

  test('an unparsable candidate keeps its text and has null fields', () => {
    const candidate = new RTCIceCandidate({ candidate: 'candidate:garbage', sdpMid: '0' });
    expect(candidate.candidate).toBe('candidate:garbage');
    expect(candidate.type).toBeNull();
    expect(candidate.address).toBeNull();
  });

  test('the end-of-candidates candidate', () => {
    const candidate = new RTCIceCandidate({ candidate: '', sdpMid: '0', sdpMLineIndex: 0 });
    expect(candidate.toJSON()).toEqual({ candidate: '', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null });
  });

  test('TypeError without sdpMid and sdpMLineIndex', () => {
    expect(() => new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 192.0.2.2 1 typ host' })).toThrow(TypeError);
    expect(() => new RTCIceCandidate()).toThrow(TypeError);
    expect(() => new RTCIceCandidate({ sdpMid: null, sdpMLineIndex: null })).toThrow(TypeError);
  });

  test('toJSON round-trips through the constructor', () => {
    const init = {
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: 'abcd',
    };
    expect(new RTCIceCandidate(new RTCIceCandidate(init).toJSON()).toJSON()).toEqual(init);
  });
});

describe('parseCandidate', () => {
  test('accepts an a= prefix', () => {
    expect(parseCandidate('a=candidate:1 1 udp 1 127.0.0.1 9 typ host')?.port).toBe(9);
  });

  test.each([
    'candidate:garbage',
    'candidate:1 1 udp 2122260223 127.0.0.1 notaport typ host',
    'candidate:1 udp 2122260223 127.0.0.1 5000 typ host',
    'candidate:1 1 sctp 2122260223 127.0.0.1 5000 typ host',
    'candidate:1 1 udp 2122260223 127.0.0.1 70000 typ host',
    'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ weird',
    'candidate:1 1 udp 2122260223 127.0.0.1 5000 kind host',
    'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host raddr',
    'candidate:1 1 tcp 2122260223 127.0.0.1 5000 typ host tcptype sideways',
    'foundation:1 1 udp 2122260223 127.0.0.1 5000 typ host',
  ])('rejects %s', (text) => {
    expect(parseCandidate(text)).toBeNull();
  });
});
