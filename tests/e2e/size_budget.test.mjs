// The page's download budget: gzipped wasm + js + css + html of dist/ stays within the design card's 250 KB
// (the limit is only ever lowered).
// A byte count, not a timing, so it is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzippedAssets } from './sizes.mjs';

const BUDGET_BYTES = 250_000;

test(`gzipped dist/ assets total at most ${BUDGET_BYTES} bytes`, async () => {
  const assets = await gzippedAssets();
  for (const kind of ['.wasm', '.js', '.css', '.html']) {
    assert.ok(assets.some((a) => a.name.endsWith(kind)), `dist/ has a ${kind} file`);
  }
  const total = assets.reduce((sum, a) => sum + a.gzipped, 0);
  const table = assets.map((a) => `${a.name}: ${a.gzipped}`).join(', ');
  assert.ok(total <= BUDGET_BYTES, `${total} bytes gzipped (${table}) exceeds ${BUDGET_BYTES}`);
});
