// The app-shell service worker (docs/ui.md, Offline). It keeps the web app's own files (page, JS,
// CSS, images) and the PDF.js files the viewer loads, so a tablet that reloads while the chamber's
// Wi-Fi is down still starts Kaigi and reads the meeting packets that offline.js keeps. It never
// touches /api/ (offline.js caches the packets itself, on purpose), /ws or anything not listed.
//
// The server (AppShell.java) replaces the next statement with this build's version and files, so
// each new build is a new worker: it copies the new files and deletes the old shell's cache.
const SHELL = { version: 'dev', assets: [] };

const PREFIX = 'kaigi-shell-';
const CACHE = `${PREFIX}${SHELL.version}`;
const WEBJARS = '/webjars/';
const PARALLEL = 4;
// How long the web app's files wait for the network before the shell answers: a Wi-Fi that drops
// without refusing (packets lost, connections hanging) would otherwise hold a reload for the
// browser's own timeout, minutes.
const NETWORK_TIMEOUT_MS = 4000;
// After such a timeout the network counts as down for a while and the web app's files come from
// the shell at once: a reload asks for the page, then ~6 levels of imported modules, each of which
// would wait its own timeout.
const DOWN_MS = 10000;
const listed = new Set(SHELL.assets);
let downUntil = 0;

/** The cache key of a request's URL: its path, with the app page always '/'. */
function keyOf(url) {
  return url.pathname === '/index.html' ? '/' : url.pathname;
}

/** Fetches every file of this version (a few at a time: the chamber's Wi-Fi is shared). */
async function precache() {
  const cache = await caches.open(CACHE);
  const queue = SHELL.assets.slice();
  const next = async () => {
    while (queue.length) {
      const path = queue.shift();
      // WebJar paths carry their version: the previous shell's copy is the same file.
      const kept = path.startsWith(WEBJARS) ? await caches.match(path) : undefined;
      // The web app's files revalidate, so this version's copy is what the server has now.
      const response = kept || (await fetch(path, { cache: 'no-cache', credentials: 'same-origin' }));
      if (!response.ok) {
        throw new Error(`${path}: HTTP ${response.status}`);
      }
      await cache.put(path, response);
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, next));
  } catch (e) {
    // A shell with holes is no shell: drop it; the browser tries this worker again later.
    queue.length = 0;
    await caches.delete(CACHE);
    throw e;
  }
}

self.addEventListener('install', (event) => {
  // Take over at once: tablets keep one tab open for days, and the page asks the network first
  // anyway, so an old page is not pinned to old files.
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Only old shells: the meeting packets (kaigi-meeting-*) are offline.js's.
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

async function fromCache(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key);
}

/** fetch, given up (and its connection dropped) when no answer has come in NETWORK_TIMEOUT_MS. */
async function fetchOrTimeOut(request) {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: abort.signal });
  } catch (e) {
    if (timedOut) {
      downUntil = Date.now() + DOWN_MS;
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The web app's files: the network first (a new deployment shows at once), this shell when the
 * network fails or does not answer in time, and at once for a while after it did not.
 */
async function networkFirst(request, key) {
  if (Date.now() < downUntil) {
    const copy = await fromCache(key);
    if (copy) {
      return copy;
    }
  }
  let response;
  try {
    response = await fetchOrTimeOut(request);
  } catch (e) {
    const copy = await fromCache(key);
    if (copy) {
      return copy;
    }
    throw e;
  }
  downUntil = 0;
  if (response.status >= 500) {
    // A proxy in front of a node that is restarting: the shell is better than its error page.
    const copy = await fromCache(key);
    if (copy) {
      return copy;
    }
  }
  return response;
}

/** PDF.js: versioned paths never change, so the kept copy first. */
async function cacheFirst(request, key) {
  const copy = await fromCache(key);
  return copy || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  const key = keyOf(url);
  if (!listed.has(key)) {
    // /api/, /ws, /sw.js, /office/ …: straight to the network, never cached here.
    return;
  }
  event.respondWith(key.startsWith(WEBJARS) ? cacheFirst(request, key) : networkFirst(request, key));
});
