// Renders images/icon.svg to images/icon.png (256×256, transparent corners) with Debian's Chromium,
// since the Marketplace and vsce want a PNG icon. Run again after changing the SVG.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('images/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
    const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: 'images/icon.png', omitBackground: true });
} finally {
    await browser.close();
}
