// ConvLab's service worker: the whole app, kept in the browser, so that it
// runs offline. scripts/build_sw.sh writes VERSION and FILES (every file of
// the build, relative to this file) above this text, as dist/sw.js.
//
// One cache per version, "convlab-<VERSION>". A worker answers only from its
// own version's cache, so a page never mixes the files of two builds: the
// page the person has open keeps this version until the person reloads into
// the next one (the page's "Reload" asks a waiting worker to take over; see
// index.html). A new version waits until then: no skipWaiting of its own.
const CACHE = `convlab-${VERSION}`;
const INDEX = new URL("index.html", self.location).href;
const SCOPE = new URL("./", self.location).href;
const KEPT = new Set(FILES.map((file) => new URL(file, self.location).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        FILES.map(async (file) => {
          // Past the HTTP cache: a file kept there from another build would
          // be stored under this version.
          const response = await fetch(file, { cache: "no-cache" });
          if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
          // A host that redirected (index.html -> ./) gives a response a
          // navigation may not be answered with; keep its body alone.
          const kept = response.redirected
            ? new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers })
            : response;
          await cache.put(file, kept);
        }),
      ),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((key) => key.startsWith("convlab-") && key !== CACHE).map((key) => caches.delete(key))),
    ),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.hash = "";
  // The page itself, whatever its query (a share link's #scene= or
  // #practice= never reaches the server): this version's index.html.
  const bare = url.href.split("?")[0];
  const page = request.mode === "navigate" && (bare === SCOPE || bare === INDEX);
  const key = page ? INDEX : url.href;
  // Anything else than a file of the build goes to the network as usual.
  if (!KEPT.has(key)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      // Only if the cache was cleared under the worker: the network.
      .then((hit) => hit ?? fetch(request)),
  );
});
