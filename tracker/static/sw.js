// The service worker: keeps the site's static files (styles, scripts, icons) for speed and
// shows the offline page when a page cannot be loaded. It never stores a page: every page
// of the site is private (it carries the signed-in user's tasks), so pages always come
// from the network, and only /offline (which holds no user data, fetched without cookies)
// is kept. Served from /sw.js (tracker/pwa_views.py) so that its scope is the whole site.
"use strict";

var VERSION = "v1";
var STATIC_CACHE = "static-" + VERSION;
var OFFLINE_CACHE = "offline-" + VERSION;
var OFFLINE_URL = "/offline";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(OFFLINE_CACHE).then(function (cache) {
      return cache.add(new Request(OFFLINE_URL, { credentials: "omit", cache: "reload" }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== STATIC_CACHE && name !== OFFLINE_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") {
    // A page: always the network; the offline page only when the network fails.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE_URL, { cacheName: OFFLINE_CACHE });
    }));
    return;
  }
  var url = new URL(request.url);
  if (!isStatic(url)) { return; }  // everything else goes to the network untouched
  // Static files: the network first (a new deployment shows at once), the copy when offline.
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { cacheName: STATIC_CACHE }).then(function (cached) {
        return cached || Response.error();
      });
    })
  );
});
