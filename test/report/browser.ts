// Debian's Chromium, headless, driven by playwright-core (its own browser
// download does not work here; .ci/run installs /usr/bin/chromium).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.MEMORDER_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

if (!HAVE_CHROMIUM) {
  // On a developer machine without it the browser tests are skipped; CI
  // (CI=true) installs it first, so there a missing browser is a failure.
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
  console.warn(`skipping browser tests: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
