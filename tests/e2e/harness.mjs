// Shared by the e2e tests and the benchmark: serve the built dist/ on 127.0.0.1 and drive
// Debian's Chromium through playwright-core (never a downloaded browser).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves `root` on an ephemeral port of 127.0.0.1. Resolves to { origin, close }. */
export async function serve(root = DIST) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) throw new Error('outside root');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Headless Chromium from Debian, with the flags this machine's closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The calculator page, addressed by its stable data-testid hooks. */
export class CalculatorPage {
  constructor(page) {
    this.page = page;
    this.params = page.getByTestId('params-input');
    this.quant = page.getByTestId('quant');
    this.overhead = page.getByTestId('overhead');
    this.result = page.getByTestId('rule-of-thumb');
    this.error = page.getByTestId('input-error');
  }

  async open(origin, path = '/') {
    await this.page.goto(origin + path);
    await this.result.waitFor();
  }

  async setParams(text) {
    await this.params.fill(text);
  }
}

/** Opens the calculator in a fresh context; collects page errors (panics) into `errors`. */
export async function openCalculator(browser, origin, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const calc = new CalculatorPage(page);
  await calc.open(origin);
  return { calc, page, context, errors };
}

/**
 * Starts the dist/ server and Chromium before a spec's tests and stops both after them.
 * Returns an object whose `server` and `browser` are set once the tests run.
 */
export function useServerAndBrowser() {
  const shared = {};
  before(async () => {
    shared.server = await serve();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}
