// The other WebRTC implementations the interop suites talk to, as W3C-shaped peer factories
// configured for the test network (see network.ts).
import type { ChromiumBrowser } from './chromium';
import type { Implementation } from './interop';
import type { Peer } from './pairs';
import { nodeDatachannelConfig, weriftConfig } from './network';

/** werift, advertising 256 KiB messages like Chromium (its default is 64 KiB). */
export const werift: Implementation = {
  name: 'werift',
  create() {
    const { RTCPeerConnection } = require('werift');
    return new RTCPeerConnection({ maxMessageSize: 256 * 1024, ...weriftConfig() }) as Peer;
  },
};

/** libdatachannel through node-datachannel's W3C polyfill. Call its cleanup() in afterAll. */
export const nodeDatachannel: Implementation = {
  name: 'node-datachannel',
  create() {
    const { RTCPeerConnection } = require('node-datachannel/polyfill');
    return new RTCPeerConnection(nodeDatachannelConfig()) as Peer;
  },
};

/** Ends node-datachannel's process-wide threads so the jest worker can exit. */
export function cleanupNodeDatachannel(): void {
  require('node-datachannel').cleanup();
}

export function chromiumIn(browser: () => ChromiumBrowser): Implementation {
  return {
    name: 'Chromium',
    create: () => browser().createPeerConnection() as unknown as Promise<Peer>,
  };
}
