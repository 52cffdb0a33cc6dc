// Model choice and private import, end to end: the catalogue picker, a pasted config, real
// safetensors and GGUF files (written by the formats' own Python writers, checked in under
// tests/files/made/) and a corrupt file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch, openCalculator } from './harness.mjs';

let server;
let browser;
let files;
let manifest;

before(async () => {
  files = mkdtempSync(join(tmpdir(), 'vramfit-e2e-files-'));
  const made = new URL('../files/made/', import.meta.url).pathname;
  manifest = JSON.parse(readFileSync(join(made, 'manifest.json'), 'utf8'));
  for (const name of readdirSync(made)) {
    copyFileSync(join(made, name), join(files, name));
    // The 100 GB files are headers in the repository; their data is added as holes.
    if (manifest[name]?.file_bytes) truncateSync(join(files, name), manifest[name].file_bytes);
  }
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const open = () => openCalculator(browser, server.origin);

const grouped = (n) => n.toLocaleString('en-US');

async function paramsShown(page, expected) {
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="params"]')?.textContent === text,
    expected,
    { timeout: 5000 },
  );
}

test('typing "qwen 7" and Enter picks Qwen2.5 7B', async () => {
  const { calc, page, context, errors } = await open();
  const picker = page.getByTestId('model-picker');
  await picker.fill('qwen 7');
  const first = page.locator('#model-options [role="option"]').first();
  assert.match(await first.textContent(), /Qwen2\.5 7B/);
  await picker.press('Enter');
  await paramsShown(page, '7,615,616,512');
  assert.match(await page.getByTestId('model-chip').textContent(), /Qwen2\.5 7B/);
  assert.match(await page.getByTestId('total').textContent(), / GB/);
  // Keyboard: the arrow moves to the next match.
  await picker.fill('llama 3.1');
  await picker.press('ArrowDown');
  await picker.press('Enter');
  assert.match(await page.getByTestId('model-chip').textContent(), /Llama 3\.1/);
  await page.screenshot({ path: new URL('screenshots/preset.png', import.meta.url).pathname, fullPage: true });
  // Typing a count again replaces the preset.
  await calc.setParams('13B');
  await paramsShown(page, '13,000,000,000');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the chip gives back what was typed; a part switch keeps focus and travels in the link', async () => {
  // The page holds one state: choosing a model keeps the typed count aside, × restores it.
  const { calc, page, context, errors } = await open();
  await calc.setParams('13B');
  await paramsShown(page, '13,000,000,000');
  await page.getByTestId('model-picker').fill('qwen2.5 vl 7');
  await page.getByTestId('model-picker').press('Enter');
  await page.getByTestId('model-chip').waitFor();
  assert.equal(await calc.params.inputValue(), '', 'a chosen model replaces the typed count');
  assert.match(page.url(), /model=qwen2\.5-vl-7b/);
  // Qwen2.5-VL has a vision tower: switching it off lowers the total, keeps the keyboard focus
  // on the switch and writes vision=0 into the link.
  const total = async () => Number((await page.getByTestId('total').textContent()).match(/[\d.]+/)[0]);
  const withVision = await total();
  await page.getByTestId('vision-switch').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction((before) => !document.querySelector('[data-testid="total"]').textContent.startsWith(before), String(withVision));
  assert.ok((await total()) < withVision, 'without the vision tower the model needs less');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'vision-switch');
  assert.match(page.url(), /vision=0/);
  await page.getByTestId('model-chip').getByRole('button').click();
  assert.equal(await page.getByTestId('model-chip').count(), 0);
  assert.equal(await calc.params.inputValue(), '13B', 'clearing the model gives back the typed count');
  await paramsShown(page, '13,000,000,000');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a pasted config.json is read as you paste', async () => {
  const { page, context } = await open();
  await page.locator('.paste summary').click();
  const config = { model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 32000 };
  await page.getByTestId('config-paste').fill(JSON.stringify(config));
  await paramsShown(page, '6,738,415,616');
  await page.getByTestId('config-paste').fill('{"model_type": "llama", "hidden_size": "wide"}');
  await page.getByTestId('import-error').waitFor();
  assert.match(await page.getByTestId('import-error').textContent(), /hidden_size/);
  await context.close();
});

test('safetensors and GGUF files give their exact counts', async () => {
  const { page, context } = await open();
  await page.getByTestId('file-drop').setInputFiles(join(files, 'tiny.safetensors'));
  await paramsShown(page, grouped(manifest['tiny.safetensors'].elements));
  assert.match(await page.getByTestId('model-chip').textContent(), /tiny\.safetensors — .*6 tensors/);
  await page.getByTestId('file-drop').setInputFiles(join(files, 'tiny-q4_k_m.gguf'));
  await paramsShown(page, grouped(manifest['tiny-q4_k_m.gguf'].elements));
  assert.match(await page.getByTestId('model-chip').textContent(), /Q4_K_M/);
  assert.equal(await page.getByTestId('quant').inputValue(), 'stored');
  // The weights' formula (in "How is this computed?", written when opened) says where the bytes come from.
  await page.locator('.explanation summary').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="explanation"] .explain-parts'));
  assert.match(await page.getByTestId('explanation').textContent(), /as stored in the files/);
  await page.screenshot({ path: new URL('screenshots/imported.png', import.meta.url).pathname, fullPage: true });
  await context.close();
});

test('a sparse 100 GB file imports from its header alone', async () => {
  const { page, context } = await open();
  const started = Date.now();
  await page.getByTestId('file-drop').setInputFiles(join(files, 'huge.safetensors'));
  await paramsShown(page, grouped(manifest['huge.safetensors'].elements));
  assert.ok(Date.now() - started < 10000, 'header only');
  await context.close();
});

test('a corrupt file shows import-error and the page keeps working', async () => {
  const { calc, page, context, errors } = await open();
  const broken = join(files, 'broken.gguf');
  writeFileSync(broken, Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), Buffer.alloc(8, 0xff)]));
  await page.getByTestId('file-drop').setInputFiles(broken);
  await page.getByTestId('import-error').waitFor();
  assert.match(await page.getByTestId('import-error').textContent(), /broken\.gguf/);
  await calc.setParams('70B');
  await paramsShown(page, '70,000,000,000');
  assert.deepEqual(errors, [], 'no panic');
  await context.close();
});
