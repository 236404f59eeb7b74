// Full-text search over the Pagefind indexes that the build writes, one per volume
// (<volume>/pagefind/), so that a correction re-indexes one volume.
//
// A query never asks every volume: the build also writes a word map (search/, see
// pipeline/publish/wordmap.py) that names, for each word as Pagefind indexes it
// (stemmed by stem.js, as Pagefind stems), the volumes that hold it. The page reads
// search/volumes.json once and, with it, per query word the one map file of the word's
// first letters; then it loads the indexes of the volumes that hold every word only, a
// few at a time (edition order), the others a click away. So a name in one volume finds
// no fragments of it in the others, and a query costs the same at 550 volumes as at 5.
// The first answer stops at a volume in which many documents hold every word (the map
// marks them): that volume alone gives more than a reader goes through, so a common
// word costs no more than a rare one.
//
// Progressive enhancement: search.html is readable without this script (it points to
// the volumes' indexes instead). The form is revealed only once volumes.json has loaded,
// which fails when JavaScript is off or the site is opened from disk (file://), so in
// both cases the explanation stays on screen. A classic script (not a module) so that
// it also runs, and fails gracefully, from file://.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("search-form");
  if (!script || !form || typeof editionStem !== "function") return;

  var input = document.getElementById("q");
  var volumeSelect = document.getElementById("f-volume");
  var yearSelect = document.getElementById("f-year");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var next = document.getElementById("search-next");
  var fallback = document.getElementById("search-fallback");
  // assets/ sits directly below the site root.
  var siteRoot = new URL("../", script.src);
  var AT_ONCE = 8; // volumes whose indexes a query loads at most; "more" loads as many again
  // results listed at a time: each costs a request for its excerpt, made before the
  // count is shown, so a common word's first answer waits for these few only
  var SHOWN = 10;
  var options = { excerptLength: 24 };

  var volumes = []; // search/volumes.json: id, title, documents, years
  var prefix = Number(script.dataset.prefix) || 3; // a map file holds the words that start with these many letters
  var dense = Infinity; // (volumes.json) documents that make a volume's answer enough alone
  var mapFiles = {}; // file name → promise of its words
  var pagefind = null; // promise of the Pagefind module, started on the first volume searched
  var merged = {}; // volume id → promise: its index is part of the search
  var reach = 0; // volumes searched; 0: not yet chosen for this query
  var hits = []; // the results of the last search, listed SHOWN at a time
  var latest = 0; // the number of the last search asked for: an earlier one still loading gives way

  function bundle(volumeId) {
    return new URL(volumeId + "/pagefind/", siteRoot);
  }

  function fillSelect(select, counts) {
    Object.keys(counts).sort().forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value + " (" + counts[value] + ")";
      select.appendChild(option);
    });
  }

  // Pagefind gives URLs from the server root (a bundle's pages below its volume folder);
  // make them relative to this page (which is at the site root) so the edition works
  // under any path.
  function pageHref(url) {
    var base = siteRoot.pathname;
    return url.indexOf(base) === 0 ? url.slice(base.length) : url.replace(/^\//, "");
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (volumeSelect.value) params.set("volume", volumeSelect.value);
    if (yearSelect.value) params.set("year", yearSelect.value);
    var qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }

  function show(results) {
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = pageHref(data.url);
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      // Pagefind escapes the page text and only adds <mark> around the hits.
      excerpt.innerHTML = data.excerpt;
      item.append(link, excerpt);
      list.appendChild(item);
    });
  }

  // The next SHOWN results, added to the list.
  async function listMore() {
    next.disabled = true; // a second click while these load would list them twice
    var start = list.children.length;
    var of = hits, batch = hits.slice(start, start + SHOWN);
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (of !== hits) return; // a newer search has replaced the list meanwhile
    show(data);
    var left = hits.length - list.children.length;
    next.textContent = "List " + Math.min(SHOWN, left) + " more results";
    next.hidden = left <= 0;
    next.disabled = false;
  }

  // The map file of a word: named by its first letters, spelled out in hex when they
  // are not plain letters and digits (as wordmap.file_name names it).
  function mapFileName(word) {
    var head = Array.from(word).slice(0, prefix).join("");
    if (/^[a-z0-9]+$/.test(head)) return head;
    return "_" + Array.from(new TextEncoder().encode(head), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  function mapFile(name) {
    if (!mapFiles[name]) {
      mapFiles[name] = fetch(new URL("search/words/" + name + ".json", siteRoot)).then(function (r) {
        return r.ok ? r.json() : {};
      });
    }
    return mapFiles[name];
  }

  function numbers(ranges) {
    var out = [];
    ranges.split(",").forEach(function (part) {
      var ends = part.split("-").map(Number);
      for (var n = ends[0]; n <= ends[ends.length - 1]; n++) out.push(n);
    });
    return out;
  }

  // A word as the index may hold it: stemmed, with and without its accents.
  function stems(word) {
    var forms = [word, word.normalize("NFD").replace(/\p{M}/gu, "")];
    return forms.map(editionStem).filter(function (s, i, all) { return all.indexOf(s) === i; });
  }

  // The volumes (by number) that hold a word, as an exact search finds it: its stem
  // is a word of the index (Pagefind's search, which is then run in those volumes,
  // also takes a word of the index that starts with the stem; but a volume without
  // the word itself must not answer with a part of it, "fl…" for "Flores"); and those
  // in which many documents hold it (a map entry: volumes, then "/" and those).
  // Null: the stem is too short for the map, any volume may hold it.
  async function holding(word) {
    var found = { held: new Set(), dense: new Set() };
    var forms = stems(word);
    if (forms.some(function (s) { return Array.from(s).length < prefix; })) return null;
    for (var i = 0; i < forms.length; i++) {
      var entries = await mapFile(mapFileName(forms[i]));
      if (Object.prototype.hasOwnProperty.call(entries, forms[i])) {
        var parts = entries[forms[i]].split("/");
        numbers(parts[0]).forEach(function (n) { found.held.add(n); });
        if (parts[1]) numbers(parts[1]).forEach(function (n) { found.dense.add(n); });
      }
    }
    return found;
  }

  // How many volumes the first answer searches: up to the first whose answer is
  // enough alone, at most AT_ONCE.
  function firstReach(pool, alone) {
    for (var i = 0; i < pool.length && i < AT_ONCE; i++) {
      if (alone.has(pool[i].number)) return i + 1;
    }
    return AT_ONCE;
  }

  // The words of a query as Pagefind takes them: lower case, without the punctuation
  // around them.
  function queryWords(query) {
    return query.toLowerCase().split(/\s+/).map(function (w) {
      return w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    }).filter(Boolean);
  }

  // Make the indexes of these volumes part of the search; each result carries its
  // volume's id as a filter, so that a search can be kept to the volumes it is for.
  async function load(ids) {
    if (!pagefind) {
      var first = ids[0];
      merged[first] = pagefind = import(new URL("pagefind.js", bundle(first)).href).then(async function (pf) {
        await pf.options(Object.assign({ mergeFilter: { volume_id: first } }, options));
        return pf;
      });
    }
    var pf = await pagefind;
    await Promise.all(ids.map(function (id) {
      if (!merged[id]) {
        merged[id] = pf.mergeIndex(bundle(id).pathname, Object.assign({ mergeFilter: { volume_id: id } }, options));
      }
      return merged[id];
    }));
    return pf;
  }

  async function run() {
    var mine = ++latest;
    var query = input.value.trim();
    var words = queryWords(query);
    remember(query);
    more.hidden = true;
    next.hidden = true;
    hits = [];
    if (!query && !volumeSelect.value && !yearSelect.value) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    var pool = volumes.filter(function (v) {
      return v.documents > 0 && (!volumeSelect.value || v.title === volumeSelect.value) &&
        (!yearSelect.value || (v.years || {})[yearSelect.value]);
    });
    // a volume's answer is enough alone when every word is dense in it; with no
    // words, when it has enough documents (of the year chosen)
    var alone = new Set(pool.filter(function (v) {
      return (yearSelect.value ? (v.years || {})[yearSelect.value] : v.documents) >= dense;
    }).map(function (v) { return v.number; }));
    var maps = await Promise.all(words.map(holding));
    if (mine !== latest) return;
    maps.forEach(function (found, i) {
      if (found) pool = pool.filter(function (v) { return found.held.has(v.number); });
      // a word too short for the map may be in any document: no volume is known to be enough
      var many = found ? found.dense : new Set();
      alone = i ? new Set(Array.from(alone).filter(function (n) { return many.has(n); })) : many;
    });
    if (!pool.length) {
      list.replaceChildren();
      status.textContent = "No documents found.";
      return;
    }
    if (!reach) reach = firstReach(pool, alone);
    var targets = pool.slice(0, reach).map(function (v) { return v.id; });
    var pf = await load(targets);
    if (mine !== latest) return;
    var filters = { volume_id: { any: targets } };
    if (yearSelect.value) filters.year = yearSelect.value;
    // Words: the most relevant documents first. Filters alone: in date order (the
    // results of a filter alone score alike, so each volume's stay in date order).
    var search = await pf.search(words.length ? query : null,
      words.length ? { filters: filters } : { filters: filters, sort: { date: "asc" } });
    if (mine !== latest) return;
    hits = search.results;
    list.replaceChildren();
    await listMore();
    if (mine !== latest) return;
    var n = hits.length;
    var text = n === 0 ? "No documents found."
      : n + (n === 1 ? " document found" : " documents found") +
        (n <= SHOWN ? "." : words.length ? ", the most relevant first." : ", in date order.");
    if (pool.length > targets.length) {
      text += " Searched " + targets.length + " of the " + pool.length + " volumes that hold " +
        (words.length > 1 ? "these words" : words.length ? "this word" : "documents of this year") +
        ", in the order of the edition; choose one under Volume, or search more.";
      more.textContent = "Search " + Math.min(AT_ONCE, pool.length - targets.length) + " more volumes";
      more.hidden = false;
    }
    status.textContent = text;
  }

  function fresh() {
    reach = 0;
    run();
  }

  // The map files of the words in the address, asked for with the volume list.
  queryWords(new URLSearchParams(location.search).get("q") || "").forEach(function (word) {
    stems(word).forEach(function (s) { if (Array.from(s).length >= prefix) mapFile(mapFileName(s)); });
  });

  fetch(new URL("search/volumes.json", siteRoot)).then(function (r) {
    if (!r.ok) throw new Error("no word map");
    return r.json();
  }).then(function (data) {
    dense = data.dense;
    volumes = data.volumes.map(function (v, number) { return Object.assign({ number: number }, v); });
    var byTitle = {}, byYear = {};
    volumes.forEach(function (v) {
      if (!v.documents) return;
      byTitle[v.title] = (byTitle[v.title] || 0) + v.documents;
      Object.keys(v.years || {}).forEach(function (y) { byYear[y] = (byYear[y] || 0) + v.years[y]; });
    });
    fillSelect(volumeSelect, byTitle);
    fillSelect(yearSelect, byYear);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    volumeSelect.value = params.get("volume") || "";
    yearSelect.value = params.get("year") || "";
    fallback.hidden = true;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fresh();
    });
    volumeSelect.addEventListener("change", fresh);
    yearSelect.addEventListener("change", fresh);
    next.addEventListener("click", listMore);
    more.addEventListener("click", function () {
      reach += AT_ONCE;
      run();
    });
    if (input.value || volumeSelect.value || yearSelect.value) run();
  }).catch(function () {
    // The explanation in #search-fallback stays visible.
  });
})();
