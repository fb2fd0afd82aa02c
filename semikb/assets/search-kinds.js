// Each search result says what kind of page it is: an entity's type (Company, Person, …,
// Source), an index (a type's list) or a page, in the edition's language. The labels are
// in the page (partials/search.html); the kind is read from the result's address.
(function () {
  "use strict";
  if (window.semikbSearchKinds || !window.MutationObserver) return;
  window.semikbSearchKinds = true;

  var kinds = null;
  var root = null;
  try {
    var data = document.getElementById("semikb-search-kinds");
    kinds = data && JSON.parse(data.textContent);
    var config = JSON.parse(document.getElementById("__config").textContent);
    root = new URL(config.base, window.location.href).href.replace(/\/?$/, "/");
  } catch (error) {
    kinds = null;
  }
  if (!kinds || !root) return;

  function kindOf(href) {
    if (href.indexOf(root) !== 0) return kinds.page;
    var parts = href.slice(root.length).split(/[?#]/)[0].split("/").filter(Boolean);
    if (parts[0] !== kinds.subdir) return kinds.page;
    if (parts.length === 1) return kinds.index;
    var type = Object.prototype.hasOwnProperty.call(kinds.types, parts[1]) ? kinds.types[parts[1]] : null;
    if (!type) return kinds.page;
    return parts.length === 2 ? kinds.index : type;
  }

  function label(item) {
    var link = item.querySelector("a.md-search-result__link");
    var article = link && link.querySelector("article");
    if (!article || article.querySelector(".semikb-search-kind")) return;
    var kind = document.createElement("span");
    kind.className = "semikb-search-kind";
    kind.textContent = kindOf(link.href);
    article.insertBefore(kind, article.querySelector("h1") || article.firstChild);
  }

  var observed = null;
  function attach() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list === observed) return;
    observed = list;
    Array.prototype.forEach.call(list.children, label);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        Array.prototype.forEach.call(record.addedNodes, function (node) {
          if (node.nodeType === 1 && node.classList.contains("md-search-result__item")) label(node);
        });
      });
    }).observe(list, { childList: true });
  }
  attach();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(attach);
  }
})();
