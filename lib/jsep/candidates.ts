// Trickled candidates in descriptions (RFC 8838 §4.4, W3C WebRTC "surface the candidate"): localDescription and
// remoteDescription show the candidates learned since they were set, as a=candidate lines (and
// a=end-of-candidates) at the end of their m-section.
import type { Description } from './signaling';

export function addLine(description: Description<unknown>, sectionIndex: number, line: string): void {
  const lines = description.additions.get(sectionIndex);
  if (lines === undefined) description.additions.set(sectionIndex, [line]);
  else if (!lines.includes(line)) lines.push(line);
}

/** The description's SDP with its additions, in the line ending the SDP uses. */
export function renderDescription(description: Description<unknown>): string {
  if (description.additions.size === 0) return description.sdp;
  const eol = description.sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = description.sdp.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const output: string[] = [];
  let section = -1;
  const flush = (): void => {
    const added = description.additions.get(section);
    // a=end-of-candidates stays after every candidate.
    if (added !== undefined) output.push(...added.filter((line) => line !== 'a=end-of-candidates'));
    if (added?.includes('a=end-of-candidates')) output.push('a=end-of-candidates');
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (section >= 0) flush();
      section++;
    }
    output.push(line);
  }
  if (section >= 0) flush();
  return output.join(eol) + eol;
}
