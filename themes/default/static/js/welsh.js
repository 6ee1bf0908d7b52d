/*
 * daylight search, Welsh: widens a query's word to every form Welsh initial mutation
 * gives it, so "Caerdydd" finds "Nghaerdydd", "Gaerdydd" and "Chaerdydd", and "pont"
 * finds "bont" and "mhont". The same tables as src/search_words/welsh.rs (a test there
 * keeps them in step); search.js calls daylightWelsh.variants on a Welsh page.
 */
(function () {
  "use strict";

  /* A mutated start and the radical start it can come from. */
  var UNMUTATE = [["ngh", "c"], ["mh", "p"], ["nh", "t"], ["ph", "p"], ["th", "t"], ["ch", "c"], ["dd", "d"], ["ng", "g"], ["b", "p"], ["d", "t"], ["g", "c"], ["f", "b"], ["f", "m"], ["m", "b"], ["n", "d"], ["l", "ll"], ["r", "rh"]];
  /* A radical start and its mutations (soft, nasal, aspirate). */
  var MUTATE = [["ll", ["l"]], ["rh", ["r"]], ["p", ["b", "mh", "ph"]], ["t", ["d", "nh", "th"]], ["c", ["g", "ngh", "ch"]], ["b", ["f", "m"]], ["d", ["dd", "n"]], ["g", ["", "ng"]], ["m", ["f"]]];
  /* Shorter words are left as they are. */
  var SHORTEST = 3;
  var VOWEL = /^[aeiouwy\u00e2\u00ea\u00ee\u00f4\u00fb\u0175\u0177]/;

  function pushNew(out, w) {
    if (w && out.indexOf(w) < 0) {
      out.push(w);
    }
  }

  function radicals(word) {
    var out = [word];
    if (Array.from(word).length < SHORTEST) {
      return out;
    }
    UNMUTATE.forEach(function (rule) {
      if (word.indexOf(rule[0]) === 0) {
        pushNew(out, rule[1] + word.slice(rule[0].length));
      }
    });
    if (VOWEL.test(word)) {
      pushNew(out, "g" + word);
    }
    if (word.charAt(0) === "h" && VOWEL.test(word.slice(1))) {
      pushNew(out, word.slice(1));
    }
    return out;
  }

  function mutations(radical) {
    var out = [];
    if (Array.from(radical).length < SHORTEST) {
      return out;
    }
    for (var i = 0; i < MUTATE.length; i++) {
      var start = MUTATE[i][0];
      if (radical.indexOf(start) === 0) {
        MUTATE[i][1].forEach(function (m) {
          pushNew(out, m + radical.slice(start.length));
        });
        break;
      }
    }
    if (VOWEL.test(radical)) {
      pushNew(out, "h" + radical);
    }
    return out;
  }

  function variants(word) {
    var out = [];
    radicals(word).forEach(function (r) {
      pushNew(out, r);
      mutations(r).forEach(function (m) {
        pushNew(out, m);
      });
    });
    return out;
  }

  window.daylightWelsh = { variants: variants };
})();
