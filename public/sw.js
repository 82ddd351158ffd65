// Vizitka's service worker: precaches the build so the app opens offline.
// scripts/finish.mjs fills in the build id and the file list at build time;
// a new build has a new id, so its cache replaces the old one. The list is
// relative to this file, so the app works wherever it is served from (the
// site root, or a subpath like /vizitka/).
const BUILD = "__BUILD_ID__";
const CACHE = "vizitka-" + BUILD;
const PRECACHE = ["__PRECACHE__"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("vizitka-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Every route is the same single page: try the network for a fresh
    // index (a new deploy), fall back to the cached one offline.
    event.respondWith(
      fetch(request).catch(() => caches.match(new URL("index.html", self.registration.scope), { cacheName: CACHE }))
    );
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
