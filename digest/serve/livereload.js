/* digest serve: reload this page when the site is rebuilt.
   Listens to /__digest__/events (Server-Sent Events, described in digest/serve/__init__.py).
   A stylesheet-only change swaps the <link rel=stylesheet> hrefs instead of reloading.
   When the connection drops it reconnects with backoff; if the server restarted or builds
   were missed meanwhile, the hello message tells it so and the page reloads.
   One tab of the browser holds the connection and passes its events on to the others (a
   browser opens at most six connections to one host: a seventh tab would wait for ever);
   when that tab closes, another takes over.  Without Web Locks (a page not served from this
   machine) each tab has a connection of its own. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource || window.__digestLiveReload) return;
  window.__digestLiveReload = "connecting"; // "connected" once the server said hello
  var server = script.dataset.server;
  var version = Number(script.dataset.version);
  var base = script.dataset.base || "/"; // the path the site was served at when this page loaded
  var delay = 250;
  var hello = null; // the server's last hello, for tabs that open later
  var shared = window.BroadcastChannel && navigator.locks ? new BroadcastChannel("digest-live-reload") : null;
  var NAMES = ["hello", "reload", "search", "failed", "css"];

  // The site moved to another path (base_url changed): the same page there, else this one again.
  function reload(moved) {
    var where = window.location;
    if (moved && moved !== base && where.pathname.indexOf(base) === 0) {
      where.replace(moved + where.pathname.slice(base.length) + where.search + where.hash);
    } else {
      where.reload();
    }
  }

  function swapStylesheets() {
    var stamp = String(Date.now());
    document.querySelectorAll('link[rel~="stylesheet"][href]').forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      url.searchParams.set("digest-reload", stamp);
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      // Keep the old sheet until the new one is in, so the page never flashes unstyled.
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function handle(name, data) {
    if (name === "hello") {
      if (data.server !== server || data.version !== version) return reload(data.base);
      window.__digestLiveReload = "connected";
    } else if (name === "reload" || name === "failed") {
      reload(data.base);
    } else if (name === "search") {
      // The search index is brought up to date after the pages: a search page shows its results again.
      if (document.querySelector('script[src*="search"], script[src*="pagefind"]')) reload();
    } else if (name === "css") {
      version = data.version;
      swapStylesheets();
    } else if (name === "down") {
      window.__digestLiveReload = "connecting";
    }
  }

  function connect() {
    var source = new EventSource("/__digest__/events");
    NAMES.forEach(function (name) {
      source.addEventListener(name, function (event) {
        var data = JSON.parse(event.data);
        if (name === "hello") {
          delay = 250;
          hello = data;
        } else if (hello && typeof data.version === "number") {
          hello.version = data.version; // what a tab opened from now on is told (after a stylesheet swap, say)
        }
        if (shared) shared.postMessage({ name: name, data: data });
        handle(name, data);
      });
    });
    source.onerror = function () {
      hello = null;
      if (shared) shared.postMessage({ name: "down" });
      handle("down");
      source.close();
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 4000);
    };
  }

  if (!shared) return connect();
  shared.onmessage = function (event) {
    var message = event.data;
    if (message.name === "ask") {
      if (hello) shared.postMessage({ name: "hello", data: hello });
    } else {
      handle(message.name, message.data);
    }
  };
  navigator.locks.request("digest-live-reload", function () {
    connect();
    return new Promise(function () {}); // held while this page lives
  });
  shared.postMessage({ name: "ask" });
})();
