import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export async function launchBrowser(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(join(profileDir, 'chromium'), {
    executablePath: process.env['STEVEDORE_CHROMIUM'] ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, HOME: join(profileDir, 'home') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
