// The timeline's filters: narrow a decade page to the entries that name an entity of
// one type, or an entity whose name contains what the reader types. Without JavaScript
// the form stays hidden and every entry shows. Re-runs on Material's instant navigation.
(function () {
  "use strict";

  // An entry's entities: "type/id" of each link into the knowledge base, with its text.
  function entitiesOf(item, root) {
    var found = [];
    item.querySelectorAll("a[href]").forEach(function (a) {
      if (a.classList.contains("footnote-ref") || a.closest("sup")) return;
      var url = new URL(a.href, location.href);
      if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return;
      var parts = url.pathname.slice(root.pathname.length).split("/");
      if (parts.length >= 2 && parts[0] && parts[1]) {
        found.push({ type: parts[0], id: parts[1], name: a.textContent.toLocaleLowerCase() });
      }
    });
    return found;
  }

  function setUp(form) {
    var root = new URL(form.dataset.root, location.href);
    var days = Array.prototype.slice.call(document.querySelectorAll("p.semikb-day"));
    var entries = [];
    days.forEach(function (day) {
      var list = day.nextElementSibling;
      if (!list || list.tagName !== "UL") return;
      Array.prototype.forEach.call(list.children, function (item) {
        entries.push({ day: day, list: list, item: item, entities: entitiesOf(item, root) });
      });
    });
    var output = form.querySelector("output");
    function apply() {
      var type = form.elements.type.value;
      var text = form.elements.entity.value.trim().toLocaleLowerCase();
      var shown = 0, visibleDays = new Set();
      entries.forEach(function (entry) {
        var match = entry.entities.some(function (e) {
          return (!type || e.type === type) && (!text || e.name.indexOf(text) !== -1 || e.id.indexOf(text) !== -1);
        });
        if (!type && !text) match = true;
        entry.item.hidden = !match;
        if (match) { shown += 1; visibleDays.add(entry.day); }
      });
      days.forEach(function (day) {
        var hidden = !visibleDays.has(day);
        day.hidden = hidden;
        if (day.nextElementSibling && day.nextElementSibling.tagName === "UL") day.nextElementSibling.hidden = hidden;
      });
      document.querySelectorAll(".md-content h2").forEach(function (heading) {
        var next = heading.nextElementSibling, any = false;
        while (next && next.tagName !== "H2" && !next.classList.contains("footnote")) {
          if (next.matches("p.semikb-day") && !next.hidden) any = true;
          next = next.nextElementSibling;
        }
        heading.hidden = !any;
      });
      output.textContent = (type || text) ? form.dataset.shown.replace("{count}", shown).replace("{total}", entries.length) : "";
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll("form.semikb-timeline-filter").forEach(setUp);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else init();
})();
