// Trunk post-build hook: makes dist/index.html run under a strict Content-Security-Policy.
// Trunk writes the wasm loader as an inline <script type="module">; this moves it to a file of
// its own (named by its hash, like Trunk's files) and adds the policy as a <meta> tag, so the
// page needs no inline script at all. `frame-ancestors` cannot be set from a <meta>, so the page
// stays embeddable; a host that sends headers may add its own. In release builds it first
// minifies the wasm-bindgen loader and the service worker (tools/minify.mjs).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minifyLoader, minifyServiceWorker } from './minify.mjs';

export const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  // The Hugging Face Hub, only when the user asks to load a repo (src/core/hub.rs): the API and
  // small files come from huggingface.co, large files redirect to its CDN hosts
  // (cdn-lfs.huggingface.co, cdn-lfs*.hf.co, cas-bridge.xethub.hf.co).
  "connect-src 'self' https://huggingface.co https://cdn-lfs.huggingface.co https://*.hf.co",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const dir = process.env.TRUNK_STAGING_DIR ?? 'dist';
const indexPath = join(dir, 'index.html');
let html = await readFile(indexPath, 'utf8');
if (process.env.TRUNK_PROFILE === 'release') {
  html = await minifyLoader(dir, html);
  await minifyServiceWorker(dir);
}
// Quoted as Trunk writes it, or unquoted once Trunk has minified the page.
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (!found) throw new Error(`${indexPath}: Trunk's inline loader script was not found`);
const loader = found[1].trim() + '\n';
const name = `start-${createHash('sha256').update(loader).digest('hex').slice(0, 16)}.js`;
await writeFile(join(dir, name), loader);
html = html.replace(inline, `<script type="module" src="./${name}"></script>`);
html = html.replace(/<meta charset="?utf-8"?>/i, `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${POLICY}">`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error(`${indexPath}: an inline script is left`);
await writeFile(indexPath, html);
