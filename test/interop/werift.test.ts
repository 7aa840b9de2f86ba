// nodertc ↔ werift (pure TypeScript WebRTC).
import { werift } from '../helpers/implementations';
import { interopScenarios } from '../helpers/interop';
import { nodertc } from '../helpers/nodertc';

describe('nodertc ↔ werift', () => {
  // No closeBothWays: werift fires no 'closing' event when the remote closes a channel.
  interopScenarios(nodertc, werift, { largeMessages: true, lateChannel: true });
});
