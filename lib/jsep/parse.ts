// Reads a peer's session description (RFC 8829 §5.8): first line by line, rejecting what is not
// SDP with an RTCError 'sdp-syntax-error' naming the line, then into the RemoteDescriptionModel,
// taking session-level attributes where a section has none (Firefox and libdatachannel put
// a=fingerprint, a=ice-ufrag and a=setup at session level).
import { RTCError } from '../errors';
import { parseCandidate } from '../RTCIceCandidate';
import type { DtlsSetup, Fingerprint, RemoteDescriptionModel, RemoteMediaSection } from './types';

interface Attribute {
  name: string;
  value: string;
}

interface ScannedSection {
  kind: string;
  port: number;
  protocol: string;
  formats: string[];
  attributes: Attribute[];
}

interface Scanned {
  session: Attribute[];
  sections: ScannedSection[];
}

const ICE_CHARS = /^[A-Za-z0-9+/]+$/;

/** Attribute value grammars, with what we expected, for the error message. */
const ATTRIBUTE_SYNTAX: Record<string, [(value: string) => boolean, string]> = {
  candidate: [(v) => parseCandidate(`candidate:${v}`) !== null, 'a candidate-attribute (RFC 8839 §5.1)'],
  'ice-ufrag': [(v) => ICE_CHARS.test(v), 'ice-chars: letters, digits, + and / (RFC 8839 §5.4)'],
  'ice-pwd': [(v) => ICE_CHARS.test(v), 'ice-chars: letters, digits, + and / (RFC 8839 §5.4)'],
  'ice-options': [(v) => /^\S+( \S+)*$/.test(v), 'option tags (RFC 8839 §5.6)'],
  fingerprint: [
    (v) => /^\S+ [0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})*$/.test(v),
    "'<hash-function> <hex>:<hex>:...' (RFC 8122 §5)",
  ],
  setup: [(v) => /^(actpass|active|passive|holdconn)$/.test(v), 'actpass, active, passive or holdconn (RFC 4145 §4)'],
  mid: [(v) => /^\S+$/.test(v), 'an identification-tag (RFC 5888 §4)'],
  group: [(v) => /^\S+( \S+)*$/.test(v), "'<semantics> <mid> ...' (RFC 5888 §5)"],
  'sctp-port': [(v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, 'a port number (RFC 8841 §5)'],
  'max-message-size': [(v) => /^\d{1,10}$/.test(v), 'a number of bytes (RFC 8841 §6)'],
  sctpmap: [(v) => /^\d{1,5} \S+( \d{1,10})?$/.test(v), "'<port> webrtc-datachannel [<max-message-size>]'"],
};

function syntaxFault(lineNumber: number, line: string, expected: string): RTCError {
  return new RTCError(
    { errorDetail: 'sdp-syntax-error', sdpLineNumber: lineNumber },
    `SDP line ${lineNumber} ${JSON.stringify(line)} is not valid: expected ${expected}. ` +
      'Pass the sdp of the peer’s offer or answer unmodified.',
  );
}

function scanAttribute(text: string, lineNumber: number, line: string): Attribute {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1);
  const syntax = ATTRIBUTE_SYNTAX[name];
  if (syntax !== undefined && !syntax[0](value)) throw syntaxFault(lineNumber, line, syntax[1]);
  return { name, value };
}

/** RFC 8866 §5: one "<type>=<value>" per line, v=0 first; a syntax error names its line. */
function scan(sdp: string): Scanned {
  const lines = sdp.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== 'v=0') throw syntaxFault(1, lines[0] ?? '', "'v=0' (RFC 8866 §5.1)");
  const scanned: Scanned = { session: [], sections: [] };
  let sawOrigin = false;
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (!/^[a-z]=/.test(line)) throw syntaxFault(lineNumber, line, "'<letter>=<value>' (RFC 8866 §5)");
    const type = line[0];
    const value = line.slice(2);
    const section = scanned.sections[scanned.sections.length - 1];
    if (type === 'o') {
      if (!/^\S+ \d+ \d+ IN IP[46] \S+$/.test(value)) {
        throw syntaxFault(lineNumber, line, "'o=<username> <sess-id> <sess-version> IN IP4 <address>' (RFC 8866 §5.2)");
      }
      sawOrigin = true;
    } else if (type === 'm') {
      const m = /^(\S+) (\d{1,5})(?:\/\d+)? (\S+)((?: \S+)*)$/.exec(value);
      if (m === null || Number(m[2]) > 65535) {
        throw syntaxFault(lineNumber, line, "'m=<media> <port> <proto> <fmt> ...' (RFC 8866 §5.14)");
      }
      const formats = m[4].trim() === '' ? [] : m[4].trim().split(' ');
      scanned.sections.push({ kind: m[1], port: Number(m[2]), protocol: m[3], formats, attributes: [] });
    } else if (type === 'c') {
      if (!/^IN IP[46] \S+$/.test(value)) throw syntaxFault(lineNumber, line, "'c=IN IP4 <address>' (RFC 8866 §5.7)");
    } else if (type === 'a') {
      (section === undefined ? scanned.session : section.attributes).push(scanAttribute(value, lineNumber, line));
    }
  });
  if (!sawOrigin) throw syntaxFault(Math.min(2, lines.length), lines[1] ?? '', "an 'o=' line (RFC 8866 §5.2)");
  return scanned;
}

