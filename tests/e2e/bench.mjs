// Benchmark of the built dist/ against a bare Leptos page built with the same toolchain
// (tests/bench/minimal/, built by ./dev.sh bench into $BENCH_MINIMAL): gzipped asset sizes, the
// time to the first result after navigation (alternating loads of the two pages in one
// browser), and the time for an edit to settle (its last DOM change). Prints; asserts nothing.
import { serve, launch } from './harness.mjs';
import { gzippedAssets } from './sizes.mjs';

// 31 loads of each page: with 9, the ratio of medians wandered from 1.32× to 1.73× between runs
// of the same build on one machine within an hour; with 31 it stayed within 1.36–1.42×.
const LOADS = Number(process.env.BENCH_LOADS ?? 31);
const EDITS = Number(process.env.BENCH_EDITS ?? 21);
// An edit has settled when the page has not changed for this long.
const QUIET_MS = 150;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

const assets = await gzippedAssets();
console.log('asset                                  bytes   gzipped');
for (const a of assets) {
  console.log(`${a.name.padEnd(36)} ${String(a.bytes).padStart(8)} ${String(a.gzipped).padStart(9)}`);
}
console.log(`${'total'.padEnd(36)} ${String(assets.reduce((s, a) => s + a.bytes, 0)).padStart(8)} ${String(assets.reduce((s, a) => s + a.gzipped, 0)).padStart(9)}`);

/** Navigation start to the first `[data-testid="total"]` with a GB figure, measured in the page. */
async function firstResult(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen = () => document.querySelector('[data-testid="total"]')?.textContent?.includes(' GB');
    new MutationObserver((_, observer) => {
      if (seen()) {
        window.__firstResultMs = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(origin + '/');
  await page.waitForFunction(() => window.__firstResultMs !== undefined);
  const took = await page.evaluate(() => window.__firstResultMs);
  await context.close();
  return took;
}

const server = await serve();
const minimal = process.env.BENCH_MINIMAL ? await serve(process.env.BENCH_MINIMAL) : null;
const browser = await launch();
try {
  const ours = [];
  const bare = [];
  for (let i = 0; i < LOADS; i++) {
    if (minimal) bare.push(await firstResult(browser, minimal.origin));
    ours.push(await firstResult(browser, server.origin));
  }

  // From an input event to the page's last DOM change for it.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await page.getByTestId('total').waitFor();
  const edits = [];
  for (let i = 0; i < EDITS; i++) {
    edits.push(
      await page.evaluate(
        ({ billions, quiet }) =>
          new Promise((done) => {
            const input = document.querySelector('[data-testid="params-input"]');
            let last = null;
            const observer = new MutationObserver(() => {
              last = performance.now();
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
            const start = performance.now();
            input.value = `${billions}B`;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            const check = () => {
              if (last !== null && performance.now() - last >= quiet) {
                observer.disconnect();
                done(last - start);
              } else {
                setTimeout(check, 10);
              }
            };
            setTimeout(check, 10);
          }),
        { billions: 10 + i, quiet: QUIET_MS },
      ),
    );
  }
  await context.close();
  const page_ = median(ours);
  console.log(`\nfirst result after navigation start: median ${ms(page_)} over ${LOADS} loads (min ${ms(Math.min(...ours))}, max ${ms(Math.max(...ours))})`);
  if (minimal) {
    const yardstick = median(bare);
    console.log(`bare Leptos page (tests/bench/minimal): median ${ms(yardstick)} (min ${ms(Math.min(...bare))}, max ${ms(Math.max(...bare))})`);
    console.log(`ratio: ${(page_ / yardstick).toFixed(2)}× (goal ≤ 1.5×)`);
  }
  console.log(`edit settled (last DOM change after an input): median ${ms(median(edits))} over ${EDITS} edits (max ${ms(Math.max(...edits))}; goal ≤ 16 ms)`);
} finally {
  await browser.close();
  await server.close();
  await minimal?.close();
}
