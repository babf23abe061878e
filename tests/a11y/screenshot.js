// Screenshots of pages in Debian's Chromium (headless), for docs/img and for looking at the site.
// Usage: node screenshot.js OUT.png FILE.html WIDTH [HEIGHT|full] [#fragment]
// 'full' (the default) captures the whole page; a HEIGHT crops it, starting at #fragment if given.
const { chromium } = require('playwright-core');

(async () => {
  const [out, file, width, height = 'full', fragment = ''] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--hide-scrollbars',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--font-render-hinting=none'],
  });
  const tall = height === 'full' ? 800 : Number(height);
  const page = await browser.newPage({ viewport: { width: Number(width), height: tall }, deviceScaleFactor: 1 });
  await page.goto('file://' + file + fragment);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scroll > Number(width)) console.error(`${file}: ${scroll} px wide at a ${width} px viewport`);
  if (height === 'full') await page.screenshot({ path: out, fullPage: true });
  else await page.screenshot({ path: out });
  await browser.close();
})().catch(error => { console.error(error); process.exit(2); });
