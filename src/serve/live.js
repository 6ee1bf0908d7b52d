// daylight live reload: injected only by `daylight serve`, never into a build.
(function () {
  "use strict";
  var OVERLAY = "daylight-error";
  function showError(text) {
    var el = document.getElementById(OVERLAY);
    if (!el) {
      el = document.createElement("div");
      el.id = OVERLAY;
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#1b1b1b;color:#fff;padding:2rem;font:16px/1.5 monospace";
      var h = document.createElement("h2");
      h.style.cssText = "color:#ff8a80;font:bold 1.4rem sans-serif;margin:0 0 1rem";
      h.textContent = "The last change could not be built";
      var p = document.createElement("p");
      p.style.fontFamily = "sans-serif";
      p.textContent = "This is the last good version of the site underneath. Fix the file and this page reloads by itself.";
      el.appendChild(h);
      el.appendChild(p);
      el.appendChild(document.createElement("pre"));
      document.body.appendChild(el);
    }
    var pre = el.querySelector("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = text;
  }
  function reloadCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("daylight", Date.now());
      links[i].href = url.toString();
    }
  }
  if (!window.EventSource) return;
  // The page this tab shows: a rebuild renders it first, and reloads only the tabs
  // whose page changed.
  // With the version the page was served at: a tab whose stream opens after a rebuild
  // it missed is told to reload at once.
  var script = document.currentScript;
  var version = script ? new URL(script.src).searchParams.get("v") : null;
  var source = new EventSource("/__daylight/events?page=" + encodeURIComponent(location.pathname) +
    (version ? "&v=" + encodeURIComponent(version) : ""));
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function () { reloadCss(); });
  source.addEventListener("failed", function (e) { showError(e.data); });
})();
