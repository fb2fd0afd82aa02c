// The language selector keeps the reader on the same page in the other edition.
//
// Material's selector finds the page through each edition's sitemap, but it matches an
// edition by URL prefix, so an edition nested under another one's address (the Korean
// edition under ko/ below the English root) is taken for the English one and the reader
// lands on the other edition's home page. This handler runs first (capture phase): it
// takes the path below the current edition's root, and opens the same path below the
// chosen edition's root when that page exists, else the chosen edition's home page.
(function () {
  "use strict";

  function editionRoot() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href).href;
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var here = window.location.href.split("#")[0];
    var root = editionRoot();
    if (!here.startsWith(root)) return;
    event.preventDefault();
    event.stopPropagation();
    var target = new URL(here.slice(root.length), link.href).href;
    fetch(target, { method: "HEAD" })
      .then(function (response) { window.location.assign(response.ok ? target : link.href); })
      .catch(function () { window.location.assign(link.href); });
  }, true);
})();
