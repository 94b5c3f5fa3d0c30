/* digest serve: reload this page when the site is rebuilt.
   Listens to /__digest__/events (Server-Sent Events, described in digest/serve/__init__.py).
   A stylesheet-only change swaps the <link rel=stylesheet> hrefs instead of reloading.
   When the connection drops it reconnects with backoff; if the server restarted or builds
   were missed meanwhile, the hello message tells it so and the page reloads. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource || window.__digestLiveReload) return;
  window.__digestLiveReload = "connecting"; // "connected" once the server said hello
  var server = script.dataset.server;
  var version = Number(script.dataset.version);
  var delay = 250;

  function reload() {
    window.location.reload();
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

  function connect() {
    var source = new EventSource("/__digest__/events");
    function on(name, handle) {
      source.addEventListener(name, function (event) { handle(JSON.parse(event.data)); });
    }
    on("hello", function (data) {
      delay = 250;
      if (data.server !== server || data.version !== version) return reload();
      window.__digestLiveReload = "connected";
    });
    on("reload", reload);
    // The search index is brought up to date after the pages: a search page shows its results again.
    on("search", function () {
      if (document.querySelector('script[src*="search"], script[src*="pagefind"]')) reload();
    });
    on("failed", reload);
    on("css", function (data) {
      version = data.version;
      swapStylesheets();
    });
    source.onerror = function () {
      window.__digestLiveReload = "connecting";
      source.close();
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 4000);
    };
  }

  connect();
})();
