// Material's search worker with semikb's changes (see semikb/search.py). The page's
// search-on-demand.js starts this script instead of Material's worker, whose address it
// passes as ?material=; it is served beside it (assets/javascripts/workers/), where
// Material's worker finds its language scripts (../lunr/).
//
// - Queries, before Material reads them:
//   - runs of kana are cut as lunr's Japanese segmenter cut them in the index
//     (なかそね → なか そね), since Material only cuts the index's text;
//   - every word without Han characters is also looked up as an exact term with a
//     higher weight, so that a page named "Japan" or 일본 outranks the pages with rarer
//     words that merely begin with it (Japanese, 일본의, 일본정부);
//   - a mark (U+2E80, which the separator removes) follows every run of Han characters:
//     Material looks a Han run up as the index's words it contains but never keeps the
//     run's last character, so 日本 was looked up as 日 (every page with 日…).
// - lunr's token set (the index's vocabulary for wildcard and exact look-ups) is built
//   without its bug that merged different states whose edges are digits: a look-up of
//   "1" then found words that are not in the index and the search failed.
(function () {
  "use strict";
  var QUERY = 2; // Material's SearchMessageType.QUERY
  var MARK = "\u2e80";
  var EXACT = "^10";
  var HAN = /\p{sc=Han}+/gu;
  var HAS_HAN = /\p{sc=Han}/u;
  var KANA = /[\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\uff66-\uff9f]+/g;

  function segmented(word) {
    var segmenter = self.lunr && self.lunr.segmenter;
    if (!segmenter || /[*^~:+\-]/.test(word)) return [word];
    return word
      .replace(KANA, function (run) { return " " + segmenter.segment(run).join(" ") + " "; })
      .split(/\s+/)
      .filter(Boolean);
  }

  // lunr reads "field:term"; a colon that does not name a field (a title such as
  // "AI-RAN: 16-Layer MU-MIMO") made the whole query fail, with no results at all.
  var FIELDS = /^(title|text|tags|names)$/;

  function colons(word) {
    var at = word.indexOf(":");
    if (at < 0) return word;
    var field = word.slice(0, at).replace(/^[+-]/, "");
    if (at > 0 && at < word.length - 1 && FIELDS.test(field)) return word;
    return word.replace(/:/g, " ");
  }

  function rewrite(query) {
    // Quotes are read as they are typed in a title: Material would make each quoted word
    // required, and a word the index splits otherwise (12월) then failed the whole query.
    query = query.replace(/["\u201c\u201d]/g, " ");
    var words = query.split(/\s+/).map(colons).join(" ").split(/\s+/).filter(Boolean);
    words = words.reduce(function (out, word) {
      segmented(word).forEach(function (piece) {
        out.push(piece);
        if (!HAS_HAN.test(piece) && !/^[+-]|[*^~:]/.test(piece)) out.push(piece + EXACT);
      });
      return out;
    }, []);
    return words.join(" ").replace(HAN, "$&" + MARK);
  }

  // Before Material's own listener, which importScripts adds: listeners run in order and
  // share the event's data.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === QUERY && typeof message.data === "string") {
      message.data = rewrite(message.data);
    }
  });

  var material = new URL(self.location.href).searchParams.get("material");
  if (!material || !/^search\.[\w.]+\.js$/.test(material)) throw new Error("semikb: no search worker");
  importScripts(material);

  var lunr = self.lunr;
  if (lunr && lunr.TokenSet) {
    lunr.TokenSet.prototype.toString = function () {
      if (this._str) return this._str;
      var str = this.final ? "1" : "0";
      var labels = Object.keys(this.edges).sort();
      for (var i = 0; i < labels.length; i++) {
        str += labels[i] + this.edges[labels[i]].id + ",";
      }
      return str;
    };
  }
})();
