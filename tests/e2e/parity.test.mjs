// One path from a share link to a report: for links that cover every key the page reads, the
// page's JSON export and `vramfit --link … --json` are the same bytes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser();
const root = new URL('../../', import.meta.url).pathname;
let cli;

before(() => {
  const built = spawnSync('cargo', ['build', '--locked', '--quiet', '--bin', 'vramfit'], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  cli = `${root}target/debug/vramfit`;
});

// `embed` only changes the layout (the embedded page has no export card), so it is left out.
const LINKS = [
  '',
  '?params=7B',
  '?params=70B&quant=q4_k_m',
  '?params=6,7B&lang=tr',
  '?params=13B&kvq=fp8&ctx=32k&batch=4',
  '?params=8B&mode=qlora',
  '?params=8B&mode=full&gpu=h100-sxm5-80gb&gpus=8',
  '?params=8B&mode=lora&engine=transformers',
  '?params=70B&engine=llama.cpp&kvq=q8_0&gpu=rtx-3090&gpus=2',
  '?params=70B&gpu=4x-rtx-6000-ada',
  '?params=8B&gpu=custom&mem=12&bw=504',
  '?params=8B&gpu=custom&mem=16,5&bw=960&lang=tr',
  '?params=8B&gpu=rtx-4090&reserve=1.5&eff=0.6',
  '?params=8B&overhead=1.2&unit=gib',
  '?params=1.5T&engine=tensorrt-llm&gpu=b200&gpus=8',
  '?model=qwen2.5-7b&quant=q4_k_m&ctx=16k&gpu=rtx-4090&engine=llama.cpp',
  '?model=gpt-oss-120b',
  '?model=gpt-oss-120b&quant=fp16&gpu=h100-sxm5-80gb&gpus=4',
  '?model=llama-4-scout&vision=0',
  '?model=qwen2.5-vl-7b&gpu=rtx-4090&eff=0.9',
  '?model=deepseek-v3&mtp=1&gpu=h200-sxm-141gb&gpus=8',
  '?model=qwen3.6-27b&vision=0&mtp=1&kvq=fp8&engine=custom',
  '?model=qwen3.5-397b-a17b&ctx=128k&batch=2&gpu=apple-m3-ultra-80c',
  '?model=qwen2.5-7b&ctx=abc&gpu=voodoo&evil=1',
];

for (const link of LINKS) {
  test(`the page and the CLI export the same JSON for “${link || '(no query)'}”`, async () => {
    const context = await shared.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${shared.server.origin}/${link}`);
    const box = page.getByTestId('export-json');
    await page.locator('.export summary').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="export-json"]')?.value.startsWith('{'));
    const fromPage = await box.inputValue();
    const run = spawnSync(cli, ['--link', link, '--json'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fromPage, run.stdout.trimEnd(), link);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
