// The libraries under test, each as a factory of W3C RTCPeerConnections kept on the test network
// (as test/helpers/network.ts does for the test suite).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const MAX_MESSAGE_SIZE = 256 * 1024;

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const git = (...args) =>
  execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** The package version and the commit the working tree is on (the bench loads the tree's build). */
function nodertcVersion() {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  try {
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${version} (${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''})`;
  } catch {
    return version;
  }
}

/**
 * name: how --libs names it; version(); unavailable(inNamespace): why it cannot run, or null;
 * create(inNamespace): a new peer connection.
 */
const LIBRARIES = [
  {
    name: 'nodertc',
    version: nodertcVersion,
    unavailable() {
      const entry = path.join(ROOT, 'dist', 'cjs', 'index.js');
      return fs.existsSync(entry) ? null : 'not built (dist/cjs/index.js missing: npm run build)';
    },
    create(inNamespace) {
      const { RTCPeerConnection } = require(path.join(ROOT, 'dist', 'cjs'));
      return new RTCPeerConnection({}, inNamespace ? {} : { interfaces: ['lo'] });
    },
  },
  {
    name: 'node-datachannel',
    version: () => packageVersion('node-datachannel'),
    unavailable: () => null,
    create(inNamespace) {
      const { RTCPeerConnection } = require('node-datachannel/polyfill');
      return new RTCPeerConnection(inNamespace ? {} : { bindAddress: '127.0.0.1' });
    },
  },
  {
    name: 'wrtc',
    version: () => `@roamhq/wrtc ${packageVersion('@roamhq/wrtc')}`,
    // libwebrtc gathers on every interface and has no setting to keep it on loopback.
    unavailable: (inNamespace) => (inNamespace ? null : 'runs only inside the test namespace (run as root)'),
    create() {
      const { RTCPeerConnection } = require('@roamhq/wrtc');
      return new RTCPeerConnection({});
    },
  },
  {
    name: 'werift',
    version: () => packageVersion('werift'),
    unavailable: () => null,
    create(inNamespace) {
      const { RTCPeerConnection } = require('werift');
      // Outside the namespace only loopback may be paired (werift skips loopback by default).
      const outside = {
        iceAdditionalHostAddresses: ['127.0.0.1'],
        iceFilterCandidatePair: (pair) =>
          pair.localCandidate.host.startsWith('127.') && pair.remoteCandidate.host.startsWith('127.'),
      };
      // No iceServers: werift's default STUN server is on the internet.
      return new RTCPeerConnection({
        iceServers: [],
        maxMessageSize: MAX_MESSAGE_SIZE,
        ...(inNamespace ? {} : outside),
      });
    },
  },
];

const ALIASES = { '@roamhq/wrtc': 'wrtc', ndc: 'node-datachannel' };

function library(name) {
  const found = LIBRARIES.find((lib) => lib.name === (ALIASES[name] ?? name));
  if (!found) throw new Error(`unknown library '${name}' (known: ${LIBRARIES.map((lib) => lib.name).join(', ')})`);
  return found;
}

module.exports = { LIBRARIES, library, ROOT };
