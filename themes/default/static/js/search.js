/*
 * daylight search: searches the site's own index (/search/index.json, written at build
 * time) in the browser, as you type. No framework, and no request to any other host.
 *
 * The page works without this script: the form stays hidden and the page lists the
 * sections and tags. With it, the form appears; results are a list of links, the down
 * and up arrows move between the box and the results, Escape goes back to the box, and
 * the number of results is announced through the role="status" region. Results (and so
 * the announcement) wait until typing stops: a screen reader that heard the count after
 * every key said it eleven times while "council tax" was typed. The Search button shows
 * them at once.
 *
 * The index: {version, fields, words, pages}. `words` is the vocabulary, most used
 * first; each row of `pages` follows `fields` (title, url, kind, date, summary, words),
 * and its `words` are base-36 numbers into the vocabulary.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-search-index]");
  if (!form || !window.fetch || !document.getElementById) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX_RESULTS = 50;
  var KINDS = {
    post: "Post",
    incident: "Incident report",
    plan: "Plan",
    page: "Page",
    section: "Section"
  };
  var pages = null;
  var failed = false;
  var timer = null;
  /* How long typing must stop before the results change: longer than the gap between
     keys of a steady typist, short enough to feel prompt. */
  var SETTLE_MS = 600;

  /* The words of a text as the index holds them: keep in step with tokens() in
     src/render/search.rs. */
  function tokens(text) {
    var out = [];
    String(text || "")
      .split(/[^\p{L}\p{N}'\u2019]+/u)
      .forEach(function (w) {
        if (!w) {
          return;
        }
        w = w.toLowerCase();
        if (w.endsWith("'s") || w.endsWith("\u2019s")) {
          w = w.slice(0, -2);
        }
        w = w.replace(/['\u2019]/g, "");
        if (w) {
          out.push(w);
        }
      });
    return out;
  }

  function load(index) {
    var col = {};
    index.fields.forEach(function (name, i) {
      col[name] = i;
    });
    var vocabulary = index.words;
    pages = index.pages.map(function (row) {
      var words = row[col.words]
        ? row[col.words].split(" ").map(function (n) {
            return vocabulary[parseInt(n, 36)] || "";
          })
        : [];
      var title = " " + tokens(row[col.title]).join(" ") + " ";
      return {
        title: row[col.title],
        url: row[col.url],
        kind: row[col.kind],
        date: row[col.date],
        summary: row[col.summary],
        titleWords: title,
        allWords: title + tokens(row[col.summary]).join(" ") + " " + words.join(" ") + " "
      };
    });
  }

  /* The forms a query's word may take in the page's language: on a Welsh page, every
     initial mutation of it (welsh.js); elsewhere the word itself. */
  function forms(term) {
    var welsh = window.daylightWelsh && /^cy(-|$)/i.test(document.documentElement.lang);
    return welsh ? window.daylightWelsh.variants(term) : [term];
  }

  /* How well one form of a query's word matches a page: -1 when it begins no word. */
  function formScore(p, form) {
    var start = " " + form;
    if (p.allWords.indexOf(start) < 0) {
      return -1;
    }
    var score = 1;
    if (p.titleWords.indexOf(start) >= 0) {
      score += 10;
    }
    if (p.allWords.indexOf(start + " ") >= 0) {
      score += 2;
    }
    return score;
  }

  /* Every word of the query (in one of its forms) must begin a word of the page; words
     in the title count most, whole words more than beginnings. Ties keep the index
     order (newest first). */
  function search(query) {
    var terms = tokens(query).map(forms);
    if (!terms.length) {
      return null;
    }
    var found = [];
    for (var i = 0; i < pages.length; i++) {
      var p = pages[i];
      var score = 0;
      for (var t = 0; t < terms.length; t++) {
        var best = -1;
        for (var f = 0; f < terms[t].length; f++) {
          best = Math.max(best, formScore(p, terms[t][f]));
        }
        if (best < 0) {
          score = -1;
          break;
        }
        score += best;
      }
      if (score > 0) {
        found.push({ page: p, score: score, order: i });
      }
    }
    found.sort(function (a, b) {
      return b.score - a.score || a.order - b.order;
    });
    return found;
  }

  function formatDate(iso) {
    try {
      var d = new Date(iso + "T12:00:00");
      return d.toLocaleDateString(document.documentElement.lang || undefined, {
        day: "numeric",
        month: "long",
        year: "numeric"
      });
    } catch (e) {
      return iso;
    }
  }

  function item(p) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    h.className = "search-result__title";
    var a = document.createElement("a");
    a.href = p.url;
    a.textContent = p.title;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-result__meta";
    meta.appendChild(document.createTextNode(KINDS[p.kind] || p.kind));
    if (p.date) {
      meta.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.dateTime = p.date;
      time.textContent = formatDate(p.date);
      meta.appendChild(time);
    }
    li.appendChild(meta);
    if (p.summary) {
      var s = document.createElement("p");
      s.className = "search-result__summary";
      s.textContent = p.summary;
      li.appendChild(s);
    }
    return li;
  }

  /* Sets the live region's text only when it changes, so nothing is said twice. */
  function announce(text) {
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  function show(query) {
    if (failed) {
      return;
    }
    if (!pages) {
      announce("Loading the search index…");
      return;
    }
    var found = search(query);
    list.textContent = "";
    if (!found) {
      list.hidden = true;
      announce("");
      return;
    }
    var shown = found.slice(0, MAX_RESULTS);
    shown.forEach(function (r) {
      list.appendChild(item(r.page));
    });
    list.hidden = shown.length === 0;
    var q = "\u201c" + query.trim() + "\u201d";
    if (found.length === 0) {
      announce("No results for " + q + ".");
    } else if (found.length === 1) {
      announce("1 result for " + q + ".");
    } else if (found.length > shown.length) {
      announce(found.length + " results for " + q + "; showing the first " + shown.length + ".");
    } else {
      announce(found.length + " results for " + q + ".");
    }
  }

  function remember(query) {
    if (!window.history || !history.replaceState) {
      return;
    }
    var url = new URL(window.location.href);
    if (query.trim()) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  form.hidden = false;
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
  }

  fetch(form.getAttribute("data-search-index"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (index) {
      load(index);
      show(input.value);
    })
    .catch(function () {
      failed = true;
      status.textContent =
        "Search is not available just now. You can find pages by section or tag below.";
    });

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      remember(input.value);
    }, SETTLE_MS);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    show(input.value);
    remember(input.value);
    var first = links()[0];
    if (first) {
      first.focus();
    }
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
    }
  });
})();
