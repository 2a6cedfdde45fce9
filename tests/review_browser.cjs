// Drives the session review page in headless chromium (Playwright with the system browser)
// and prints what it found as JSON. Used by tests/review_browser.rs.
// usage: PW_CORE=<path to playwright-core> node review_browser.cjs PAGE SCREENSHOT CHROMIUM PROFILE_DIR
const path = require('path');
const { chromium } = require(process.env.PW_CORE);

(async () => {
  const [pagePath, shot, exe, profile] = process.argv.slice(2);
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: exe,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  const external = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith('data:')) external.push(u);
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + path.resolve(pagePath));
  const out = { external, errors };
  // The four parts, as drawn (width on screen, not just present in the markup).
  out.parts = await page.$$eval('.timeline .seg', (els) => els.map((e) => ({
    part: e.className.replace('seg ', ''),
    width: e.getBoundingClientRect().width,
    t: parseFloat(e.dataset.t),
  })));
  out.limit_drawn = await page.$$eval('.timeline .limit', (els) => els.filter((e) => e.getBoundingClientRect().height > 0).length);
  out.numbers = await page.$$eval('.w.num', (els) => els.map((e) => e.textContent));
  out.flags = await page.$$eval('.flags li', (els) => els.map((e) => e.querySelector('.code').textContent));
  out.audio_ready = await page.waitForFunction(
    () => [...document.querySelectorAll('audio')].every((a) => a.readyState >= 1),
    null, { timeout: 10000 }).then(() => true, () => false);
  out.audio_duration = await page.$eval('audio', (a) => a.duration);

  // Where a click sent the player: currentTime as the seek starts. Read afterwards, it has
  // already moved on by however long playback ran before the read (50 ms on a busy machine).
  const seekOnClick = async (loc) => {
    await page.$eval('audio', (a) => {
      a.seekTo = null;
      a.addEventListener('seeking', () => { a.seekTo = a.currentTime; }, { once: true });
    });
    await loc.click();
    await page.waitForFunction(() => document.querySelector('audio').seekTo !== null, null,
      { timeout: 5000 }).catch(() => {});
    return page.$eval('audio', (a) => (a.seekTo === null ? a.currentTime : a.seekTo));
  };

  // Click a word well into the answer: the player must seek to that word's start.
  const words = page.locator('article.answer .transcript .w');
  const n = await words.count();
  out.word_count = n;
  const word = words.nth(Math.floor(n * 0.6));
  out.clicked_word = await word.textContent();
  out.clicked_start = parseFloat(await word.getAttribute('data-t'));
  out.current_after_word = await seekOnClick(word);
  out.highlighted = await page.$$eval('.w.now', (els) => els.map((e) => e.textContent));

  // A flag's time button and a timeline part seek too.
  const flagBtn = page.locator('.flags button[data-t]').first();
  if (await flagBtn.count()) {
    out.flag_t = parseFloat(await flagBtn.getAttribute('data-t'));
    out.current_after_flag = await seekOnClick(flagBtn);
  }
  const seg = page.locator('.timeline .seg.result').first();
  out.result_t = parseFloat(await seg.getAttribute('data-t'));
  out.current_after_part = await seekOnClick(seg);
  await page.$eval('audio', (a) => a.pause());

  await word.click();
  await page.$eval('audio', (a) => a.pause());
  await page.screenshot({ path: shot, fullPage: true });
  console.log(JSON.stringify(out));
  await ctx.close();
})().catch((e) => {
  console.error(String(e && e.stack || e));
  process.exit(1);
});
