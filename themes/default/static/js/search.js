/*
 * daylight search: searches the site's own index in the browser, as you type. No
 * framework, and no request to any other host.
 *
 * The page works without this script: the form stays hidden and the page lists the
 * sections and tags. With it, the form appears; results are a list of links, the down
 * and up arrows move between the box and the results, Escape goes back to the box, and
 * the number of results is announced through the role="status" region. Results (and so
 * the announcement) wait until typing stops: a screen reader that heard the count after
 * every key said it eleven times while "council tax" was typed. The Search button shows
 * them at once.
 *
 * The index comes in fragments (data-search-manifest, /search/manifest.json), so a query
 * fetches a few small files, not the whole index: the manifest says which file of words
 * holds the words beginning with a query's word (`word_files`, each file's first word);
 * a file of words gives each word's rows (base-36 numbers: twice the step from the row
 * before, plus 1 when the word is in the row's title); and the rows' titles, URLs and
 * summaries are in files of `rows_per_page_file` rows (pages/N.json), fetched only for
 * the results shown. Every fragment carries the manifest's `v`, and is asked for with it.
 * A page without data-search-manifest (a theme's own search.html) reads the whole index
 * (data-search-index, /search/index.json: {version, fields, words, pages}) and ranks the
 * same way.
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
  /* What the page says, in its language: the search page's form carries each message
     as a data-say-* attribute (from the theme's i18n words), {q}, {n} and {shown} where
     the query and the numbers go. English stands in for any a theme leaves out. */
  function say(key, english, values) {
    var text = form.getAttribute("data-say-" + key) || english;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }
  Object.keys(KINDS).forEach(function (kind) {
    KINDS[kind] = say("kind-" + kind, KINDS[kind]);
  });
  /* Where the index is read from (fragments, or the whole index), once it is ready. */
  var source = null;
  var ready = null;
  var rowCount = 0;
  var latest = 0;
  var retried = false;
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

  /* Strings compared as the index orders its words (by UTF-16 code units). */
  function firstAtOrBefore(sorted, word) {
    var lo = 0;
    var hi = sorted.length - 1;
    var at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] <= word) {
        at = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return at;
  }

  /* A posting list as written by the build: [row * 2 + inTitle, ...]. */
  function decode(text) {
    var out = [];
    if (!text) {
      return out;
    }
    var row = 0;
    text.split(" ").forEach(function (n) {
      var v = parseInt(n, 36);
      row += v >> 1;
      out.push(row * 2 + (v & 1));
    });
    return out;
  }

  function getJSON(url, options) {
    return fetch(url, options || { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  /* The index in fragments. */
  function fragmented(manifestUrl) {
    var folder = manifestUrl.replace(/[^/]*$/, "");
    var manifest = null;
    var cache = {};
    function fragment(name) {
      if (!cache[name]) {
        cache[name] = getJSON(folder + name + "?v=" + manifest.v).then(function (file) {
          if (file.v !== manifest.v) {
            /* The manifest was older than the site: search again with the new one. */
            throw new Error("stale");
          }
          return file;
        });
        cache[name].catch(function () {
          delete cache[name];
        });
      }
      return cache[name];
    }
    return {
      ready: getJSON(manifestUrl, { credentials: "same-origin", cache: "no-cache" }).then(
        function (m) {
          manifest = m;
          return m.rows;
        }
      ),
      /* [word, postings] for every word beginning with `term`. */
      matches: function (term) {
        var files = manifest.word_files;
        var names = [];
        for (var f = firstAtOrBefore(files, term); f < files.length; f++) {
          if (names.length && !files[f].startsWith(term)) {
            break;
          }
          names.push("words/" + f + ".json");
        }
        return Promise.all(names.map(fragment)).then(function (loaded) {
          var found = [];
          loaded.forEach(function (file) {
            file.words.forEach(function (w, k) {
              if (w.startsWith(term)) {
                found.push([w, decode(file.postings[k])]);
              }
            });
          });
          return found;
        });
      },
      /* The details of rows `numbers`, in that order. */
      rows: function (numbers) {
        var per = manifest.rows_per_page_file;
        var names = [];
        numbers.forEach(function (n) {
          var name = "pages/" + Math.floor(n / per) + ".json";
          if (names.indexOf(name) < 0) {
            names.push(name);
          }
        });
        return Promise.all(names.map(fragment)).then(function (loaded) {
          var byName = {};
          names.forEach(function (name, i) {
            byName[name] = loaded[i];
          });
          return numbers.map(function (n) {
            var file = byName["pages/" + Math.floor(n / per) + ".json"];
            return record(file.fields, file.pages[n % per]);
          });
        });
      }
    };
  }

  function record(fields, row) {
    var r = {};
    fields.forEach(function (name, i) {
      r[name] = row[i];
    });
    return r;
  }

  /* The whole index in one file, read into the same shape as the fragments. */
  function whole(indexUrl) {
    var rows = null;
    var words = [];
    var postings = {};
    function add(word, n, inTitle) {
      var list = postings[word];
      if (!list) {
        list = postings[word] = [];
        words.push(word);
      }
      var last = list.length - 1;
      if (last >= 0 && list[last] >> 1 === n) {
        list[last] |= inTitle;
      } else {
        list.push(n * 2 + inTitle);
      }
    }
    return {
      ready: getJSON(indexUrl).then(function (index) {
        var vocabulary = index.words;
        rows = index.pages.map(function (row, n) {
          var r = record(index.fields, row);
          tokens(r.title).forEach(function (w) {
            add(w, n, 1);
          });
          tokens(r.summary).forEach(function (w) {
            add(w, n, 0);
          });
          (r.words ? r.words.split(" ") : []).forEach(function (k) {
            var w = vocabulary[parseInt(k, 36)];
            if (w) {
              add(w, n, 0);
            }
          });
          return r;
        });
        words.sort();
        return rows.length;
      }),
      matches: function (term) {
        var found = [];
        for (var i = firstAtOrBefore(words, term); i < words.length; i++) {
          if (words[i].startsWith(term)) {
            found.push([words[i], postings[words[i]]]);
          } else if (words[i] > term) {
            break;
          }
        }
        return Promise.resolve(found);
      },
      rows: function (numbers) {
        return Promise.resolve(
          numbers.map(function (n) {
            return rows[n];
          })
        );
      }
    };
  }

  /* The forms a query's word may take in the page's language: on a Welsh page, every
     initial mutation of it (welsh.js); elsewhere the word itself. */
  function forms(term) {
    var welsh = window.daylightWelsh && /^cy(-|$)/i.test(document.documentElement.lang);
    return welsh ? window.daylightWelsh.variants(term) : [term];
  }

  /* Every word of the query (in one of its forms) must begin a word of the page; words
     in the title count most, whole words more than beginnings; a word's best form
     counts. Ties keep the index order (newest first). Resolves to the matching row
     numbers, best first, or null for an empty query. */
  function search(query) {
    var terms = tokens(query).map(forms);
    if (!terms.length) {
      return Promise.resolve(null);
    }
    var lookups = terms.map(function (fs) {
      return Promise.all(fs.map(source.matches));
    });
    return Promise.all(lookups).then(function (perTerm) {
      var score = new Int32Array(rowCount);
      var out = new Uint8Array(rowCount);
      perTerm.forEach(function (perForm, t) {
        /* The best score of any form of the term, per row; 0 where none matches. */
        var best = new Int32Array(rowCount);
        perForm.forEach(function (matches, f) {
          /* 1: a word begins with the form; 2: in the title; 4: the form itself. */
          var hit = new Uint8Array(rowCount);
          matches.forEach(function (m) {
            var exact = m[0] === terms[t][f] ? 4 : 0;
            m[1].forEach(function (p) {
              hit[p >> 1] |= 1 | (p & 1 ? 2 : 0) | exact;
            });
          });
          for (var i = 0; i < rowCount; i++) {
            if (hit[i]) {
              best[i] = Math.max(best[i], 1 + (hit[i] & 2 ? 10 : 0) + (hit[i] & 4 ? 2 : 0));
            }
          }
        });
        for (var i = 0; i < rowCount; i++) {
          if (!best[i]) {
            out[i] = 1;
          } else {
            score[i] += best[i];
          }
        }
      });
      var found = [];
      for (var i = 0; i < rowCount; i++) {
        if (!out[i]) {
          found.push(i);
        }
      }
      found.sort(function (a, b) {
        return score[b] - score[a] || a - b;
      });
      return found;
    });
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

  /* Shows the results of `query` once its fragments are in; a later query's results
     replace an earlier one's, never the other way round. */
  function show(query) {
    var asked = ++latest;
    return ready
      .then(function () {
        return search(query);
      })
      .then(function (found) {
        if (!found) {
          return [null, []];
        }
        return source.rows(found.slice(0, MAX_RESULTS)).then(function (rows) {
          return [found, rows];
        });
      })
      .then(function (result) {
        if (asked !== latest || failed) {
          return;
        }
        var found = result[0];
        var shown = result[1];
        list.textContent = "";
        if (!found) {
          list.hidden = true;
          announce("");
          return;
        }
        shown.forEach(function (r) {
          list.appendChild(item(r));
        });
        list.hidden = shown.length === 0;
        var q = "\u201c" + query.trim() + "\u201d";
        var values = { q: q, n: found.length, shown: shown.length };
        if (found.length === 0) {
          announce(say("none", "No results for {q}.", values));
        } else if (found.length === 1) {
          announce(say("one", "1 result for {q}.", values));
        } else if (found.length > shown.length) {
          announce(say("more", "{n} results for {q}; showing the first {shown}.", values));
        } else {
          announce(say("many", "{n} results for {q}.", values));
        }
      })
      .catch(function (error) {
        if (error && error.message === "stale" && !retried) {
          /* The site was built again since the manifest was read: read the new one. */
          retried = true;
          start();
          return show(query);
        }
        unavailable();
      });
  }

  function unavailable() {
    failed = true;
    status.textContent = say(
      "unavailable",
      "Search is not available just now. You can find pages by section or tag below."
    );
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

  function start() {
    var manifest = form.getAttribute("data-search-manifest");
    source = manifest ? fragmented(manifest) : whole(form.getAttribute("data-search-index"));
    ready = source.ready.then(function (rows) {
      rowCount = rows;
    });
  }

  start();
  ready.then(
    function () {
      if (input.value.trim()) {
        show(input.value);
      }
    },
    unavailable
  );

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
    remember(input.value);
    show(input.value).then(function () {
      var first = links()[0];
      if (first) {
        first.focus();
      }
    });
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
