// nodertc ↔ libdatachannel, through node-datachannel's W3C polyfill.
import { cleanupNodeDatachannel, nodeDatachannel } from '../helpers/implementations';
import { interopScenarios } from '../helpers/interop';
import { nodertc } from '../helpers/nodertc';

describe('nodertc ↔ node-datachannel', () => {
  // node-datachannel's threads would otherwise keep the jest worker alive.
  afterAll(cleanupNodeDatachannel);

  interopScenarios(nodertc, nodeDatachannel, { largeMessages: true, lateChannel: true, closeBothWays: true });
});
