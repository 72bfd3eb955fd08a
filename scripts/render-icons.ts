/**
 * `npx tsx scripts/render-icons.ts`: renders public/icon/icon.svg into the PNG sizes the
 * manifests need (public/icon/<size>.png), with Debian's Chromium. Run after changing the SVG.
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, requireBinary } from '../test/e2e/support/binaries';

const svg = readFileSync('public/icon/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: requireBinary(CHROMIUM_PATH, 'chromium'), args: ['--no-sandbox', '--headless=new'] });
for (const size of [16, 32, 48, 96, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('Wrote public/icon/{16,32,48,96,128}.png');
