// Audit HTML files with axe-core (WCAG 2.0/2.1 A and AA, plus best practices) in Debian's
// Chromium; prints one JSON line per file: {"file": ..., "violations": [...]}.
const { chromium } = require('playwright-core');
const fs = require('fs');

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const page = await browser.newPage();
  for (const file of process.argv.slice(2)) {
    await page.goto('file://' + file);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    }));
    const violations = result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')),
    }));
    console.log(JSON.stringify({ file, violations }));
  }
  await browser.close();
})().catch(error => { console.error(error); process.exit(2); });
