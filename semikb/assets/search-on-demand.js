// The search index is fetched when the reader first reaches for search, not on every
// page view: it is most of what a visitor would otherwise download.
//
// Material's bundle requests search/search_index.json (with XMLHttpRequest, for its
// progress) as soon as a page loads. This script runs before the bundle (it is in the
// page's head) and holds that request back until the search box is focused, the search
// toggle is used (a click, or the keyboard shortcuts / s f), or the address carries a
// query (?q=). Search then works as before; the first search waits for the download.
//
// It also starts semikb's search worker (assets/javascripts/workers/semikb-search.js,
// from semikb/assets/search-worker.js) in place of Material's, which that one loads:
// Material's bundle creates the worker as it loads, after this script.
(function () {
  "use strict";
  var NativeWorker = window.Worker;
  if (NativeWorker) {
    var SemikbWorker = function (url, options) {
      var material = /^(.*\/workers\/)(search\.[\w.]+\.js)$/.exec(String(url));
      if (material) url = material[1] + "semikb-search.js?material=" + encodeURIComponent(material[2]);
      return new NativeWorker(url, options);
    };
    SemikbWorker.prototype = NativeWorker.prototype;
    window.Worker = SemikbWorker;
  }
  if (!window.Promise || !window.XMLHttpRequest) return;
  var wanted = null;
  var release;
  var requested = new Promise(function (resolve) { release = resolve; });

  function want() {
    if (wanted) return;
    wanted = true;
    release();
  }

  function isIndex(url) {
    return /\/search\/search_index\.json(\?|#|$)/.test(url);
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.semikbSearchIndex = isIndex(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.semikbSearchIndex || wanted) return send.apply(request, args);
    requested.then(function () { send.apply(request, args); });
  };

  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-md-component=search]")) want();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search") want();
  }, true);
  document.addEventListener("keydown", function (event) {
    var typing = event.target instanceof Element && event.target.closest("input, textarea, [contenteditable]");
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f" || event.key === "S" || event.key === "F")) want();
  }, true);
  if (/[?&]q=/.test(window.location.search)) want();
})();
