// Share links: the state lives in the query string, is restored on load, follows every edit,
// and a tampered link is ignored with a notice, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser();

async function open(query) {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const calc = new CalculatorPage(page);
  await page.goto(`${shared.server.origin}/${query}`);
  await calc.result.waitFor();
  return { calc, page, context, errors };
}

test('a link restores the preset, format, context and GPU', async () => {
  const { page, context, errors } = await open('?model=qwen2.5-7b&quant=q4_k_m&ctx=16k&gpu=rtx-4090&engine=llama.cpp');
  await page.waitForFunction(() => document.querySelector('[data-testid="params"]')?.textContent === '7,615,616,512');
  assert.equal(await page.getByTestId('quant').inputValue(), 'q4_k_m');
  assert.equal(await page.getByTestId('context').inputValue(), '16k');
  assert.equal(await page.getByTestId('engine').inputValue(), 'llama.cpp');
  assert.match(await page.getByTestId('model-chip').textContent(), /Qwen2\.5 7B/);
  assert.match(await page.locator('.verdict-line').textContent(), /RTX 4090/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('edits update the address and the share box without adding history', async () => {
  const { calc, page, context } = await open('');
  const length = await page.evaluate(() => history.length);
  await calc.setParams('13B');
  await page.waitForFunction(() => location.search.includes('params=13B'));
  await page.getByTestId('batch').fill('4');
  await page.waitForFunction(() => location.search.includes('batch=4'));
  assert.equal(await page.evaluate(() => history.length), length, 'replaceState, not pushState');
  assert.match(await page.getByTestId('share-link').inputValue(), /\?params=13B&batch=4$/);
  // The link opens the same state in a new page.
  const link = await page.getByTestId('share-link').inputValue();
  const second = await context.newPage();
  await second.goto(link);
  await second.waitForFunction(() => document.querySelector('[data-testid="params"]')?.textContent === '13,000,000,000');
  assert.equal(await second.getByTestId('batch').inputValue(), '4');
  await context.close();
});

test('a tampered link is ignored with a notice', async () => {
  const { page, context, errors } = await open('?ctx=abc&gpu=voodoo&quant=%3Cimg%20src%3Dx%3E&evil=1&params=7B');
  const notices = await page.getByTestId('share-notice').allTextContents();
  assert.equal(notices.length, 4, notices.join(' | '));
  assert.ok(notices.some((n) => n.includes('<img src=x>')), 'hostile text is shown as text');
  assert.equal(await page.locator('img').count(), 0);
  await page.waitForFunction(() => document.querySelector('[data-testid="rule-of-thumb"]')?.textContent.includes('28 GB'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the GB/GiB switch applies everywhere and travels in the link', async () => {
  const { page, context } = await open('');
  await page.getByTestId('unit-switch').getByRole('button', { name: 'GiB' }).click();
  await page.waitForFunction(() => location.search.includes('unit=gib'));
  assert.match(await page.locator('[data-testid="rule-of-thumb"] .total-gb').textContent(), /^26\.08 GiB$/);
  assert.match(await page.getByTestId('total').textContent(), /GiB.*GiB.*GiB/);
  assert.doesNotMatch(await page.getByTestId('breakdown').locator('dd').allTextContents().then((t) => t.join(' ')), / GB/);
  assert.match(await page.getByTestId('fit-row').first().textContent(), /GiB/);
  const reopened = await context.newPage();
  await reopened.goto(await page.getByTestId('share-link').inputValue());
  await reopened.getByTestId('rule-of-thumb').waitFor();
  assert.equal(await reopened.getByTestId('unit-switch').getByRole('button', { name: 'GiB' }).getAttribute('aria-pressed'), 'true');
  await context.close();
});

test('printing shows the result without the inputs', async () => {
  const { page, context } = await open('');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('params-input').isVisible(), false);
  assert.equal(await page.getByTestId('share-link').isVisible(), false);
  assert.equal(await page.getByTestId('total').isVisible(), true);
  await context.close();
});
