// Benchmark of the built dist/: gzipped asset sizes, time to the first rendered result, and
// time from an input change to the updated result. Prints figures; asserts nothing.
import { serve, launch } from './harness.mjs';
import { gzippedAssets } from './sizes.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 9);
const EDITS = Number(process.env.BENCH_EDITS ?? 21);

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

const server = await serve();
const browser = await launch();
try {
  // Time from navigation start to the first rule-of-thumb result with a GB figure in it,
  // recorded inside the page by a MutationObserver installed before any script runs.
  const firstResult = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen = () => document.querySelector('[data-testid="rule-of-thumb"]')?.textContent?.includes(' GB');
      new MutationObserver((_, observer) => {
        if (seen()) {
          window.__firstResultMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => window.__firstResultMs !== undefined);
    firstResult.push(await page.evaluate(() => window.__firstResultMs));
    await context.close();
  }

  // Time from an input event to the updated total, measured in the page.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await page.getByTestId('rule-of-thumb').waitFor();
  const edits = [];
  for (let i = 0; i < EDITS; i++) {
    const billions = 10 + i;
    edits.push(
      await page.evaluate(
        (billions) =>
          new Promise((done) => {
            const input = document.querySelector('[data-testid="params-input"]');
            const result = document.querySelector('[data-testid="rule-of-thumb"]');
            const expected = `${billions * 4} GB`;
            const start = performance.now();
            const check = () => {
              if (document.querySelector('[data-testid="rule-of-thumb"]').textContent.includes(expected)) {
                observer.disconnect();
                done(performance.now() - start);
              }
            };
            const observer = new MutationObserver(check);
            observer.observe(result.parentElement, { childList: true, subtree: true, characterData: true });
            input.value = `${billions}B`;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            check();
          }),
        billions,
      ),
    );
  }
  await context.close();
  console.log(`\nfirst rendered result after navigation start: median ${ms(median(firstResult))} over ${LOADS} loads (min ${ms(Math.min(...firstResult))}, max ${ms(Math.max(...firstResult))})`);
  console.log(`input change to updated result (one complete estimate + render): median ${ms(median(edits))} over ${EDITS} edits (max ${ms(Math.max(...edits))})`);
} finally {
  await browser.close();
  await server.close();
}
