import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (apt package `chromium`), driven by playwright-core: playwright's own
 * browser download is not reachable from these machines. No sandbox: the tests run as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}
