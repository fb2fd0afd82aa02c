// The interactive graph page: loads the self-hosted Cytoscape.js only where a graph
// container exists, and re-runs on Material's instant navigation (document$).
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : location.href;
  var LIBRARY = new URL("vendor/cytoscape-3.35.0.min.js", here).href;
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

  function render(container) {
    var source = new URL(container.dataset.src, location.href);
    Promise.all([loadLibrary(), fetch(source).then(function (r) { return r.json(); })]).then(function (results) {
      var cytoscape = results[0], data = results[1];
      var elements = data.nodes.map(function (n) {
        return { group: "nodes", data: { id: n.id, label: n.label, type: n.type, url: new URL(n.url, source).href, color: n.color } };
      }).concat(data.edges.map(function (e, i) {
        return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, property: e.property, label: e.label } };
      }));
      var graph = cytoscape({
        container: container,
        elements: elements,
        style: [
          { selector: "node", style: { "background-color": "data(color)", label: "data(label)", "font-size": 9, color: getComputedStyle(container).color, "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14 } },
          { selector: "edge", style: { width: 1, "line-color": "#9e9e9e", "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "#9e9e9e", "arrow-scale": 0.6 } },
          { selector: ".semikb-hidden", style: { display: "none" } }
        ],
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70 }
      });
      graph.on("tap", "node", function (event) { location.href = event.target.data("url"); });
      container.semikbGraph = graph;
      container.dataset.ready = "true";
      container.dataset.nodes = String(graph.nodes().length);
      bindFilters(container, graph);
    });
  }

  function bindFilters(container, graph) {
    var page = container.closest("article") || document;
    function apply() {
      var types = {};
      page.querySelectorAll('.semikb-graph-filters input[name="type"]').forEach(function (box) { types[box.value] = box.checked; });
      var select = page.querySelector('.semikb-graph-filters select[name="relation"]');
      var relation = select ? select.value : "";
      graph.batch(function () {
        graph.nodes().forEach(function (n) { n.toggleClass("semikb-hidden", types[n.data("type")] === false); });
        graph.edges().forEach(function (e) { e.toggleClass("semikb-hidden", relation !== "" && e.data("property") !== relation); });
      });
      // Counted from the classes, not ":visible": Cytoscape restyles on the next frame.
      var shown = graph.nodes().not(".semikb-hidden");
      var shownEdges = graph.edges().not(".semikb-hidden").filter(function (e) {
        return !e.source().hasClass("semikb-hidden") && !e.target().hasClass("semikb-hidden");
      });
      container.dataset.visibleNodes = String(shown.length);
      container.dataset.visibleEdges = String(shownEdges.length);
    }
    page.querySelectorAll(".semikb-graph-filters input, .semikb-graph-filters select").forEach(function (input) {
      input.addEventListener("change", apply);
    });
    apply();
  }

  function init() {
    document.querySelectorAll("#semikb-graph:not([data-ready])").forEach(render);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
