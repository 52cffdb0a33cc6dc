// Gzipped sizes of the built page's assets, shared by the size budget test and the benchmark.
import { readdir, readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from './harness.mjs';

const COUNTED = new Set(['.wasm', '.js', '.css', '.html']);

/** [{ name, bytes, gzipped }] for every .wasm/.js/.css/.html file in dist/ (gzip level 9). */
export async function gzippedAssets(root = DIST) {
  const names = (await readdir(root)).filter((n) => COUNTED.has(extname(n))).sort();
  return Promise.all(
    names.map(async (name) => {
      const body = await readFile(join(root, name));
      return { name, bytes: body.length, gzipped: gzipSync(body, { level: 9 }).length };
    }),
  );
}
