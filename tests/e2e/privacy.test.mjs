// Privacy and security (issue 7): a strict Content-Security-Policy with no violations, no
// request to any origin but the page's own over a whole session, and hostile names shown as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser();

/** A real (tiny) safetensors file: 8-byte header length, JSON header, data. */
function safetensors(metadata) {
  const header = JSON.stringify({ __metadata__: metadata, 'model.embed_tokens.weight': { dtype: 'F16', shape: [4, 8], data_offsets: [0, 64] } });
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, Buffer.from(header), Buffer.alloc(64)]);
}

/** A context that records every request and every CSP violation. */
async function recordedSession() {
  const context = await shared.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && errors.push(m.text()));
  page.on('dialog', (d) => {
    errors.push(`a dialog opened: ${d.message()}`);
    d.dismiss();
  });
  return { context, page, requests, errors };
}

test('the page carries a strict CSP and no inline script', async () => {
  const html = await (await fetch(`${shared.server.origin}/index.html`)).text();
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.ok(policy, 'a CSP meta tag');
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
  assert.equal(directives['default-src'], "'self'");
  assert.equal(directives['script-src'], "'self' 'wasm-unsafe-eval'");
  assert.equal(directives['object-src'], "'none'");
  // The Hub's hosts, for a load the user asks for (issue 15), and nothing else anywhere.
  assert.equal(directives['connect-src'], "'self' https://huggingface.co https://cdn-lfs.huggingface.co https://*.hf.co");
  for (const [name, values] of Object.entries(directives)) {
    if (name !== 'connect-src') assert.doesNotMatch(values, /unsafe-inline|https?:|\*/, `${name}: no inline code and no other origin`);
  }
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
});

test('a whole session requests nothing from any other origin and violates no policy', async () => {
  const { context, page, requests, errors } = await recordedSession();
  const origin = shared.server.origin;
  // A share link, a preset, a pasted config, an imported file, exports, the embed dialog,
  // both languages and units, an embedded copy.
  await page.goto(`${origin}/?model=qwen2.5-7b&quant=q4_k_m&ctx=16k&gpu=rtx-4090&lang=tr`);
  await page.getByTestId('total').waitFor();
  await page.getByTestId('model-picker').fill('llama 70');
  await page.getByTestId('model-picker').press('Enter');
  await page.locator('.paste summary').click();
  await page.getByTestId('config-paste').fill('{"model_type": "llama", "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 22, "num_attention_heads": 32, "num_key_value_heads": 4, "vocab_size": 32000}');
  await page.getByTestId('file-drop').setInputFiles({ name: 'tiny.safetensors', mimeType: 'application/octet-stream', buffer: safetensors({ format: 'pt' }) });
  await page.getByTestId('model-chip').filter({ hasText: 'tiny.safetensors' }).waitFor();
  await page.locator('.export summary').click();
  for (const box of await page.locator('.export .copy').all()) await box.click();
  await page.locator('.embed-dialog summary').click();
  await page.locator('.embed-dialog .copy').click();
  await page.locator('.explanation summary').click();
  await page.getByTestId('lang-switch').getByRole('button', { name: 'English' }).click();
  await page.getByTestId('unit-switch').getByRole('button', { name: 'GiB' }).click();
  await page.getByTestId('share-link').click();
  // A link naming a Hub repo, and a Hub id typed without pressing Enter: still nothing leaves.
  await page.goto(`${origin}/?hf=Qwen%2FQwen3-8B`);
  await page.getByTestId('hub-load').waitFor();
  await page.getByTestId('model-picker').fill('https://huggingface.co/unsloth/Qwen3-8B-GGUF');
  await page.goto(`${origin}/?params=70B&embed=1`);
  await page.getByTestId('total').waitFor();
  await page.waitForTimeout(300);
  const foreign = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
  assert.deepEqual(foreign, [], 'no request leaves the page\'s origin');
  assert.ok(requests.some((url) => url.endsWith('.wasm')), 'the session was recorded');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile names in files and configs are shown as text', async () => {
  const { context, page, errors } = await recordedSession();
  const hostile = '<img src=x onerror=alert(1)>';
  await page.goto(`${shared.server.origin}/`);
  await page.getByTestId('total').waitFor();
  await page.getByTestId('file-drop').setInputFiles({ name: `${hostile}.safetensors`, mimeType: 'application/octet-stream', buffer: safetensors({ format: hostile }) });
  await page.getByTestId('model-chip').waitFor();
  assert.ok((await page.getByTestId('model-chip').textContent()).includes(hostile), 'the file name, literally');
  await page.locator('.paste summary').click();
  await page.getByTestId('config-paste').fill(JSON.stringify({ model_type: hostile, hidden_size: 'x' }));
  await page.getByTestId('import-error').waitFor();
  assert.equal(await page.locator('main img').count(), 0, 'no element was made from the names');
  assert.deepEqual(errors, []);
  await context.close();
});
