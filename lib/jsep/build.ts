// The m= sections of our offers (RFC 8829 §5.2) and answers (§5.3). Sections are generic: a kind
// we do not handle yet is kept rejected (port 0), and the data section is one kind among others.
import { isDataSection, isLegacyDataSection, localDataSection } from './datachannel';
import { isLive } from './negotiation';
import type { DtlsRole, DtlsSetup, LocalMediaSection, MediaSection, RemoteDescriptionModel } from './types';

/** What we want in a description, beyond the sections already negotiated. */
export interface LocalWishes {
  /** An RTCDataChannel exists, so an application section is needed (W3C WebRTC "check if negotiation is needed"). */
  data: boolean;
  maxMessageSize: number;
}

/** RFC 8829 §5.3.1: a rejected section keeps its kind, protocol and mid, with port 0. */
function rejectedSection(section: MediaSection): LocalMediaSection {
  return {
    kind: section.kind,
    mid: section.mid,
    port: 0,
    protocol: section.protocol,
    formats: section.formats.slice(0, 1),
    attributes: [],
  };
}

function unusedMid(sections: readonly MediaSection[]): string {
  const used = new Set(sections.map((section) => section.mid));
  let mid = 0;
  while (used.has(String(mid))) mid++;
  return String(mid);
}

/**
 * RFC 8829 §5.2.1 / §5.2.2: a subsequent offer keeps the negotiated sections in order with their
 * mids; a new application section is appended when data is wanted and none is in use.
 */
export function offerSections(negotiated: readonly MediaSection[], wishes: LocalWishes): LocalMediaSection[] {
  const sections = negotiated.map((section) =>
    section.port !== 0 && isDataSection(section)
      ? localDataSection(section.mid, wishes.maxMessageSize, isLegacyDataSection(section))
      : rejectedSection(section),
  );
  if (wishes.data && !sections.some((section) => section.port !== 0 && isDataSection(section))) {
    sections.push(localDataSection(unusedMid(sections), wishes.maxMessageSize));
  }
  return sections;
}

/** RFC 8829 §5.3.1: one section per offered section; the first data section is accepted. */
export function answerSections(offer: RemoteDescriptionModel, wishes: LocalWishes): LocalMediaSection[] {
  let dataAccepted = false;
  return offer.media.map((section) => {
    if (!dataAccepted && isLive(section) && isDataSection(section)) {
      dataAccepted = true;
      return localDataSection(section.mid, wishes.maxMessageSize, isLegacyDataSection(section));
    }
    return rejectedSection(section);
  });
}

/** RFC 8843 §7.2 / RFC 8829 §5.2.1: every accepted section goes in the one BUNDLE group. */
export function offerBundle(sections: readonly LocalMediaSection[]): string[] | null {
  const mids = sections.filter((section) => section.port !== 0).map((section) => section.mid);
  return mids.length > 0 ? mids : null;
}

/** RFC 8843 §7.3.1: the answer's group holds the offered group's mids that we accepted. */
export function answerBundle(offer: RemoteDescriptionModel, sections: readonly LocalMediaSection[]): string[] | null {
  if (offer.bundle === null) return null;
  const accepted = new Set(sections.filter((section) => section.port !== 0).map((section) => section.mid));
  const mids = offer.bundle.filter((mid) => accepted.has(mid));
  return mids.length > 0 ? mids : null;
}

/** RFC 8842 §5.2/§5.3: offers say actpass until a role is established, then keep it. */
export function offerSetup(established: DtlsRole | null): DtlsSetup {
  if (established === null) return 'actpass';
  return established === 'client' ? 'active' : 'passive';
}

/**
 * RFC 8842 §5.3 / RFC 8829 §5.3.1: the answerer is the DTLS client ('active') unless the offer
 * insists on being active; an established role is kept.
 */
export function answerSetup(offered: DtlsSetup | null, established: DtlsRole | null): DtlsSetup {
  if (established !== null) return established === 'client' ? 'active' : 'passive';
  return offered === 'active' ? 'passive' : 'active';
}
