// Communs Arcade service worker: once a player has loaded the game, the
// page reloads and plays without the network. `make wasm` (wasm/build.sh)
// copies this file to wasm/dist/sw.js with the two lines marked "build"
// filled in: the build's version and the files of the game page. The
// loader registers it once the game has drawn its first frame, so it never
// competes with the first download. Served as /sw.js with Cache-Control:
// no-cache: the browser compares it byte for byte on each visit, and a new
// build (a new version) installs at once (skipWaiting) and deletes the
// caches of the builds before it.
//
// What it answers, for requests of its own origin under its scope:
//   - the game page (a navigation to the scope's root, any query):
//     network first, so a new build's page is what an online visit gets;
//     the cached page only when the network fails;
//   - content-hashed files (game.<hash>.wasm, loader.<hash>.js…): cache
//     first, as a name always means the same bytes; fetched and cached
//     when missing (a page newer than this worker names new ones);
//   - manifest.json (the loader's sizes): network first, cache fallback.
// Everything else, and anything but GET, goes to the network untouched:
// the score server (/ws, /api/…), the studio (/studio), the class pages
// (/class), the community levels' pages (/l/<id>) stay online only. So
// does the studio's engine, studio-engine.<hash>.wasm, which only the
// studio's frame (/?studio) loads: hashed, but not the game page's, it is
// left to the network and the browser's HTTP cache, not kept here.
//
// Nothing is sent anywhere; nothing but the game's own files is stored.
'use strict';

const VERSION = 'dev'; // build
const PRECACHE = []; // build: the page ('./') and its files, relative to the scope

const PREFIX = 'arcade-';
const CACHE = PREFIX + VERSION;
const scope = new URL(self.registration.scope);
const pageURL = new URL('./', scope).href;
const manifestURL = new URL('manifest.json', scope).href;
// The names wasm/build.sh gives: name.<16 hex digits>.ext, at the root;
// but not the studio's engine (above).
const hashed = /^[a-z_]+\.[0-9a-f]{16}\.(?:js|wasm)$/;
const onlineOnly = /^studio-engine\./;
// Cached answers carry Vary: Accept-Encoding; the Cache API stores the
// decoded body, so any stored copy answers any request.
const matchOptions = { ignoreVary: true };

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The page and manifest.json are revalidated (they are no-cache
    // anyway); hashed files may come from the HTTP cache, where the first
    // visit left them.
    await cache.addAll(PRECACHE.map((name) => {
      const url = new URL(name, scope);
      return new Request(url, { cache: isHashed(url) ? 'default' : 'no-cache' });
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // Control the page that registered us, so it is already covered
    // should the network go before its next visit.
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  if (request.mode === 'navigate') {
    if (url.origin + url.pathname === pageURL) event.respondWith(networkFirst(event, request, pageURL));
    return;
  }
  if (isHashed(url)) {
    event.respondWith(cacheFirst(event, request));
  } else if (url.href === manifestURL) {
    event.respondWith(networkFirst(event, request, manifestURL));
  }
});

// isHashed reports whether url names a content-hashed file of the build.
function isHashed(url) {
  if (url.origin !== scope.origin || !url.href.startsWith(scope.href)) return false;
  const name = url.pathname.slice(scope.pathname.length);
  return hashed.test(name) && !onlineOnly.test(name);
}

// keep stores a copy of response under key in this build's cache, unless
// a newer build's worker has deleted that cache: a fetch answered just
// before it took over must not bring the cache back.
async function keep(key, response) {
  if (!(await caches.has(CACHE))) return;
  await (await caches.open(CACHE)).put(key, response);
}

// networkFirst answers from the network and keeps a copy under key, or
// answers the copy when the network fails (or the server is down and a
// proxy answers 5xx).
async function networkFirst(event, request, key) {
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      event.waitUntil(keep(key, response.clone()));
      return response;
    }
    if (response.status < 500) return response;
    return (await caches.match(key, matchOptions)) || response;
  } catch (e) {
    const cached = await caches.match(key, matchOptions);
    if (cached) return cached;
    throw e;
  }
}

// cacheFirst answers a hashed file from any of our caches (the name means
// the same bytes in every build), else fetches it and keeps a copy.
async function cacheFirst(event, request) {
  const cached = await caches.match(request.url, matchOptions);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200) {
    event.waitUntil(keep(request.url, response.clone()));
  }
  return response;
}
