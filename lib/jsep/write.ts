// Writes our session descriptions (RFC 8829 §5.2 offers, §5.3 answers), line for line in the
// order Chromium uses, so that every peer that reads Chromium's SDP reads ours.
import type { LocalDescriptionModel, LocalMediaSection, LocalTransport } from './types';

/** The transport lines of an accepted section: RFC 8839 §5.4, RFC 8838 §4.1.1, RFC 8122 §5. */
function transportLines(transport: LocalTransport): string[] {
  return [
    `a=ice-ufrag:${transport.ice.usernameFragment}`,
    `a=ice-pwd:${transport.ice.password}`,
    'a=ice-options:trickle',
    ...transport.fingerprints.map((fingerprint) => `a=fingerprint:${fingerprint.algorithm} ${fingerprint.value}`),
    `a=setup:${transport.setup}`,
  ];
}

function sectionLines(section: LocalMediaSection, transport: LocalTransport): string[] {
  // RFC 8829 §5.2.1: port 9 (discard) until candidates are known; a rejected section has port 0.
  const lines = [
    `m=${section.kind} ${section.port} ${section.protocol} ${section.formats.join(' ')}`,
    'c=IN IP4 0.0.0.0',
  ];
  if (section.port !== 0) lines.push(...transportLines(transport));
  lines.push(`a=mid:${section.mid}`);
  if (section.port !== 0) lines.push(...section.attributes.map((attribute) => `a=${attribute}`));
  return lines;
}

export function writeDescription(model: LocalDescriptionModel): string {
  // RFC 8829 §5.2.1: the session part.
  const lines = ['v=0', `o=- ${model.sessionId} ${model.version} IN IP4 127.0.0.1`, 's=-', 't=0 0'];
  if (model.bundle !== null && model.bundle.length > 0) lines.push(`a=group:BUNDLE ${model.bundle.join(' ')}`);
  lines.push('a=extmap-allow-mixed', 'a=msid-semantic: WMS');
  for (const section of model.media) lines.push(...sectionLines(section, model.transport));
  return lines.join('\r\n') + '\r\n';
}
