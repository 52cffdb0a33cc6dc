// A model on the Hugging Face Hub, by id or link (issue 15), end to end. No real network: the
// Hub's hosts are answered by Playwright route interception, in the shapes its API documents,
// from tests/fixtures/hub/repos.json (published configs, and files of tests/files/made/ written
// by the formats' own Python writers). The figures must equal those of dropping the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser();
const repos = JSON.parse(readFileSync(new URL('../fixtures/hub/repos.json', import.meta.url), 'utf8')).repos;
const made = new URL('../files/made/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(made, 'manifest.json'), 'utf8'));
const HUB = 'https://huggingface.co';

/** A fixture file's bytes (null when it is only listed) and size. */
function content(file) {
  let bytes = null;
  if (file.json) bytes = Buffer.from(JSON.stringify(file.json));
  else if (file.text !== undefined) bytes = Buffer.from(file.text);
  else if (file.made) bytes = readFileSync(join(made, file.made));
  return { bytes, size: bytes ? bytes.length : file.size };
}

const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-range, content-length' };

/**
 * Answers the Hub's hosts in `context` as the Hub does; every request is recorded with its
 * Range header. `delay` holds each answer back (a slow Hub).
 */
async function fakeHub(context, { delay = 0 } = {}) {
  const seen = [];
  const answer = async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    seen.push(`${request.method()} ${url.pathname}${url.search} ${request.headers().range ?? ''}`.trim());
    if (delay) await new Promise((ok) => setTimeout(ok, delay));
    if (request.method() === 'OPTIONS') {
      return route.fulfill({ status: 204, headers: { ...cors, 'access-control-allow-headers': 'range', 'access-control-allow-methods': 'GET' } });
    }
    const json = (status, body) => route.fulfill({ status, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const path = decodeURIComponent(url.pathname);
    const api = path.match(/^\/api\/models\/([^/]+\/[^/]+)(?:\/(tree|revision)\/([^/]+))?$/);
    if (url.origin === HUB && api) {
      const entry = repos[api[1]];
      if (!entry) return json(404, { error: 'Repository not found' });
      if (api[2] !== 'tree') return json(200, { id: api[1], sha: entry.sha, gated: entry.gated, private: false, siblings: Object.keys(entry.files).map((rfilename) => ({ rfilename })) });
      return json(200, Object.entries(entry.files).map(([name, file]) => {
        const { size } = content(file);
        return /\.(json|md)$/.test(name) ? { type: 'file', oid: '0', size, path: name } : { type: 'file', oid: '0', size: 135, path: name, lfs: { oid: '1', size, pointerSize: 135 } };
      }));
    }
    const file = path.match(/^\/(?:cdn\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/);
    const entry = file && repos[file[1]];
    if (!entry) return route.fulfill({ status: 401, headers: cors, body: 'Invalid username or password.' });
    if (entry.gated !== false) return json(401, { error: 'Access to model is restricted.' });
    const found = entry.files[file[3]] && content(entry.files[file[3]]);
    if (!found?.bytes) return route.fulfill({ status: 404, headers: cors, body: 'Entry not found' });
    // The Hub redirects LFS files to its CDN; Playwright does not route a redirect's second
    // request (microsoft/playwright#3993), so they are answered here at once. The redirect itself
    // is tested against the CLI (tests/hub.rs).
    const range = request.headers().range?.match(/^bytes=0-(\d+)$/);
    if (range) {
      const end = Math.min(Number(range[1]), found.bytes.length - 1);
      return route.fulfill({ status: 206, headers: { ...cors, 'content-range': `bytes 0-${end}/${found.bytes.length}` }, body: found.bytes.subarray(0, end + 1) });
    }
    return route.fulfill({ status: 200, headers: cors, body: found.bytes });
  };
  await context.route(`${HUB}/**`, answer);
  return seen;
}

/** A fresh page with a fake Hub; page errors (panics) and foreign requests are collected. */
async function openWithHub(options = {}, path = '/') {
  const context = await shared.browser.newContext();
  const hub = await fakeHub(context, options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(shared.server.origin + path);
  await page.getByTestId('total').waitFor();
  return { context, page, hub, errors, requests };
}

const text = (page, id) => page.getByTestId(id).textContent();

/** What the estimate shows: the exact count, the total and the model's shape. */
async function figures(page) {
  return { params: await text(page, 'params'), total: await text(page, 'total'), breakdown: await text(page, 'breakdown') };
}

async function waitForChip(page, pattern) {
  try {
    await page.getByTestId('model-chip').filter({ hasText: pattern }).waitFor({ timeout: 10000 });
  } catch (e) {
    const problem = (await page.getByTestId('import-error').count()) ? await text(page, 'import-error') : 'no message';
    throw new Error(`no chip with ${pattern}: ${problem}`);
  }
}

/** The same page with the repo's files dropped instead. */
async function dropped(names) {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  await page.goto(shared.server.origin + '/');
  await page.getByTestId('total').waitFor();
  await page.getByTestId('file-drop').setInputFiles(names);
  await page.getByTestId('model-chip').waitFor();
  const shown = await figures(page);
  await context.close();
  return shown;
}

test('an id and Enter read a single-file repo exactly as dropping its file does', async () => {
  const { context, page, hub, errors } = await openWithHub();
  await page.getByTestId('model-picker').fill('test-org/tiny-dense');
  assert.match(await text(page, 'hub-privacy'), /Only this repo's id/);
  await page.getByTestId('model-picker').press('Enter');
  await waitForChip(page, 'test-org/tiny-dense (main@11111111)');
  assert.equal(await text(page, 'params'), manifest['tiny.safetensors'].elements.toLocaleString('en-US'));
  assert.deepEqual(await figures(page), await dropped([join(made, 'tiny.safetensors')]));
  assert.deepEqual(hub.slice(0, 2), ['GET /api/models/test-org/tiny-dense', 'GET /api/models/test-org/tiny-dense/tree/main?recursive=true']);
  assert.ok(hub.some((r) => r.startsWith('GET /test-org/tiny-dense/resolve/main/model.safetensors bytes=0-')), hub.join('\n'));
  assert.ok(!hub.some((r) => r.includes('README')), 'only the files the model needs');
  // The link carries the repo, not the files.
  assert.match(page.url(), /[?&]hf=test-org%2Ftiny-dense/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a sharded repo link reads its config and index: transformers\' count and the published total_size', async () => {
  const { context, page, hub } = await openWithHub();
  await page.getByTestId('model-picker').fill('https://huggingface.co/Qwen/Qwen2.5-7B/tree/main');
  await page.getByTestId('hub-load').click();
  await waitForChip(page, 'Qwen/Qwen2.5-7B');
  assert.equal(await text(page, 'params'), '7,615,616,512');
  assert.match(await text(page, 'model-chip'), /15\.23 GB/);
  assert.equal(hub.length, 4, hub.join('\n'));
  const dir = mkdtempSync(join(tmpdir(), 'vramfit-hub-'));
  const names = ['config.json', 'model.safetensors.index.json'].map((name) => {
    writeFileSync(join(dir, name), content(repos['Qwen/Qwen2.5-7B'].files[name]).bytes);
    return join(dir, name);
  });
  assert.deepEqual(await figures(page), await dropped(names));
  await context.close();
});

test('a GGUF repo offers every quant with its exact size, reads the chosen one and its mmproj', async () => {
  const { context, page, errors } = await openWithHub();
  await page.getByTestId('model-picker').fill('hf.co/test-org/tiny-GGUF');
  await page.getByTestId('model-picker').press('Enter');
  await waitForChip(page, 'tiny-q4_k_m.gguf');
  const quant = page.getByTestId('hub-quant');
  const options = await quant.locator('option').allTextContents();
  // Sizes in GB (10⁹ bytes) to three significant figures.
  const gb = (name) => (readFileSync(join(made, name)).length / 1e9).toPrecision(3);
  assert.deepEqual(options, [`tiny-Q8_0.gguf — ${gb('tiny-q8_0.gguf')} GB`, `tiny-q4_k_m.gguf — ${gb('tiny-q4_k_m.gguf')} GB`]);
  assert.equal(await quant.inputValue(), 'tiny-q4_k_m.gguf', 'Q4_K_M unless asked otherwise');
  const q4 = manifest['tiny-q4_k_m.gguf'].elements + manifest['mmproj-tiny.gguf'].elements;
  assert.equal(await text(page, 'params'), q4.toLocaleString('en-US'));
  assert.deepEqual(await figures(page), await dropped([join(made, 'tiny-q4_k_m.gguf'), join(made, 'mmproj-tiny.gguf')]));
  await page.screenshot({ path: new URL('screenshots/hub-gguf.png', import.meta.url).pathname });
  await quant.selectOption('tiny-Q8_0.gguf');
  await waitForChip(page, 'tiny-Q8_0.gguf');
  assert.deepEqual(await figures(page), await dropped([join(made, 'tiny-q8_0.gguf'), join(made, 'mmproj-tiny.gguf')]));
  assert.deepEqual(errors, []);
  await context.close();
});

test('gated, missing and slow repos: a message in place, and the last result stays', async () => {
  const { context, page, errors } = await openWithHub();
  const before = await figures(page);
  const picker = page.getByTestId('model-picker');
  await picker.fill('meta-llama/Llama-3.1-8B-Instruct');
  await picker.press('Enter');
  await page.getByTestId('import-error').filter({ hasText: 'gated or private' }).waitFor();
  assert.match(await text(page, 'import-error'), /drop it here/);
  await picker.fill('nobody/no-such-model');
  await picker.press('Enter');
  await page.getByTestId('import-error').filter({ hasText: 'not found on Hugging Face' }).waitFor();
  await picker.fill('https://example.org/a/b');
  await picker.press('Enter');
  await page.getByTestId('import-error').filter({ hasText: 'not huggingface.co' }).waitFor();
  assert.deepEqual(await figures(page), before, 'the last good result stays');
  await context.close();

  const slow = await openWithHub({ delay: 700 });
  await slow.page.getByTestId('model-picker').fill('test-org/tiny-dense');
  await slow.page.getByTestId('model-picker').press('Enter');
  await slow.page.getByTestId('hub-status').filter({ hasText: 'Reading test-org/tiny-dense from Hugging Face' }).waitFor();
  assert.deepEqual(await figures(slow.page), before, 'the result stays while the Hub answers');
  await waitForChip(slow.page, 'test-org/tiny-dense');
  assert.equal(await slow.page.getByTestId('hub-status').count(), 0);
  assert.deepEqual([...errors, ...slow.errors], []);
  await slow.context.close();
});

test('nothing goes to the Hub unasked: not on load, not from a link, not while typing', async () => {
  const { context, page, hub, requests } = await openWithHub({}, '/?hf=test-org%2Ftiny-dense&ctx=8k');
  // The link shows the repo with its one-click button, and fetches nothing by itself.
  assert.equal(await page.getByTestId('model-picker').inputValue(), 'test-org/tiny-dense');
  await page.getByTestId('hub-load').waitFor();
  await page.getByTestId('model-picker').fill('');
  await page.getByTestId('model-picker').pressSequentially('Qwen/Qwen3-8B', { delay: 10 });
  await page.waitForTimeout(500);
  assert.deepEqual(hub, [], 'no Hub request');
  const foreign = requests.filter((url) => new URL(url).origin !== shared.server.origin);
  assert.deepEqual(foreign, []);
  assert.match(page.url(), /hf=test-org%2Ftiny-dense/, 'the link keeps its repo until another model is chosen');
  await context.close();
  // And its button loads it.
  const linked = await openWithHub({}, '/?hf=test-org%2Ftiny-dense');
  await linked.page.getByTestId('hub-load').click();
  await waitForChip(linked.page, 'test-org/tiny-dense');
  assert.equal(linked.hub[0], 'GET /api/models/test-org/tiny-dense');
  await linked.context.close();
});
