// The preview's problem banner: added to pages only under `semikb serve` / `mkdocs serve`.
//
// After every rebuild the semikb plugin writes problems.json beside this script: the
// problems of the last save (file:line:col: message) and the warnings of the build.
// While the list is not empty, every page shows it at its top; the pages themselves are
// the last valid version. Live reload reloads the page after each rebuild, so the banner
// appears and goes away with the saves that cause and fix it.
(function () {
  "use strict";

  var script = document.currentScript;
  var problemsUrl = new URL("problems.json", script ? script.src : window.location.href).href;

  function banner(data) {
    var box = document.createElement("div");
    box.className = "semikb-problems";
    box.setAttribute("role", "alert");
    var title = document.createElement("strong");
    title.textContent = data.title;
    var list = document.createElement("ul");
    data.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(list);
    return box;
  }

  function show() {
    fetch(problemsUrl, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        var old = document.querySelector(".semikb-problems");
        if (old) old.remove();
        if (data && data.problems.length) document.body.prepend(banner(data));
      })
      .catch(function () { /* the server is restarting: the next reload shows it */ });
  }

  // Material's instant navigation swaps the page without loading this script again.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(show);
  } else {
    show();
  }
})();
