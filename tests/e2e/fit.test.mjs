// GPU fit end to end: the article's 70B example on one RTX 6000 Ada and on the 4× workstation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, CalculatorPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function verdictOf(page, gpu) {
  return page.locator(`[data-testid="fit-row"][data-gpu="${gpu}"]`).getAttribute('data-verdict');
}

test('Llama 3.1 70B: no on one RTX 6000 Ada, yes on the 4× workstation', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const calc = new CalculatorPage(page);
  await calc.open(server.origin);
  await page.getByTestId('model-picker').fill('llama 3.1 70');
  await page.getByTestId('model-picker').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="params"]')?.textContent === '70,553,706,496');
  await page.getByTestId('quant').selectOption('bf16');
  await page.getByTestId('gpu-select').selectOption('rtx-6000-ada');
  await page.waitForFunction(() => document.querySelector('.verdict')?.dataset.verdict === 'no');
  assert.equal(await verdictOf(page, 'rtx-6000-ada'), 'no');
  assert.equal(await page.getByTestId('fit-table').locator('tr.chosen').getAttribute('data-gpu'), 'rtx-6000-ada');
  await page.getByTestId('gpu-select').selectOption('4x-rtx-6000-ada');
  await page.waitForFunction(() => document.querySelector('.verdict')?.dataset.verdict !== 'no');
  assert.match(await page.locator('.verdict-line').textContent(), /4 × RTX 6000 Ada/);
  assert.match(await page.getByTestId('max-context').textContent(), /tokens/);
  assert.match(await page.getByTestId('tokens-per-second').textContent(), /tokens\/s/);
  const rows = await page.getByTestId('fit-row').count();
  assert.ok(rows >= 60, `${rows} GPUs in the table`);
  await page.screenshot({ path: new URL('screenshots/fit.png', import.meta.url).pathname, fullPage: true });
  // A bad count is reported in place and the page keeps its last result.
  await page.getByTestId('gpu-count').fill('0');
  await page.getByTestId('input-error').first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
