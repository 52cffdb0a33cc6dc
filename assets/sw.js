// vramfit's service worker: after one visit the calculator works with the network off.
// Trunk names the app's files by content hash, so a cached file never goes stale: they are
// served cache-first, and the page itself network-first (a new deploy shows when online).
const CACHE = 'vramfit-v1';
const PAGE = './';

// The page's own files, read from the page: every relative href/src (hashed js, wasm, css,
// icons, manifest), quoted or not (the release page is minified).
async function cacheApp() {
  const cache = await caches.open(CACHE);
  const response = await fetch(PAGE, { cache: 'no-cache' });
  const html = await response.clone().text();
  await cache.put(PAGE, response);
  const files = [...html.matchAll(/(?:href|src)=("?)(\.\/[^"\s>]+)\1/g)].map((m) => m[2]);
  await cache.addAll([...new Set(files)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheApp().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(PAGE, copy));
          return response;
        })
        .catch(() => caches.match(PAGE)),
    );
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
});
