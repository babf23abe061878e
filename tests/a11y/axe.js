// Audit HTML files with axe-core (WCAG 2.0/2.1 A and AA, plus best practices) in Debian's
// Chromium, try them with the keyboard and at 390 px wide; prints one JSON line per file:
// {"file": ..., "violations": [...], "keyboard": {...}, "scrollWidthAt390": px}.
//
// keyboard: 'first' is what the first Tab from the top focuses (and whether a link's #target
// exists); 'afterSkip' what has focus after Enter on it and whether the next Tab lands after
// the target (the first focusable element after it); 'order' is true when Tab visits every focusable element once, in document order,
// and 'unmarked' lists focused elements without a visible focus outline.
const { chromium } = require('playwright-core');
const fs = require('fs');

function describe() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const href = el.getAttribute('href');
  const target = href && href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id || null, className: el.className || null, href,
    text: (el.textContent || '').trim().slice(0, 80), targetExists: href && href.startsWith('#') ? !!target : null,
    onScreen: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight,
  };
}

async function keyboard(page, file) {
  await page.goto('file://' + file);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(describe);
  let afterSkip = null;
  if (first && first.targetExists) {
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
    await page.keyboard.press('Tab');
    const next = await page.evaluate((href) => {
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      const after = el => target.contains(el) || !!(target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      const candidates = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
        .filter(el => el !== target && el.tabIndex >= 0 && el.getClientRects().length > 0 && after(el));
      const el = document.activeElement;
      // With nothing focusable after the target, Tab leaves the page (or wraps to its top).
      const inside = !!el && el !== document.body && el !== target && after(el);
      return { nextFollowsTarget: candidates.length ? el === candidates[0] : !inside };
    }, first.href);
    afterSkip = { focused, ...next };
  }
  // Every focusable element, once, in document order.
  await page.goto('file://' + file);
  const expected = await page.evaluate(() => {
    const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
    const focusable = all.filter(el => el.tabIndex >= 0 && el.getClientRects().length > 0);
    focusable.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    return focusable.length;
  });
  const seen = [];
  const unmarked = [];
  for (let i = 0; i <= expected; i++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const marked = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      return { kb: el.getAttribute('data-kb'), marked, what: el.outerHTML.slice(0, 80) };
    });
    if (!step || (seen.length && step.kb === seen[0])) break;
    seen.push(step.kb);
    if (!step.marked) unmarked.push(step.what);
  }
  const order = seen.length === expected && seen.every((kb, i) => kb === String(i));
  return { first, afterSkip, focusable: expected, visited: seen.length, order, unmarked: unmarked.slice(0, 5) };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  for (const file of process.argv.slice(2)) {
    await page.goto('file://' + file);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    }));
    const violations = result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')),
    }));
    const kb = await keyboard(page, file);
    // Reflow (WCAG 1.4.10): at 390 px wide, does the page need sideways scrolling?
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('file://' + file);
    const narrow = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize({ width: 1280, height: 720 });
    console.log(JSON.stringify({ file, violations, keyboard: kb, scrollWidthAt390: narrow }));
  }
  await browser.close();
})().catch(error => { console.error(error); process.exit(2); });
