// Minifies the wasm-bindgen loader in dist/ and updates its integrity hash in index.html, and
// minifies the service worker. Trunk's own JS minifier cannot parse the loader and leaves it as
// it is (with a warning); terser can, which takes it from 7.9 to 6.0 KB gzipped (page weight).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const TERSER = { module: true, compress: true, mangle: true };

/** Minifies the loader that `html` preloads and returns `html` with the loader's new hash. */
export async function minifyLoader(dir, html) {
  const link = /href="?\.\/([^"\s>]+\.js)"? integrity="?(sha384-[A-Za-z0-9+/=]+)"?/;
  const found = html.match(link);
  if (!found) throw new Error('index.html: the wasm-bindgen loader preload was not found');
  const [, file, integrity] = found;
  const path = join(dir, file);
  const { code } = await minify(await readFile(path, 'utf8'), TERSER);
  await writeFile(path, code);
  const hash = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  return html.replace(integrity, hash);
}

/** Minifies the service worker (copied as it is from assets/sw.js). */
export async function minifyServiceWorker(dir) {
  const path = join(dir, 'sw.js');
  const { code } = await minify(await readFile(path, 'utf8'), { ...TERSER, module: false });
  await writeFile(path, code);
}
