// What an offer and its answer settle for the one bundled transport: ICE credentials and roles
// (RFC 8445 §6.1.1, RFC 8839), the DTLS role and fingerprints (RFC 8842 §5), the SCTP
// parameters (RFC 8841), and the checks a peer's description must pass (RFC 8829 §5.8).
import { invalidAccessError } from '../errors';
import { isDataSection, remoteSctpParameters } from './datachannel';
import type { Description } from './signaling';
import type {
  DtlsRole,
  Fingerprint,
  IceCredentials,
  LocalDescriptionModel,
  RemoteDescriptionModel,
  RemoteMediaSection,
} from './types';

export interface NegotiatedTransport {
  /** RFC 8445 §6.1.1: the offerer controls, unless the peer is ice-lite (then we always do). */
  controlling: boolean;
  remoteIce: IceCredentials;
  remoteLite: boolean;
  dtlsRole: DtlsRole;
  remoteFingerprints: Fingerprint[];
  /** Null when no data section was accepted by both sides. */
  sctp: { port: number; maxMessageSize: number } | null;
  remoteCandidates: string[];
  remoteEndOfCandidates: boolean;
}

/** A peer's section is in use unless rejected; a bundle-only section (port 0) is in use (RFC 8843 §6). */
export function isLive(section: RemoteMediaSection): boolean {
  return section.port !== 0 || section.bundleOnly;
}

/**
 * The section whose transport attributes the bundle uses (RFC 8843 §7.2.1: the BUNDLE tag, the
 * first mid of the group in use), or without BUNDLE the first section in use; -1 when none is.
 */
export function transportSectionIndex(model: RemoteDescriptionModel): number {
  for (const mid of model.bundle ?? []) {
    const index = model.media.findIndex((section) => section.mid === mid);
    if (index >= 0 && isLive(model.media[index])) return index;
  }
  return model.media.findIndex(isLive);
}

function sectionName(section: RemoteMediaSection): string {
  return `m-section mid ${section.mid} (${section.kind})`;
}

/** RFC 8829 §5.8 and RFC 8839 §5.4: the content checks; a failure is an InvalidAccessError. */
export function checkRemoteDescription(
  model: RemoteDescriptionModel,
  type: Description<unknown>['type'],
  localOffer: LocalDescriptionModel | null,
): void {
  const mids = new Set<string>();
  for (const section of model.media) {
    if (mids.has(section.mid)) throw invalidAccessError(`setRemoteDescription: two m-sections have mid ${section.mid}`);
    mids.add(section.mid);
  }
  if (type !== 'offer' && localOffer !== null) {
    const offered = localOffer.media.map((section) => section.mid).join(' ');
    const answered = model.media.map((section) => section.mid).join(' ');
    if (offered !== answered) {
      throw invalidAccessError(
        `setRemoteDescription: the ${type} has m-sections with mids [${answered}] but our offer has [${offered}]; ` +
          'an answer must have one m-section per offered one, in order',
      );
    }
  }
  const index = transportSectionIndex(model);
  if (index < 0) return;
  const section = model.media[index];
  const ice = section.transport.ice;
  if (ice === null) {
    throw invalidAccessError(`setRemoteDescription: ${sectionName(section)} has no a=ice-ufrag and a=ice-pwd`);
  }
  if (ice.usernameFragment.length < 4 || ice.usernameFragment.length > 256) {
    throw invalidAccessError(`setRemoteDescription: a=ice-ufrag must have 4 to 256 characters (RFC 8839 §5.4)`);
  }
  if (ice.password.length < 22 || ice.password.length > 256) {
    throw invalidAccessError(`setRemoteDescription: a=ice-pwd must have 22 to 256 characters (RFC 8839 §5.4)`);
  }
  if (section.transport.fingerprints.length === 0) {
    throw invalidAccessError(
      `setRemoteDescription: ${sectionName(section)} has no a=fingerprint; DTLS needs the peer's certificate fingerprint (RFC 8122)`,
    );
  }
}

/** RFC 8842 §5.3: the DTLS role we take from the setup attributes of the answer. */
function dtlsRole(
  local: Description<LocalDescriptionModel>,
  remote: Description<RemoteDescriptionModel>,
  index: number,
): DtlsRole {
  if (local.type !== 'offer') return local.model.transport.setup === 'passive' ? 'server' : 'client';
  // An answer without a=setup is 'active' (RFC 4145 §4); 'actpass' in an answer is invalid, and
  // we read it as the peer leaving the client role to us.
  const setup = remote.model.media[index].transport.setup ?? 'active';
  return setup === 'active' ? 'server' : 'client';
}

/** The transport settled by a local and a remote description of one exchange, or null if none. */
export function negotiate(
  local: Description<LocalDescriptionModel>,
  remote: Description<RemoteDescriptionModel>,
): NegotiatedTransport | null {
  const index = transportSectionIndex(remote.model);
  const ice = index < 0 ? null : remote.model.media[index].transport.ice;
  const accepted = remote.model.media.filter(
    (section, i) => isLive(section) && (local.model.media[i]?.port ?? 0) !== 0,
  );
  if (ice === null || accepted.length === 0) return null;
  const data = accepted.find(isDataSection);
  const live = remote.model.media.filter(isLive);
  return {
    controlling: local.type === 'offer' || remote.model.iceLite,
    remoteIce: ice,
    remoteLite: remote.model.iceLite,
    dtlsRole: dtlsRole(local, remote, index),
    remoteFingerprints: remote.model.media[index].transport.fingerprints,
    sctp: data === undefined ? null : remoteSctpParameters(data),
    remoteCandidates: [...new Set(live.flatMap((section) => section.candidates))],
    remoteEndOfCandidates: live.some((section) => section.endOfCandidates),
  };
}
