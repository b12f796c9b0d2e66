// Renders media/icon.svg to media/icon.png (128x128, the Marketplace icon) in headless Chromium.
// Run by hand after changing the SVG: node scripts/make-icon.mjs
import { chromium } from 'playwright-core';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const svg = readFileSync('media/icon.svg', 'utf8');
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'icon-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 128, height: 128 },
});
const page = await browser.newPage();
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: 'media/icon.png', omitBackground: true });
await browser.close();
console.log('wrote media/icon.png');
