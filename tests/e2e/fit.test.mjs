// GPU fit end to end: the article's 70B example on one RTX 6000 Ada and on the 4× workstation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCalculator, useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser();

async function verdictOf(page, gpu) {
  return page.locator(`[data-testid="fit-row"][data-gpu="${gpu}"]`).getAttribute('data-verdict');
}

test('Llama 3.1 70B: no on one RTX 6000 Ada, yes on the 4× workstation', async () => {
  const { page, context, errors } = await openCalculator(shared.browser, shared.server.origin);
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
  // Folded, the table shows the GPUs nearest the answer, the chosen one among them; all on request.
  const nearest = await page.getByTestId('fit-row').count();
  assert.ok(nearest >= 2 && nearest <= 8, `${nearest} GPUs nearest the answer`);
  assert.equal(await page.getByTestId('fit-table').locator('tr.chosen').getAttribute('data-gpu'), 'rtx-6000-ada');
  await page.getByTestId('fit-all').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="fit-row"]').length >= 60);
  const rows = await page.getByTestId('fit-row').count();
  assert.ok(rows >= 60, `${rows} GPUs in the table`);
  await page.screenshot({ path: new URL('screenshots/fit.png', import.meta.url).pathname, fullPage: true });
  // The ladder, the grid and the other answers.
  assert.match(await page.getByTestId('max-batch').textContent(), /\d/);
  await page.locator('.ladder summary').click();
  await page.getByTestId('quant-ladder').waitFor();
  assert.ok((await page.getByTestId('quant-ladder').locator('li').count()) >= 10);
  assert.equal(await page.getByTestId('quant-grid').locator('tbody tr').count(), 6);
  // Sorting by name puts the table in alphabetical order.
  await page.locator('button.sort', { hasText: 'GPU' }).click();
  const names = await page.getByTestId('fit-row').locator('td:first-child').allTextContents();
  assert.deepEqual(names, [...names].sort());
  // A class filter keeps only that class.
  await page.locator('.filters select').nth(1).selectOption('apple');
  const apple = await page.getByTestId('fit-row').evaluateAll((rows) => rows.map((r) => r.dataset.gpu));
  assert.ok(apple.length > 0 && apple.every((id) => id.startsWith('apple-')), apple.join(','));
  // A custom GPU and an efficiency of the user's own; its fields show only when chosen.
  assert.equal(await page.getByTestId('custom-memory').isVisible(), false);
  await page.getByTestId('gpu-select').selectOption('custom');
  assert.equal(await page.getByTestId('custom-memory').isVisible(), true);
  await page.getByTestId('custom-memory').fill('200');
  await page.waitForFunction(() => document.querySelector('.verdict-line')?.textContent.includes('Custom GPU'));
  const before = await page.getByTestId('tokens-per-second').textContent();
  await page.getByTestId('efficiency').fill('0.3');
  await page.waitForFunction((b) => document.querySelector('[data-testid="tokens-per-second"]')?.textContent !== b, before);
  // A bad count is reported in place and the page keeps its last result.
  await page.getByTestId('gpu-count').fill('0');
  await page.getByTestId('input-error').first().waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
