// Where bench traffic may go: loopback, or the test namespace's veth pair (scripts/netns.sh).
// The JavaScript twin of test/helpers/network.ts (the bench runs without a compile step).
'use strict';
const { networkInterfaces } = require('node:os');

const NAMESPACE_NAME = 'nodertc-test';
const NAMESPACE_PREFIX = '198.18.0.';

/** An address bench traffic may be sent to. */
function isTestAddress(address) {
  return address.startsWith('127.') || address === '::1' || address.startsWith(NAMESPACE_PREFIX);
}

/** True inside the namespace: both veth addresses present and no other non-loopback address. */
function inTestNamespace() {
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal)
    .map((info) => info.address);
  return (
    addresses.includes(`${NAMESPACE_PREFIX}1`) &&
    addresses.includes(`${NAMESPACE_PREFIX}2`) &&
    addresses.every(isTestAddress)
  );
}

/** The fields of a candidate attribute: "candidate:f 1 udp prio ADDRESS PORT typ TYPE ...". */
function candidateFields(candidate) {
  return candidate.replace(/^a=/, '').split(/\s+/);
}

/** A candidate may go to a peer: empty (end-of-candidates) or a UDP candidate on a test address. */
function isTestCandidate(candidate) {
  if (candidate === '') return true;
  const fields = candidateFields(candidate);
  return fields[2]?.toLowerCase() === 'udp' && fields[4] !== undefined && isTestAddress(fields[4]);
}

/** The SDP with each a=candidate line passed through `edit` (null drops the line). */
function editCandidateLines(sdp, edit) {
  return sdp
    .split('\r\n')
    .map((line) => (line.startsWith('a=candidate:') ? edit(line) : line))
    .filter((line) => line !== null)
    .join('\r\n');
}

/** The SDP without candidates that point outside the test network. */
function keepTestCandidates(sdp) {
  return editCandidateLines(sdp, (line) => (isTestCandidate(line) ? line : null));
}

module.exports = {
  NAMESPACE_NAME,
  isTestAddress,
  inTestNamespace,
  candidateFields,
  isTestCandidate,
  editCandidateLines,
  keepTestCandidates,
};
