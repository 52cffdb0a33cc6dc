// The page's download budget: gzipped wasm + js + css + html of dist/ stays within 256.25 KB, on its way down to the
// 250 KB of the design card (it is only ever lowered).
// A byte count, not a timing, so it is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzippedAssets } from './sizes.mjs';

const BUDGET_BYTES = 256_250;

test(`gzipped dist/ assets total at most ${BUDGET_BYTES} bytes`, async () => {
  const assets = await gzippedAssets();
  for (const kind of ['.wasm', '.js', '.css', '.html']) {
    assert.ok(assets.some((a) => a.name.endsWith(kind)), `dist/ has a ${kind} file`);
  }
  const total = assets.reduce((sum, a) => sum + a.gzipped, 0);
  const table = assets.map((a) => `${a.name}: ${a.gzipped}`).join(', ');
  assert.ok(total <= BUDGET_BYTES, `${total} bytes gzipped (${table}) exceeds ${BUDGET_BYTES}`);
});
