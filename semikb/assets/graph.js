// The interactive graph page: loads the self-hosted Cytoscape.js only where a graph
// container exists, and re-runs on Material's instant navigation (document$).
//
// The positions come with the data (laid out at build time so that no two labels
// overlap: semikb/graphlayout.py), so nothing is computed here but what is shown: the
// main entities first (the most important, "core" of graph.json), every entity on
// request, filters by type and relation, and a search by any name of an entity that
// centres the graph on it and its neighbours. A label that would still overlap another
// (a font wider than the build's estimate) is hidden, the less important one first.
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : location.href;
  var LIBRARY = new URL("vendor/cytoscape-3.35.0.min.js", here).href;
  var FONT = 12; // the labels' size at zoom 1, as in graphlayout.py
  var READABLE = 1; // the least zoom of a view chosen for the reader: 12 px labels
  var loading = null;

  function loadLibrary() {
    if (window.cytoscape) return Promise.resolve(window.cytoscape);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = LIBRARY;
        script.onload = function () { resolve(window.cytoscape); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function normal(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  // The page's colours as Cytoscape reads them: rgb() or rgba(), whatever the CSS
  // variable holds (Material writes hsla() with "deg" and #rrggbbaa).
  function colours(container) {
    var probe = document.createElement("span");
    container.parentNode.insertBefore(probe, container);
    function resolve(name, fallback) {
      probe.style.color = fallback;
      probe.style.color = "var(" + name + ", " + fallback + ")";
      return getComputedStyle(probe).color;
    }
    var style = getComputedStyle(container);
    var result = {
      text: style.color,
      font: style.fontFamily,
      background: resolve("--md-default-bg-color", "#fff"),
      edge: resolve("--md-default-fg-color--lighter", "#9e9e9e"),
      accent: resolve("--md-typeset-a-color", "#283593")
    };
    probe.remove();
    return result;
  }

  function styles(c) {
    return [
      { selector: "node", style: {
        "background-color": "data(color)", width: "data(size)", height: "data(size)",
        label: "data(text)", "font-size": FONT, "font-family": c.font, color: c.text,
        "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": "1000px", "line-height": 1.25,
        "text-background-color": c.background, "text-background-opacity": 0.8,
        "text-background-shape": "roundrectangle", "text-background-padding": "1px",
        "min-zoomed-font-size": 6
      } },
      { selector: "edge", style: {
        width: 1, "line-color": c.edge, opacity: 0.8, "curve-style": "unbundled-bezier",
        "control-point-distances": "data(bow)", "control-point-weights": 0.5,
        "target-arrow-shape": "triangle", "target-arrow-color": c.edge, "arrow-scale": 0.6
      } },
      { selector: "node.semikb-faded", style: { opacity: 0.25 } },
      { selector: "edge.semikb-faded", style: { opacity: 0.1 } },
      { selector: "node.semikb-focus", style: {
        "border-width": 3, "border-color": c.accent, "font-weight": "bold", "z-index": 10
      } },
      { selector: "node.semikb-near", style: { "z-index": 5 } },
      { selector: "edge.semikb-near", style: {
        width: 2, "line-color": c.accent, "target-arrow-color": c.accent, opacity: 1, "z-index": 4
      } },
      { selector: "node.semikb-nolabel", style: { "text-opacity": 0, "text-background-opacity": 0 } },
      { selector: ".semikb-hidden", style: { display: "none" } }
    ];
  }

  function render(container) {
    container.dataset.ready = "loading";
    var source = new URL(container.dataset.src, location.href);
    Promise.all([loadLibrary(), fetch(source).then(function (r) { return r.json(); })]).then(function (results) {
      var cytoscape = results[0], data = results[1];
      var core = data.core || 0;
      // A node's URL is relative to the graph page (not to graph.json).
      var elements = data.nodes.map(function (n) {
        return { group: "nodes", position: { x: n.x, y: n.y }, data: {
          id: n.id, name: n.label, text: n.lines ? n.lines.join("\n") : n.label, type: n.type,
          url: new URL(n.url, location.href).href, color: n.color, size: n.size, rank: n.rank,
          keys: [n.label].concat(n.names || []).map(normal)
        } };
      });
      var at = {};
      data.nodes.forEach(function (n) { at[n.id] = n; });
      elements = elements.concat(data.edges.map(function (e, i) {
        // Every edge bowed a little to its left: two edges along one row of nodes, or
        // both ways between two nodes, stay apart.
        var a = at[e.source], b = at[e.target];
        var bow = Math.round(0.12 * Math.sqrt(Math.pow(b.x - a.x, 2) + Math.pow(b.y - a.y, 2)));
        return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, property: e.property, label: e.label, bow: bow } };
      }));
      var graph = cytoscape({
        container: container,
        elements: elements,
        style: styles(colours(container)),
        layout: { name: "preset", fit: false },
        minZoom: 0.05, maxZoom: 4,
        autoungrabify: true, autounselectify: true, boxSelectionEnabled: false,
        hideEdgesOnViewport: data.nodes.length > 1500
      });
      graph.on("tap", "node", function (event) { location.href = event.target.data("url"); });
      var view = new View(container, graph, core);
      container.semikbGraph = graph;
      container.semikbView = view;
      container.dataset.nodes = String(graph.nodes().length);
      container.dataset.core = String(core);
      view.bind();
      view.update(true);
      container.dataset.ready = "true";
      // The palette toggle changes the page's colours: the canvas follows.
      new MutationObserver(function () { graph.style(styles(colours(container))); })
        .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    });
  }

  function View(container, graph, core) {
    this.container = container;
    this.graph = graph;
    this.core = core;
    this.page = container.closest("article") || document;
    this.focus = null;
  }

  View.prototype.control = function (selector) { return this.page.querySelector(selector); };

  View.prototype.bind = function () {
    var self = this, page = this.page;
    page.querySelectorAll(".semikb-graph-filters input, .semikb-graph-filters select, .semikb-graph-view input")
      .forEach(function (input) { input.addEventListener("change", function () { self.update(true); }); });
    var find = this.control("#semikb-graph-find");
    if (find) {
      var list = this.control("#semikb-graph-names");
      if (list) {
        var names = this.graph.nodes().map(function (n) { return n.data("name"); }).sort();
        list.replaceChildren.apply(list, names.map(function (name) {
          var option = document.createElement("option");
          option.value = name;
          return option;
        }));
      }
      var timer = null;
      find.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { self.find(find.value); }, 250);
      });
      find.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); self.find(find.value); }
        if (event.key === "Escape") { find.value = ""; self.find(""); }
      });
    }
    var reset = this.control(".semikb-graph-reset");
    if (reset) reset.addEventListener("click", function () { self.reset(); });
  };

  // The best match of a name: exact, then a name that starts with it, then a word that
  // does, then a name that holds it; the more important entity first among equals.
  View.prototype.match = function (query) {
    var q = normal(query);
    if (!q) return null;
    var best = null, bestScore = Infinity;
    this.graph.nodes().forEach(function (node) {
      var keys = node.data("keys"), score = Infinity;
      for (var i = 0; i < keys.length; i++) {
        var key = keys[i], s = Infinity;
        if (key === q) s = 0;
        else if (key.indexOf(q) === 0) s = 1;
        else if ((" " + key).indexOf(" " + q) >= 0) s = 2;
        else if (key.indexOf(q) > 0) s = 3;
        if (s < score) score = s;
      }
      if (score === Infinity) return;
      score = score * 1e6 + node.data("rank");
      if (score < bestScore) { best = node; bestScore = score; }
    });
    return best;
  };

  View.prototype.find = function (query) {
    var node = this.match(query);
    this.focus = node;
    this.update(true);
    if (!node && normal(query)) {
      this.say(format(this.container.dataset.textNone, { query: query.trim() }));
    }
  };

  View.prototype.reset = function () {
    var page = this.page;
    page.querySelectorAll('.semikb-graph-filters input[name="type"]').forEach(function (box) { box.checked = true; });
    var select = page.querySelector('.semikb-graph-filters select[name="relation"]');
    if (select) select.value = "";
    var main = page.querySelector('.semikb-graph-view input[value="main"]');
    if (main) main.checked = true;
    var find = this.control("#semikb-graph-find");
    if (find) find.value = "";
    this.focus = null;
    this.update(true);
  };

  View.prototype.state = function () {
    var types = {};
    this.page.querySelectorAll('.semikb-graph-filters input[name="type"]').forEach(function (box) { types[box.value] = box.checked; });
    var select = this.page.querySelector('.semikb-graph-filters select[name="relation"]');
    var all = this.page.querySelector('.semikb-graph-view input[value="all"]');
    return { types: types, relation: select ? select.value : "", all: !!(all && all.checked) };
  };

  View.prototype.update = function (move) {
    var graph = this.graph, core = this.core, state = this.state(), focus = this.focus;
    var near = focus ? focus.closedNeighborhood() : graph.collection();
    var shown = graph.nodes().filter(function (n) {
      if (near.has(n)) return true;
      return state.types[n.data("type")] !== false && (state.all || n.data("rank") < core);
    });
    var shownEdges = shown.connectedEdges().filter(function (e) {
      if (!shown.has(e.source()) || !shown.has(e.target())) return false;
      return state.relation === "" || e.data("property") === state.relation || (focus && near.has(e));
    });
    graph.batch(function () {
      graph.elements().removeClass("semikb-focus semikb-near semikb-faded");
      graph.nodes().not(shown).addClass("semikb-hidden");
      shown.removeClass("semikb-hidden");
      graph.edges().not(shownEdges).addClass("semikb-hidden");
      shownEdges.removeClass("semikb-hidden");
      if (focus) {
        focus.addClass("semikb-focus");
        near.addClass("semikb-near");
        shown.not(near).addClass("semikb-faded");
        shownEdges.not(near).addClass("semikb-faded");
      }
    });
    this.declutter(shown, near);
    this.container.dataset.visibleNodes = String(shown.length);
    this.container.dataset.visibleEdges = String(shownEdges.length);
    this.container.dataset.focus = focus ? focus.id() : "";
    if (move) this.move(focus ? near.nodes() : shown.filter(function (n) { return n.data("rank") < core; }), focus);
    this.describe(shown, focus, near);
  };

  // Hide the labels that would overlap one already shown, in order of importance (the
  // focused entity and its neighbours first): a safety net under the build's layout.
  View.prototype.declutter = function (shown, near) {
    var CELL = 120, grid = {}, hidden = 0, accepted = [];
    var order = shown.toArray().sort(function (a, b) {
      var na = near.has(a) ? 0 : 1, nb = near.has(b) ? 0 : 1;
      return na - nb || a.data("rank") - b.data("rank");
    });
    var options = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false };
    this.graph.batch(function () {
      order.forEach(function (node) {
        var box = node.boundingBox(options);
        var x0 = Math.floor(box.x1 / CELL), x1 = Math.floor(box.x2 / CELL);
        var y0 = Math.floor(box.y1 / CELL), y1 = Math.floor(box.y2 / CELL);
        var clash = false, x, y, cell, i;
        for (x = x0; x <= x1 && !clash; x++) {
          for (y = y0; y <= y1 && !clash; y++) {
            cell = grid[x + "," + y] || [];
            for (i = 0; i < cell.length; i++) {
              var other = accepted[cell[i]];
              if (box.x1 < other.x2 && other.x1 < box.x2 && box.y1 < other.y2 && other.y1 < box.y2) { clash = true; break; }
            }
          }
        }
        node.toggleClass("semikb-nolabel", clash);
        if (clash) { hidden++; return; }
        accepted.push(box);
        for (x = x0; x <= x1; x++) {
          for (y = y0; y <= y1; y++) (grid[x + "," + y] = grid[x + "," + y] || []).push(accepted.length - 1);
        }
      });
    });
    this.container.dataset.hiddenLabels = String(hidden);
  };

  // Show ``nodes`` whole if their labels can be read so; otherwise centre on the most
  // important of them (the focused entity) at a readable zoom.
  View.prototype.move = function (nodes, focus) {
    var graph = this.graph;
    if (!nodes.length) return;
    graph.fit(nodes, 24);
    if (graph.zoom() > 1.5) graph.zoom(1.5);
    if (graph.zoom() < READABLE) {
      var centre = focus || nodes.min(function (n) { return n.data("rank"); }).ele;
      graph.zoom(READABLE);
      graph.center(centre);
    } else {
      graph.center(nodes);
    }
  };

  View.prototype.say = function (text, link) {
    var status = this.control(".semikb-graph-status");
    if (!status) return;
    status.replaceChildren(document.createTextNode(text));
    if (link) {
      status.append(" ");
      var a = document.createElement("a");
      a.href = link.url;
      a.textContent = link.text;
      status.append(a);
    }
  };

  View.prototype.describe = function (shown, focus, near) {
    var d = this.container.dataset;
    if (focus) {
      this.say(format(d.textFocus, { name: focus.data("name"), count: near.nodes().length - 1 }),
        { url: focus.data("url"), text: format(d.textOpen, { name: focus.data("name") }) });
    } else {
      this.say(format(d.textShown, { shown: shown.length, total: this.graph.nodes().length }));
    }
  };

  function init() {
    document.querySelectorAll("#semikb-graph:not([data-ready])").forEach(render);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
