// inkstone's search, the browser's side of crates/search: loaded by inkstone.js the first time
// the search box is used. It fetches the index's meta.json, then for each word of a query only
// the chunk of the index holding it, and for each result shown the table naming its fragment
// and the fragment (title, URL, text for the excerpt).
// Queries are split into terms exactly as crates/search/src/tokens.rs splits pages (a test runs
// both over the same words): letters and digits in a row are a word, English words are
// stemmed (Porter2), and Chinese, Japanese and Korean text becomes pairs of characters.
(function () {
  "use strict";

  // ---- Porter2 (Snowball English) ----
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes"
  };
  var KEPT_AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var STEP2 = [["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"],
    ["iveness", "ive"], ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"],
    ["ation", "ate"], ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"],
    ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["izer", "ize"],
    ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", "og"], ["li", ""]];
  var STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"],
    ["iciti", "ic"], ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti",
    "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function vowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  function ends(s, suffix) { return s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix; }
  function longest(s, list, pick) {
    for (var i = 0; i < list.length; i++) if (ends(s, pick(list[i]))) return list[i];
    return null;
  }
  // Whether s ends in a short syllable: a vowel between two non-vowels (the last not w, x or
  // Y), or a vowel then a non-vowel making the whole word.
  function shortEnd(s) {
    var n = s.length;
    if (n >= 3 && !vowel(s[n - 1]) && "wxY".indexOf(s[n - 1]) < 0 && vowel(s[n - 2]) && !vowel(s[n - 3])) return true;
    return n === 2 && vowel(s[0]) && !vowel(s[1]);
  }
  // The end of the first vowel-then-non-vowel at or after `from`: where R1 and R2 start.
  function region(s, from) {
    for (var i = from; i < s.length; i++) {
      if (!vowel(s[i])) continue;
      for (var j = i + 1; j < s.length; j++) if (!vowel(s[j])) return j + 1;
      return s.length;
    }
    return s.length;
  }

  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var s = word[0] === "y" ? "Y" + word.slice(1) : word;
    for (var i = 1; i < s.length; i++) {
      if (s[i] === "y" && vowel(s[i - 1])) s = s.slice(0, i) + "Y" + s.slice(i + 1);
    }
    var special = /^(gener|commun|arsen)/.exec(s);
    var p1 = special ? special[0].length : region(s, 0);
    var p2 = region(s, p1);
    var inR1 = function (suffix) { return s.length - suffix.length >= p1; };
    var inR2 = function (suffix) { return s.length - suffix.length >= p2; };

    // Step 1a
    if (ends(s, "sses")) s = s.slice(0, -2);
    else if (ends(s, "ied") || ends(s, "ies")) s = s.slice(0, -3) + (s.length > 4 ? "i" : "ie");
    else if (ends(s, "us") || ends(s, "ss")) { /* kept */ }
    else if (ends(s, "s") && /[aeiouy]/.test(s.slice(0, -2))) s = s.slice(0, -1);
    if (KEPT_AFTER_1A.indexOf(s) >= 0) return s.replace(/Y/g, "y");

    // Step 1b
    var suffix = longest(s, ["eedly", "ingly", "edly", "eed", "ing", "ed"], function (x) { return x; });
    if (suffix === "eed" || suffix === "eedly") {
      if (inR1(suffix)) s = s.slice(0, -suffix.length) + "ee";
    } else if (suffix) {
      var before = s.slice(0, -suffix.length);
      if (/[aeiouy]/.test(before)) {
        s = before;
        if (ends(s, "at") || ends(s, "bl") || ends(s, "iz")) s += "e";
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
        else if (s.length === p1 && shortEnd(s)) s += "e";
      }
    }

    // Step 1c
    if (s.length > 2 && /[yY]$/.test(s) && !vowel(s[s.length - 2])) s = s.slice(0, -1) + "i";

    // Step 2
    var rule = longest(s, STEP2, function (r) { return r[0]; });
    if (rule && inR1(rule[0])) {
      var stemmed = s.slice(0, -rule[0].length);
      if (rule[0] === "ogi") { if (ends(stemmed, "l")) s = stemmed + "og"; }
      else if (rule[0] === "li") { if (/[cdeghkmnrt]$/.test(stemmed)) s = stemmed; }
      else s = stemmed + rule[1];
    }

    // Step 3
    rule = longest(s, STEP3, function (r) { return r[0]; });
    if (rule && inR1(rule[0]) && (rule[0] !== "ative" || inR2(rule[0]))) {
      s = s.slice(0, -rule[0].length) + rule[1];
    }

    // Step 4
    suffix = longest(s, STEP4, function (x) { return x; });
    if (suffix && inR2(suffix)) {
      if (suffix !== "ion") s = s.slice(0, -suffix.length);
      else if (/[st]ion$/.test(s)) s = s.slice(0, -3);
    }

    // Step 5
    if (ends(s, "e")) {
      if (inR2("e") || (inR1("e") && !shortEnd(s.slice(0, -1)))) s = s.slice(0, -1);
    } else if (ends(s, "ll") && inR2("l")) {
      s = s.slice(0, -1);
    }
    return s.replace(/Y/g, "y");
  }

  // ---- Terms, as crates/search/src/tokens.rs makes them ----
  var MAX_WORD_CHARS = 40;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  function cjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
      (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0x20000 && cp <= 0x2FA1F);
  }

  // The pieces of a text: {word} runs (lowercased) and {cjk} runs, in order.
  function pieces(text) {
    var out = [];
    var word = "";
    var run = [];
    function flush() {
      if (word) out.push({ word: word });
      if (run.length) out.push({ cjk: run });
      word = ""; run = [];
    }
    for (var c of text) {
      var cp = c.codePointAt(0);
      if (cjk(cp)) {
        if (word) { out.push({ word: word }); word = ""; }
        run.push(c);
      } else if (WORD_CHAR.test(c)) {
        if (run.length) { out.push({ cjk: run }); run = []; }
        word += c.toLowerCase();
      } else {
        flush();
      }
    }
    flush();
    return out;
  }

  function wordTerm(word, stemmed) {
    if (Array.from(word).length > MAX_WORD_CHARS) return null;
    return stemmed && /^[a-z]+$/.test(word) ? stem(word) : word;
  }

  function pairs(run) {
    if (run.length === 1) return [run[0]];
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
    return out;
  }

  // Every term of a text, as the index made them (for the agreement test).
  function terms(text, stemmed) {
    var out = [];
    pieces(text).forEach(function (p) {
      if (p.word) { var t = wordTerm(p.word, stemmed); if (t !== null) out.push(t); }
      else out.push.apply(out, pairs(p.cjk));
    });
    return out;
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { stem: stem, terms: terms };
  }
  if (typeof document === "undefined") return;

  // ---- The index ----
  var box = document.querySelector(".site-search");
  if (!box || box.dataset.ready === "search") return;
  box.dataset.ready = "search";
  var base = box.dataset.index;
  var metaLoad = null;
  var chunks = {};
  var fragments = {};
  var tables = {};

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function meta() {
    if (!metaLoad) {
      metaLoad = fetch(base + "meta.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("meta.json: " + r.status);
        return r.json();
      }).then(function (m) {
        if (m.format !== 2) throw new Error("unknown index format " + m.format);
        return m;
      });
      metaLoad.catch(function () { metaLoad = null; });
    }
    return metaLoad;
  }

  // Code-point order, which is the byte order the index's terms are sorted in.
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }

  function readVarint(bytes, at) {
    var n = 0, shift = 0, b;
    do {
      b = bytes[at.i++];
      n += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b & 0x80);
    return n;
  }

  // A chunk's entries: [{term, ids, scores}], terms front-coded as crates/search writes them.
  function decode(buffer) {
    var bytes = new Uint8Array(buffer);
    var utf8 = new TextDecoder();
    var at = { i: 0 };
    var entries = [];
    var previous = new Uint8Array(0);
    while (at.i < bytes.length) {
      var shared = readVarint(bytes, at);
      var length = readVarint(bytes, at);
      var termBytes = new Uint8Array(shared + length);
      termBytes.set(previous.subarray(0, shared));
      termBytes.set(bytes.subarray(at.i, at.i + length), shared);
      at.i += length;
      var count = readVarint(bytes, at);
      var ids = new Uint32Array(count), scores = new Uint8Array(count), id = 0;
      for (var k = 0; k < count; k++) {
        id += readVarint(bytes, at);
        ids[k] = id;
        scores[k] = bytes[at.i++];
      }
      entries.push({ term: utf8.decode(termBytes), ids: ids, scores: scores });
      previous = termBytes;
    }
    return entries;
  }

  function chunk(m, n) {
    if (!chunks[n]) {
      chunks[n] = fetch(base + "i/" + n + ".bin?v=" + m.build).then(function (r) {
        if (!r.ok) throw new Error("chunk " + n + ": " + r.status);
        return r.arrayBuffer();
      }).then(decode);
      chunks[n].catch(function () { delete chunks[n]; });
    }
    return chunks[n];
  }

  // The chunk a term sorts into: the last whose first term is not after it.
  function chunkOf(m, term) {
    var lo = 0, hi = m.chunks.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(m.chunks[mid], term) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // Pages holding `term` (or, with `prefix`, any term starting with it; at most three chunks
  // are read for a prefix): a map of page id → score.
  function lookup(m, term, prefix) {
    var first = chunkOf(m, term);
    var last = first;
    if (prefix) {
      while (last + 1 < m.chunks.length && last - first < 2 && m.chunks[last + 1].indexOf(term) === 0) last++;
    }
    var loads = [];
    for (var n = first; n <= last; n++) loads.push(chunk(m, n));
    return Promise.all(loads).then(function (lists) {
      var scores = new Map();
      lists.forEach(function (entries) {
        entries.forEach(function (e) {
          var exact = e.term === term;
          if (!exact && !(prefix && e.term.indexOf(term) === 0)) return;
          // A longer word the typed letters begin counts less than the word itself.
          var weight = exact ? 1 : 0.6;
          for (var k = 0; k < e.ids.length; k++) {
            var s = e.scores[k] * weight;
            if (!(scores.get(e.ids[k]) >= s)) scores.set(e.ids[k], s);
          }
        });
      });
      return scores;
    });
  }

  // A query → groups of alternatives; a page must match one alternative of every group.
  function queryGroups(query, stemmed) {
    var groups = [];
    var list = pieces(query);
    var typing = !/\s$/.test(query);
    list.forEach(function (p, n) {
      var last = typing && n === list.length - 1;
      if (p.word) {
        var t = wordTerm(p.word, stemmed);
        if (t === null) return;
        var group = [{ term: t, prefix: false }];
        if (last) group.push({ term: p.word, prefix: true });
        groups.push(group);
      } else if (p.cjk.length === 1) {
        groups.push([{ term: p.cjk[0], prefix: true }]);
      } else {
        pairs(p.cjk).forEach(function (pair) { groups.push([{ term: pair, prefix: false }]); });
      }
    });
    return groups;
  }

  function search(query) {
    return meta().then(function (m) {
      var groups = queryGroups(query, !!m.stemmer);
      if (!groups.length) return { meta: m, ids: [] };
      return Promise.all(groups.map(function (group) {
        return Promise.all(group.map(function (alt) { return lookup(m, alt.term, alt.prefix); }))
          .then(function (maps) {
            var best = new Map();
            maps.forEach(function (scores) {
              scores.forEach(function (s, id) { if (!(best.get(id) >= s)) best.set(id, s); });
            });
            return best;
          });
      })).then(function (perGroup) {
        perGroup.sort(function (a, b) { return a.size - b.size; });
        var total = new Map(perGroup[0]);
        for (var g = 1; g < perGroup.length; g++) {
          total.forEach(function (s, id) {
            var more = perGroup[g].get(id);
            if (more === undefined) total.delete(id); else total.set(id, s + more);
          });
        }
        var ids = Array.from(total.keys());
        ids.sort(function (a, b) { return total.get(b) - total.get(a) || a - b; });
        return { meta: m, ids: ids };
      });
    });
  }

  // Page ids → their fragments' names, a table per TABLE pages.
  function table(m, k) {
    if (!tables[k]) {
      tables[k] = getJSON(base + "p/" + k + ".json?v=" + m.build);
      tables[k].catch(function () { delete tables[k]; });
    }
    return tables[k];
  }

  function fragment(m, id) {
    if (!fragments[id]) {
      var k = Math.floor(id / m.table);
      fragments[id] = table(m, k).then(function (names) {
        return getJSON(base + "f/" + names[id - k * m.table] + ".json?v=" + m.build);
      });
      fragments[id].catch(function () { delete fragments[id]; });
    }
    return fragments[id];
  }

  // ---- Showing results ----
  var input = box.querySelector(".search-input");
  var panel = box.querySelector(".search-results");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-list");
  var more = box.querySelector(".search-more");
  var PAGE = 6;
  var current = { seq: 0, ids: [], shown: 0, meta: null, query: "" };

  function plural(n) {
    var text = n === 1 ? box.dataset.resultsOne : box.dataset.resultsOther;
    return (text || String(n)).replace(/\{\{\s*\.Count\s*\}\}/g, String(n));
  }

  // Where in `text` the query's words are: [start, end] pairs, in order.
  function matches(text, query, stemmed) {
    var found = [];
    var words = [], prefixes = [], runs = [];
    pieces(query).forEach(function (p) {
      if (p.word) { words.push(wordTerm(p.word, stemmed)); prefixes.push(p.word); }
      else runs.push(p.cjk.join(""));
    });
    var re = /[\p{Alphabetic}\p{N}]+/gu, m;
    if (words.length) {
      while ((m = re.exec(text))) {
        var lower = m[0].toLowerCase();
        var t = wordTerm(lower, stemmed);
        var hit = words.indexOf(t) >= 0 || prefixes.some(function (p) { return lower.indexOf(p) === 0; });
        if (hit) found.push([m.index, m.index + m[0].length]);
      }
    }
    runs.forEach(function (run) {
      for (var at = text.indexOf(run); at >= 0; at = text.indexOf(run, at + run.length)) {
        found.push([at, at + run.length]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    return found;
  }

  // `text` into `parent`, the parts in `marks` as <mark>.
  function marked(parent, text, marks, offset) {
    var at = 0;
    marks.forEach(function (r) {
      var start = r[0] - offset, end = r[1] - offset;
      if (start < at || end > text.length) return;
      parent.appendChild(document.createTextNode(text.slice(at, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      at = end;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function excerpt(text, found) {
    var WIDTH = 170;
    var start = found.length ? Math.max(0, found[0][0] - 50) : 0;
    if (start > 0) {
      var space = text.lastIndexOf(" ", start);
      if (space > start - 20) start = space + 1;
    }
    var end = Math.min(text.length, start + WIDTH);
    var space2 = text.indexOf(" ", end);
    if (space2 >= 0 && space2 < end + 20) end = space2;
    return { start: start, end: end };
  }

  function item(m, f, query) {
    var stemmed = !!m.stemmer;
    var found = matches(f.text, query, stemmed);
    var heading = null;
    if (found.length) {
      f.headings.forEach(function (h) { if (h[0] <= found[0][0]) heading = h; });
    }
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = f.url + (heading ? "#" + encodeURIComponent(heading[1]) : "");
    var title = document.createElement("span");
    title.className = "search-title";
    marked(title, f.title || f.url, matches(f.title || "", query, stemmed), 0);
    a.appendChild(title);
    var where = [f.section, heading ? heading[2] : "", f.date].filter(Boolean).join(" · ");
    if (where) {
      var w = document.createElement("span");
      w.className = "search-where";
      w.textContent = where;
      a.appendChild(w);
    }
    if (f.text) {
      var cut = excerpt(f.text, found);
      var p = document.createElement("span");
      p.className = "search-excerpt";
      var shown = f.text.slice(cut.start, cut.end);
      if (cut.start > 0) p.appendChild(document.createTextNode("… "));
      marked(p, shown, found.filter(function (r) { return r[0] >= cut.start && r[1] <= cut.end; }), cut.start);
      if (cut.end < f.text.length) p.appendChild(document.createTextNode(" …"));
      a.appendChild(p);
    }
    li.appendChild(a);
    return li;
  }

  function showMore() {
    var seq = current.seq, m = current.meta;
    var ids = current.ids.slice(current.shown, current.shown + PAGE);
    current.shown += ids.length;
    more.hidden = true;
    return Promise.all(ids.map(function (id) { return fragment(m, id); })).then(function (fs) {
      if (seq !== current.seq) return;
      fs.forEach(function (f) { list.appendChild(item(m, f, current.query)); });
      more.hidden = current.shown >= current.ids.length;
    });
  }

  function fail() {
    status.textContent = box.dataset.unavailable || "";
    list.replaceChildren();
    more.hidden = true;
  }

  function run() {
    var query = input.value.trim() ? input.value : "";
    var seq = ++current.seq;
    if (!query) {
      panel.hidden = true;
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    search(query).then(function (r) {
      if (seq !== current.seq) return;
      current.ids = r.ids; current.meta = r.meta; current.shown = 0; current.query = query;
      list.replaceChildren();
      panel.hidden = false;
      status.textContent = r.ids.length
        ? plural(r.ids.length)
        : (box.dataset.noResults || "").replace(/\{\{\s*\.Query\s*\}\}/g, query.trim());
      return showMore();
    }).catch(function () { if (seq === current.seq) { panel.hidden = false; fail(); } });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  more.addEventListener("click", function () {
    var next = list.children.length;
    showMore().then(function () {
      var link = list.children[next] && list.children[next].querySelector("a");
      if (link) link.focus();
    });
  });
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  box.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      if (!panel.hidden) { panel.hidden = true; input.focus(); }
      else { input.value = ""; input.blur(); }
      event.preventDefault();
    } else if (event.key === "ArrowDown" && all.length) {
      (all[at + 1] || all[0]).focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && all.length) {
      if (at <= 0) input.focus(); else all[at - 1].focus();
      event.preventDefault();
    }
  });
  input.addEventListener("focus", function () { if (list.children.length) panel.hidden = false; });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) panel.hidden = true;
  });
  if (input.value) run();
})();
