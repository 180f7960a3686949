// Renders extension/icons/epure.svg to the PNG sizes the manifest lists, with
// the system's Chromium. Run once after editing the SVG; the PNGs are committed.
//   node tools/render-icons.mjs

import { CHROMIUM_PATH, chromiumArgs } from './chromium-flags.mjs';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const SIZES = [16, 32, 48, 128];
const svg = readFileSync(new URL('../extension/icons/epure.svg', import.meta.url), 'utf8');

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace(/width="128" height="128"/, `width="${size}" height="${size}"`);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    const path = new URL(`../extension/icons/epure-${size}.png`, import.meta.url).pathname;
    await page.screenshot({ path, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
