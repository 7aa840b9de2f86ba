// nodertc ↔ Chromium (Debian's /usr/bin/chromium, headless) inside the test namespace.
import { ChromiumBrowser } from '../helpers/chromium';
import { chromiumIn } from '../helpers/implementations';
import { interopScenarios } from '../helpers/interop';
import { inTestNamespace } from '../helpers/network';
import { nodertc } from '../helpers/nodertc';

// Chromium ignores loopback candidates: it needs the namespace's addresses (scripts/test.sh as root).
const runnable = inTestNamespace();
if (!runnable) {
  console.warn('Chromium interop skipped: not inside the nodertc-test namespace (run `npm test` as root)');
}

(runnable ? describe : describe.skip)('nodertc ↔ Chromium', () => {
  let browser: ChromiumBrowser;
  beforeAll(async () => {
    browser = await ChromiumBrowser.launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  interopScenarios(
    nodertc,
    chromiumIn(() => browser),
    { largeMessages: true, lateChannel: true, closeBothWays: true },
  );
});
