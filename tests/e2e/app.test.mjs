// End to end: the release dist/ served on 127.0.0.1, driven in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serve, launch, CalculatorPage } from './harness.mjs';

const SCREENSHOTS = new URL('./screenshots/', import.meta.url);
let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
  await mkdir(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openCalculator(options = {}, path = '/') {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const foreignRequests = [];
  page.on('request', (r) => new URL(r.url()).origin !== server.origin && foreignRequests.push(r.url()));
  const calc = new CalculatorPage(page);
  await calc.open(server.origin, path);
  return { calc, page, context, errors, foreignRequests };
}

test('7B at FP16 is 28 GB', async () => {
  const { calc, page, context, errors, foreignRequests } = await openCalculator();
  await calc.setParams('7B');
  await calc.quant.selectOption('fp16');
  await assertText(calc.result, /28 GB/);
  await assertText(calc.result, /26\.08 GiB/);
  await assertText(calc.result, /7 billion × 2 bytes × 2 = 28 GB/);
  await page.screenshot({ path: new URL('desktop.png', SCREENSHOTS).pathname, fullPage: true });
  assert.deepEqual(errors, [], 'no console errors (missing files, panics)');
  assert.deepEqual(foreignRequests, [], 'no request leaves the page\'s own origin');
  await context.close();
});

test('the other worked examples: 70B INT4 and 175B FP32', async () => {
  const { calc, context } = await openCalculator();
  await calc.setParams('70B');
  await calc.quant.selectOption('int4');
  await assertText(calc.result, /70 GB/);
  await calc.setParams('175B');
  await calc.quant.selectOption('fp32');
  await assertText(calc.result, /1,400 GB/);
  await context.close();
});

test('garbage shows an inline error and keeps the last result', async () => {
  const { calc, page, context, errors } = await openCalculator();
  await calc.setParams('banana');
  await calc.error.waitFor();
  assert.match(await calc.error.textContent(), /not a number/);
  await assertText(calc.result, /28 GB/);
  await page.screenshot({ path: new URL('error.png', SCREENSHOTS).pathname, fullPage: true });
  await calc.setParams('13B');
  await calc.error.waitFor({ state: 'detached' });
  await assertText(calc.result, /52 GB/);
  assert.deepEqual(errors, [], 'no panic or console error');
  await context.close();
});

test('a phone-width layout in dark mode', async () => {
  const { calc, page, context } = await openCalculator({
    viewport: { width: 375, height: 812 },
    colorScheme: 'dark',
  });
  await assertText(calc.result, /28 GB/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scrolling on a phone');
  await page.screenshot({ path: new URL('phone-dark.png', SCREENSHOTS).pathname, fullPage: true });
  await context.close();
});

test('job, context, batch, KV type and engine drive the detailed estimate', async () => {
  const { calc, page, context } = await openCalculator();
  const total = () => page.getByTestId('total').textContent();
  const changed = async (before) => page.waitForFunction((b) => document.querySelector('[data-testid="total"]')?.textContent !== b, before);
  let before = await total();
  await page.getByTestId('context').fill('32k');
  await changed(before);
  before = await total();
  await page.getByTestId('batch').fill('8');
  await changed(before);
  before = await total();
  await page.getByTestId('kv-quant').selectOption('fp8');
  await changed(before);
  before = await total();
  await page.getByTestId('engine').selectOption('llama.cpp');
  await changed(before);
  await page.getByTestId('mode').selectOption('qlora');
  await page.waitForFunction(() => document.querySelector('#answer-heading')?.textContent.includes('QLoRA'));
  assert.match(await page.getByTestId('breakdown').textContent(), /Optimizer states/);
  await page.getByTestId('context').fill('-5');
  await calc.error.first().waitFor();
  await context.close();
});

test('works from a sub-path (relative asset URLs)', async () => {
  const { calc, context } = await openCalculator({}, '/index.html');
  await assertText(calc.result, /28 GB/);
  const html = await (await fetch(server.origin + '/index.html')).text();
  assert.doesNotMatch(html, /(src|href)="\/[^/]/, 'no root-absolute asset URLs');
  await context.close();
});

async function assertText(locator, pattern) {
  // Results are reactive: poll briefly rather than read once.
  const deadline = Date.now() + 5000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.match(text, pattern);
}
