// Presentation, languages, exports, embedding, offline use and accessibility (issue 6).
// Screenshots for review are written to tests/e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { serve, useServerAndBrowser } from './harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const CLI = process.env.VRAMFIT_CLI ?? resolve(HERE, '../../target/debug/vramfit');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const shared = useServerAndBrowser();

// The example: Qwen2.5-7B at Q4_K_M, 16k context, on an RTX 4090, in Turkish.
const TURKISH_LINK = '?model=qwen2.5-7b&quant=q4_k_m&ctx=16k&gpu=rtx-4090&lang=tr';

async function open(query, options = {}) {
  const context = await shared.browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${shared.server.origin}/${query}`);
  await page.getByTestId('total').waitFor();
  return { page, context, errors };
}

const text = (page, id) => page.getByTestId(id).textContent();

test('a Turkish share link restores the state and Turkish labels, and the total matches the CLI', async () => {
  const { page, context, errors } = await open(TURKISH_LINK);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'tr');
  assert.equal(await page.locator('h1').textContent(), 'Bu model ne kadar GPU belleği ister?');
  assert.equal(await page.getByTestId('lang-switch').getByRole('button', { name: 'Türkçe' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('quant').inputValue(), 'q4_k_m');
  assert.equal(await page.getByTestId('context').inputValue(), '16k');
  assert.match(await page.getByTestId('model-chip').textContent(), /Qwen2\.5 7B/);
  // Turkish numbers: dots group thousands, a comma marks decimals.
  assert.equal(await text(page, 'params'), '7.615.616.512');
  const cli = JSON.parse(
    execFileSync(CLI, ['--model', 'qwen2.5-7b', '--quant', 'q4_k_m', '--context', '16k', '--engine', 'vllm', '--kv-quant', 'f16', '--batch', '1', '--gpu', 'rtx-4090', '--reserve', '0.5', '--json'], { encoding: 'utf8' }),
  );
  const gb = (cli.total_bytes / 1e9).toFixed(2).replace('.', ',').replace(/,?0+$/, '');
  assert.match(await page.locator('[data-testid="total"] .total-gb').textContent(), new RegExp(`^${gb} GB$`));
  assert.match(await page.locator('.verdict-line').textContent(), /sığar/);
  // An edit updates the address; the language stays in it.
  await page.getByTestId('context').fill('32k');
  await page.waitForFunction(() => location.search.includes('ctx=32k') && location.search.includes('lang=tr'));
  // Switching to English relabels the page and keeps the state.
  await page.getByTestId('lang-switch').getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => location.search.includes('lang=en'));
  assert.equal(await page.locator('h1').textContent(), 'How much GPU memory does this model need?');
  assert.equal(await page.getByTestId('context').inputValue(), '32k');
  assert.equal(await text(page, 'params'), '7,615,616,512');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"How is this computed?" gives every part its formula and source, and the rule of thumb beside it', async () => {
  const { page, context } = await open('?model=qwen2.5-7b&ctx=8k');
  const explanation = page.getByTestId('explanation');
  await explanation.locator('summary').click();
  await explanation.locator('.explain-parts').waitFor();
  const parts = await explanation.locator('.explain-parts > li').count();
  assert.equal(parts, await page.getByTestId('breakdown').locator('dd').count(), 'one explanation per component');
  assert.equal(await explanation.locator('.explain-parts .formula').count(), parts);
  assert.equal(await explanation.locator('.explain-parts .source').count(), parts);
  const body = await explanation.textContent();
  assert.match(body, /8192 tokens × batch 1/, 'the user\'s context is in the formulas');
  assert.match(body, /rule of thumb gives .* GB \(7\.616 billion × 2 bytes × 2 = /);
  await context.close();
});

test('exports: Markdown, JSON, llama.cpp and vLLM flags follow the state', async () => {
  const { page, context } = await open('?model=qwen2.5-7b&quant=q4_k_m&ctx=16k&kvq=q8_0&gpu=rtx-4090');
  await page.locator('.export summary').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="export-vllm"]')?.value.includes('--max-model-len'));
  const markdown = await page.getByTestId('export-markdown').inputValue();
  assert.match(markdown, /^\*\*vramfit\*\*/);
  assert.match(markdown, /\| \*\*Total\*\* \| \*\*[\d.]+ GB\*\* \|/);
  assert.match(markdown, /\| Fit \| ✓ fits on 1 × GeForce RTX 4090/);
  const json = JSON.parse(await page.getByTestId('export-json').inputValue());
  assert.equal(json.params, 7615616512);
  assert.equal(json.context, 16384);
  assert.equal(json.kv_quant, 'q8_0');
  const llama = await page.getByTestId('export-llamacpp').inputValue();
  assert.match(llama, /-c 16384 /);
  assert.match(llama, /-ngl \d+ /);
  assert.match(llama, /--cache-type-k q8_0 --cache-type-v q8_0/);
  assert.match(llama, /-fa/);
  const vllm = await page.getByTestId('export-vllm').inputValue();
  assert.match(vllm, /--max-model-len 16384/);
  assert.match(vllm, /--gpu-memory-utilization 0\.\d\d/);
  await page.getByTestId('batch').fill('4');
  await page.waitForFunction(() => document.querySelector('[data-testid="export-vllm"]').value.includes('--max-num-seqs 4'));
  await context.close();
});

test('on a phone (390 × 844) the verdict and the total are in the first viewport, on load and while editing lower inputs', async () => {
  const { page, context, errors } = await open('?model=qwen2.5-7b&quant=q4_k_m&gpu=rtx-4090', { viewport: { width: 390, height: 844 } });
  const summary = page.getByTestId('summary');
  const inView = async () => {
    const box = await summary.boundingBox();
    return box !== null && box.y >= 0 && box.y + box.height <= 844;
  };
  await summary.locator('.summary-verdict').waitFor();
  assert.ok(await inView(), 'the summary is in the first viewport after load');
  assert.match(await summary.textContent(), /GB.*fits/);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'phone-summary-load.png') });
  // The reserve field is near the end of the inputs, far below the first viewport.
  const reserve = page.getByTestId('reserve');
  await reserve.scrollIntoViewIfNeeded();
  const before = await summary.textContent();
  await page.getByTestId('context').scrollIntoViewIfNeeded();
  await page.getByTestId('context').fill('128k');
  await page.waitForFunction((b) => document.querySelector('[data-testid="summary"]').textContent !== b, before);
  await reserve.scrollIntoViewIfNeeded();
  assert.ok((await page.evaluate(() => window.scrollY)) > 844, 'scrolled past the first viewport');
  assert.ok(await inView(), 'the summary stays in view while editing further down');
  assert.match(await summary.textContent(), /GB/);
  await page.screenshot({ path: join(SHOTS, 'phone-summary-editing.png') });
  // On a wide screen the answer card beside the inputs says it; the summary is not shown.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await summary.isVisible(), false);
  assert.ok(await page.getByTestId('verdict').isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('embedded in a page of another origin: a compact card at most 640 px tall at 400 px, or the whole calculator', async () => {
  const { page, context } = await open('?model=qwen2.5-7b&quant=q4_k_m');
  await page.locator('.embed-dialog summary').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="embed-snippet"]')?.value.startsWith('<iframe'));
  const snippet = await page.getByTestId('embed-snippet').inputValue();
  assert.match(snippet, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?model=qwen2\.5-7b&amp;quant=q4_k_m&amp;embed=1&amp;controls=ctx%2Cquant"/);
  // The live preview shows the same card.
  await page.getByTestId('embed-preview').waitFor();
  assert.match(await page.getByTestId('embed-preview').getAttribute('src'), /embed=1&controls=ctx%2Cquant$/);
  // The whole calculator is the other choice.
  await page.locator('input[name="embed-kind"][value="full"]').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="embed-snippet"]').value.includes('embed=full"'));
  const full = await page.getByTestId('embed-snippet').inputValue();
  await context.close();
  // The host is another origin (another port) serving only the snippet, in a 400 px column.
  const hostRoot = await mkdtemp(join(tmpdir(), 'vramfit-host-'));
  await writeFile(join(hostRoot, 'index.html'), `<!doctype html><title>host</title><body style="margin:0;width:400px"><h1>A blog post</h1>${snippet}</body>`);
  await writeFile(join(hostRoot, 'full.html'), `<!doctype html><title>host</title><h1>A blog post</h1>${full}`);
  const host = await serve(hostRoot);
  try {
    const hostContext = await shared.browser.newContext({ viewport: { width: 400, height: 900 } });
    const hostPage = await hostContext.newPage();
    await hostPage.goto(host.origin + '/');
    const frame = hostPage.frameLocator('iframe');
    await frame.getByTestId('embed-card').waitFor();
    await frame.getByTestId('verdict').waitFor();
    assert.equal(await frame.locator('.masthead').count(), 0, 'no page chrome');
    assert.equal(await frame.locator('.inputs').count(), 0, 'only the inputs the author chose');
    assert.equal(await frame.getByTestId('gpu-select').count(), 0);
    assert.match(await frame.getByTestId('open-full').getAttribute('href'), /\?model=qwen2\.5-7b&quant=q4_k_m$/);
    assert.match(await frame.getByTestId('total').textContent(), / GB/);
    // The frame takes its content's height, posted from inside: at most 640 px at 400 px wide.
    await hostPage.waitForFunction(() => document.querySelector('iframe').style.height !== '');
    const height = await hostPage.evaluate(() => parseInt(document.querySelector('iframe').style.height, 10));
    assert.ok(height > 200 && height <= 640, `the card is ${height} px tall`);
    // The reader's inputs work: a longer context changes the total.
    const before = await frame.getByTestId('total').textContent();
    await frame.getByTestId('context').fill('128k');
    await frame.getByTestId('total').filter({ hasNotText: before }).waitFor();
    await mkdir(SHOTS, { recursive: true });
    await hostPage.screenshot({ path: join(SHOTS, 'embed-card.png'), fullPage: true });
    // The whole calculator grows to its content through the posted height (default attribute: 900).
    await hostPage.setViewportSize({ width: 900, height: 1200 });
    await hostPage.goto(host.origin + '/full.html');
    await hostPage.frameLocator('iframe').getByTestId('params-input').waitFor();
    await hostPage.waitForFunction(() => parseInt(document.querySelector('iframe').style.height, 10) > 1000);
    await hostPage.screenshot({ path: join(SHOTS, 'embed.png') });
    await hostContext.close();
  } finally {
    await host.close();
  }
});

test('after one visit the calculator works offline', async () => {
  const { page, context } = await open('?params=13B');
  // The worker has cached the app and controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('total').waitFor();
  await page.getByTestId('params-input').fill('70B');
  await page.waitForFunction(() => document.querySelector('[data-testid="rule-of-thumb"]').textContent.includes('280 GB'));
  await context.close();
});

for (const lang of ['en', 'tr']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe finds no serious or critical problems (${lang}, ${colorScheme})`, async () => {
      // axe is injected by the test, so this context lets it past the page's CSP.
      const { page, context } = await open(`?model=qwen2.5-7b&lang=${lang}`, { colorScheme, bypassCSP: true });
      await page.locator('.explanation summary').click();
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      assert.deepEqual(violations, []);
      await context.close();
    });
  }
}

test('screenshots for review: desktop, phone, dark', async () => {
  await mkdir(SHOTS, { recursive: true });
  const shots = [
    ['desktop.png', { viewport: { width: 1280, height: 900 } }],
    ['phone.png', { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true }],
    ['dark.png', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }],
  ];
  for (const [name, options] of shots) {
    const { page, context } = await open(TURKISH_LINK.replace('lang=tr', name === 'desktop.png' ? 'lang=en' : 'lang=tr'), options);
    await page.screenshot({ path: join(SHOTS, name), fullPage: true });
    // Nothing spills sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
    await context.close();
  }
});
