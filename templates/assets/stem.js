// The English stemmer Pagefind indexes words with (Snowball's "english",
// also called Porter2), so that the search page can look a query word up in
// the edition's word map (search/words/) as Pagefind will look it up in a
// volume's index. Written from the algorithm's published description.
var editionStem = (function () {
  "use strict";
  var VOWEL = /[aeiouy]/;
  var DOUBLE = /(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/;
  var LI_ENDING = /[cdeghkmnrt]/;
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl",
    ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe",
    atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  // words starting so have their first region after the prefix (as Pagefind's stemmer does)
  var R1_PREFIX = /^(gener|commun|arsen|past|univers|later|emerg|organ|inter)/;
  var AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var STEP2 = [
    ["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"],
    ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"],
    ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"],
    ["anci", "ance"], ["abli", "able"], ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"],
    ["ogi", "og"], ["li", ""]
  ];
  var STEP3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"], ["ative", ""],
    ["ical", "ic"], ["ness", ""], ["ful", ""]
  ];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive",
    "ize", "ion", "al", "er", "ic"];

  function isVowel(c) { return VOWEL.test(c); }

  // The region after the first non-vowel that follows a vowel, from `from`.
  function regionAfter(w, from) {
    for (var i = from + 1; i < w.length; i++) {
      if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
    }
    return w.length;
  }

  function shortSyllableAtEnd(w) {
    var n = w.length;
    if (n === 2) return isVowel(w[0]) && !isVowel(w[1]);
    return n >= 3 && !isVowel(w[n - 3]) && isVowel(w[n - 2]) && !isVowel(w[n - 1]) && !/[wxY]/.test(w[n - 1]);
  }

  function endsWith(w, s) { return w.slice(-s.length) === s; }

  function longest(w, suffixes) {
    for (var i = 0; i < suffixes.length; i++) {
      var s = typeof suffixes[i] === "string" ? suffixes[i] : suffixes[i][0];
      if (endsWith(w, s)) return i;
    }
    return -1;
  }

  return function stem(word) {
    var w = word.replace(/^'/, "");
    if (w.length <= 2) return w;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, w)) return EXCEPTIONS[w];
    // y that acts as a consonant is Y for the rest of the way
    w = w.replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
    var lead = w.match(R1_PREFIX);
    var r1 = lead ? lead[0].length : regionAfter(w, 0);
    var r2 = regionAfter(w, r1);
    // step 0: possessives
    w = w.replace(/('s'|'s|')$/, "");
    // step 1a
    if (endsWith(w, "sses")) w = w.slice(0, -2);
    else if (endsWith(w, "ied") || endsWith(w, "ies")) w = w.slice(0, -3) + (w.length > 4 ? "i" : "ie");
    else if (endsWith(w, "us") || endsWith(w, "ss")) { /* kept */ }
    else if (endsWith(w, "s") && VOWEL.test(w.slice(0, -2))) w = w.slice(0, -1);
    if (AFTER_1A.indexOf(w) >= 0) return w;
    // step 1b
    var m = w.match(/(eedly|ingly|edly|eed|ing|ed)$/);
    if (m) {
      var suffix = m[1], base = w.slice(0, -suffix.length);
      if (suffix === "eed" || suffix === "eedly") {
        if (w.length - suffix.length >= r1) w = base + "ee";
      } else if (VOWEL.test(base)) {
        w = base;
        if (/(at|bl|iz)$/.test(w)) w += "e";
        else if (DOUBLE.test(w)) w = w.slice(0, -1);
        else if (r1 >= w.length && shortSyllableAtEnd(w)) w += "e";
      }
    }
    // step 1c
    if (w.length > 2 && /[yY]$/.test(w) && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + "i";
    // step 2
    var i = longest(w, STEP2);
    if (i >= 0 && w.length - STEP2[i][0].length >= r1) {
      var s2 = STEP2[i][0], before = w[w.length - s2.length - 1];
      if (s2 === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
      else if (s2 === "li") { if (before && LI_ENDING.test(before)) w = w.slice(0, -2); }
      else w = w.slice(0, -s2.length) + STEP2[i][1];
    }
    // step 3
    i = longest(w, STEP3);
    if (i >= 0 && w.length - STEP3[i][0].length >= r1) {
      if (STEP3[i][0] !== "ative" || w.length - 5 >= r2) w = w.slice(0, -STEP3[i][0].length) + STEP3[i][1];
    }
    // step 4
    i = longest(w, STEP4);
    if (i >= 0 && w.length - STEP4[i].length >= r2) {
      if (STEP4[i] !== "ion" || /[st]$/.test(w.slice(0, -3))) w = w.slice(0, -STEP4[i].length);
    }
    // step 5
    if (endsWith(w, "e")) {
      if (w.length - 1 >= r2 || (w.length - 1 >= r1 && !shortSyllableAtEnd(w.slice(0, -1)))) w = w.slice(0, -1);
    } else if (endsWith(w, "ll") && w.length - 1 >= r2) {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, "y");
  };
})();
if (typeof module !== "undefined") module.exports = editionStem;
