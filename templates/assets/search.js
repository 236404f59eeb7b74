// Full-text search over the Pagefind indexes that Publisher.index_search() builds, one
// per volume (<volume>/pagefind/), merged here into one search: the first volume's
// bundle is loaded and the others are merged into it. Results come by relevance.
//
// Progressive enhancement: search.html is readable without this script (it lists the
// indexes instead). The form is revealed only once the index has loaded, which fails
// when JavaScript is off or the site is opened from disk (file://), so in both cases the
// explanation stays on screen. A classic script (not a module) so that it also runs,
// and fails gracefully, from file://.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("search-form");
  if (!script || !form) return;

  var input = document.getElementById("q");
  var volume = document.getElementById("f-volume");
  var year = document.getElementById("f-year");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  // assets/ sits directly below the site root.
  var siteRoot = new URL("../", script.src);
  var bundles = (form.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
  if (!bundles.length) return;
  var options = { excerptLength: 24 };

  function bundle(volumeId) {
    return new URL(volumeId + "/pagefind/", siteRoot);
  }

  function fillSelect(select, counts) {
    Object.keys(counts || {}).sort().forEach(function (value) {
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
    if (volume.value) params.set("volume", volume.value);
    if (year.value) params.set("year", year.value);
    var qs = params.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }

  function show(results) {
    list.replaceChildren();
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

  // Pagefind answers a word missing from an index with the longest part of it that
  // the index has ("Flores" finds "fl…" in a volume without it). Each volume has its
  // own index here, so the volumes that hold every word are found first, by exact
  // searches (which do not fall back so), and the search is kept to them.
  async function volumesWithEvery(pagefind, words) {
    var found = await Promise.all(words.map(function (word) {
      return pagefind.search('"' + word + '"');
    }));
    return found.map(function (search) {
      var counts = (search.filters && search.filters.volume) || {};
      return Object.keys(counts).filter(function (v) { return counts[v] > 0; });
    }).reduce(function (a, b) {
      return a.filter(function (v) { return b.indexOf(v) >= 0; });
    });
  }

  async function run(pagefind) {
    var query = input.value.trim();
    var filters = {};
    if (volume.value) filters.volume = volume.value;
    if (year.value) filters.year = year.value;
    var words = query.replace(/"/g, " ").split(/\s+/).filter(Boolean);
    remember(query);
    if (!query && !volume.value && !year.value) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    if (words.length) {
      var volumes = (await volumesWithEvery(pagefind, words)).filter(function (v) {
        return !volume.value || v === volume.value;
      });
      if (!volumes.length) {
        list.replaceChildren();
        status.textContent = "No documents found.";
        return;
      }
      filters.volume = { any: volumes };
    }
    // Words: the most relevant documents first. Filters alone: in date order (the
    // results of a filter alone score alike, so each volume's stay in date order).
    var search = await pagefind.search(query || null,
      query ? { filters: filters } : { filters: filters, sort: { date: "asc" } });
    var shown = search.results.slice(0, 50);
    show(await Promise.all(shown.map(function (r) { return r.data(); })));
    var n = search.results.length;
    status.textContent = n === 0 ? "No documents found."
      : n + (n === 1 ? " document found" : " documents found") +
        (n > shown.length ? "; the first " + shown.length + " are listed." : ".");
  }

  import(new URL("pagefind.js", bundle(bundles[0])).href).then(async function (pagefind) {
    await pagefind.options(options);
    await Promise.all(bundles.slice(1).map(function (id) {
      return pagefind.mergeIndex(bundle(id).pathname, options);
    }));
    var filters = await pagefind.filters();
    fillSelect(volume, filters.volume);
    fillSelect(year, filters.year);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    volume.value = params.get("volume") || "";
    year.value = params.get("year") || "";
    fallback.hidden = true;
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(pagefind);
    });
    volume.addEventListener("change", function () { run(pagefind); });
    year.addEventListener("change", function () { run(pagefind); });
    if (input.value || volume.value || year.value) run(pagefind);
  }).catch(function () {
    // The explanation in #search-fallback stays visible.
  });
})();
