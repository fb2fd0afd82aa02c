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
// - Results: a page whose title or name is what was typed, letter for letter (case, width,
//   spaces and punctuation aside; an entity page's other names are in its entry's
//   "exact" list), comes before the pages that merely share words with it, in lunr's
//   order among themselves (an entity before a source of the same title), even where
//   lunr left it out. A source's title was otherwise outranked by every entity with a
//   word of it in a name, and a headline's "-media" excluded the headline.
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

  var SETUP = 0; // Material's SearchMessageType.SETUP
  var RESULT = 3; // Material's SearchMessageType.RESULT

  // Letters and digits only, in one case and one width: "TSMC", "tsmc" and "ＴＳＭＣ" are
  // the same title, and so are "U.S.–Japan" and "U.S.-Japan" (search.letters in Python).
  function letters(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  // Each page's title and names in letters → the page (its entry in the index), made
  // from the index Material is set up with.
  var named = new Map();
  var ESCAPED = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
  function unescaped(html) {
    return html.replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (e) { return ESCAPED[e]; });
  }
  function learnNames(docs) {
    named = new Map();
    (docs || []).forEach(function (doc) {
      if (!doc || typeof doc.location !== "string" || doc.location.indexOf("#") >= 0) return;
      [letters(unescaped(String(doc.title || "")))].concat(doc.exact || []).forEach(function (key) {
        if (!key) return;
        if (!named.has(key)) named.set(key, []);
        if (named.get(key).indexOf(doc) < 0) named.get(key).push(doc);
      });
    });
  }

  // The pages named exactly as typed first, in lunr's order, then those lunr left out (a
  // "-word" in a headline excludes the word), then the rest.
  function exactFirst(groups, typed) {
    var pages = named.get(letters(typed)) || [];
    if (!pages.length) return groups;
    var locations = pages.map(function (doc) { return doc.location; });
    var first = [];
    var rest = [];
    groups.forEach(function (group) {
      var at = locations.indexOf(group[0] && group[0].location.split("#")[0]);
      if (at < 0) return rest.push(group);
      first.push(group);
      locations[at] = null;
    });
    pages.forEach(function (doc, at) {
      if (locations[at] !== null) first.push([Object.assign({}, doc, { score: 0, terms: {} })]);
    });
    return first.concat(rest);
  }

  // Material answers each query with one result, in order: the typed queries wait here
  // for theirs.
  var typed = [];
  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && typed.length) {
      var query = typed.shift();
      if (message.data && Array.isArray(message.data.items)) {
        message.data.items = exactFirst(message.data.items, query);
      }
    }
    return post.apply(null, arguments);
  };

  // Before Material's own listener, which importScripts adds: listeners run in order and
  // share the event's data.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === SETUP && message.data) learnNames(message.data.docs);
    if (message && message.type === QUERY && typeof message.data === "string") {
      typed.push(message.data);
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