function values(attributes: Attribute[], name: string): string[] {
  return attributes.filter((attribute) => attribute.name === name).map((attribute) => attribute.value);
}

function first(attributes: Attribute[], name: string): string | null {
  return attributes.find((attribute) => attribute.name === name)?.value ?? null;
}

function fingerprints(attributes: Attribute[]): Fingerprint[] {
  return values(attributes, 'fingerprint').map((value) => {
    const [algorithm, hex] = value.split(' ');
    return { algorithm: algorithm.toLowerCase(), value: hex.toUpperCase() };
  });
}

/** RFC 8841 §5/§6, and the legacy draft form "m=application <port> DTLS/SCTP 5000" + a=sctpmap. */
function sctpParameters(section: ScannedSection): Pick<RemoteMediaSection, 'sctpPort' | 'maxMessageSize'> {
  const sctpmap = first(section.attributes, 'sctpmap')?.split(' ') ?? null;
  const port = first(section.attributes, 'sctp-port') ?? sctpmap?.[0] ?? null;
  const legacyPort = section.protocol === 'DTLS/SCTP' && section.formats.length > 0 ? section.formats[0] : null;
  const maxMessageSize = first(section.attributes, 'max-message-size') ?? sctpmap?.[2] ?? null;
  const sctpPort = port ?? legacyPort;
  return {
    sctpPort: sctpPort === null || !/^\d{1,5}$/.test(sctpPort) ? null : Number(sctpPort),
    maxMessageSize: maxMessageSize === null ? null : Number(maxMessageSize),
  };
}

function toSection(scanned: ScannedSection, index: number, session: Attribute[]): RemoteMediaSection {
  const own = scanned.attributes;
  const either = (name: string): string | null => first(own, name) ?? first(session, name);
  const ufrag = either('ice-ufrag');
  const pwd = either('ice-pwd');
  const sectionFingerprints = fingerprints(own);
  return {
    kind: scanned.kind,
    mid: first(own, 'mid') ?? String(index),
    port: scanned.port,
    protocol: scanned.protocol,
    formats: scanned.formats,
    transport: {
      ice: ufrag === null || pwd === null ? null : { usernameFragment: ufrag, password: pwd },
      // libdatachannel writes "ice2,trickle"; RFC 8839 §5.6 separates options with spaces.
      iceOptions: (either('ice-options') ?? '').split(/[ ,]+/).filter((option) => option !== ''),
      fingerprints: sectionFingerprints.length > 0 ? sectionFingerprints : fingerprints(session),
      setup: either('setup') as DtlsSetup | null,
    },
    candidates: values(own, 'candidate').map((value) => `candidate:${value}`),
    endOfCandidates: first(own, 'end-of-candidates') !== null || first(session, 'end-of-candidates') !== null,
    bundleOnly: first(own, 'bundle-only') !== null,
    ...sctpParameters(scanned),
  };
}

/** Parses a peer's SDP; throws RTCError 'sdp-syntax-error' with the line number when it is not SDP. */
export function parseDescription(sdp: string): RemoteDescriptionModel {
  const scanned = scan(sdp);
  const bundle = values(scanned.session, 'group')
    .map((group) => group.split(' '))
    .find((group) => group[0] === 'BUNDLE');
  return {
    iceLite: first(scanned.session, 'ice-lite') !== null,
    bundle: bundle === undefined ? null : bundle.slice(1),
    media: scanned.sections.map((section, index) => toSection(section, index, scanned.session)),
  };
}
