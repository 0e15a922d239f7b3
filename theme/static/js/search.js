/* Beats Per Minute: search in the reader's browser. No server, no framework.
   The index script (plugins/search) has set window.SEARCH_INDEX to a list of
   {title, url, date, date_text, tags, sites, text}. Every value is shown with
   textContent, never as HTML. The count of results is announced through the
   role="status" region; the results are plain links. */
(function () {
  "use strict";

  var page = document.querySelector("[data-search-root]");
  if (!page) {
    return;
  }
  var form = page.querySelector("form");
  var field = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = page.getAttribute("data-search-root");
  var index = window.SEARCH_INDEX;
  var MAX_RESULTS = 50;
  var WEIGHTS = { title: 5, tags: 4, sites: 3, text: 1 };
  var timer = null;

  /* Lower case, accents removed: "Épaule" finds "epaule". */
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var prepared = (index || []).map(function (entry) {
    return {
      entry: entry,
      title: fold(entry.title),
      tags: fold(entry.tags.join(" ")),
      sites: fold(entry.sites.join(" ")),
      text: fold(entry.text),
    };
  });

  /* Every word of the query must appear somewhere; title hits weigh most. */
  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i += 1) {
      var found = 0;
      for (var key in WEIGHTS) {
        if (item[key].indexOf(words[i]) !== -1) {
          found += WEIGHTS[key];
        }
      }
      if (!found) {
        return 0;
      }
      total += found;
    }
    return total;
  }

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) {
      return [];
    }
    return prepared
      .map(function (item) {
        return { item: item, score: score(item, words) };
      })
      .filter(function (hit) {
        return hit.score > 0;
      })
      .sort(function (a, b) {
        return b.score - a.score || (a.item.entry.date < b.item.entry.date ? 1 : -1);
      })
      .map(function (hit) {
        return hit.item.entry;
      });
  }

  /* About 200 characters of the text around the first word that matched,
     cut at spaces. */
  function excerpt(entry, query) {
    var text = entry.text;
    var word = fold(query).split(/\s+/).filter(Boolean)[0] || "";
    var at = fold(text).indexOf(word);
    var start = at > 60 ? text.lastIndexOf(" ", at - 40) + 1 : 0;
    var end = start + 200 < text.length ? text.lastIndexOf(" ", start + 200) : -1;
    if (end <= start) {
      end = text.length;
    }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function result(entry, query) {
    var item = element("li", "search-result");
    var heading = element("p", "search-result-title");
    var link = element("a", "", entry.title);
    link.href = (root ? root + "/" : "/") + entry.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = element("p", "meta");
    var time = element("time", "", entry.date_text);
    time.setAttribute("datetime", entry.date);
    meta.appendChild(time);
    var details = [];
    if (entry.tags.length) {
      details.push("tags: " + entry.tags.join(", "));
    }
    if (entry.sites.length) {
      details.push("logged at: " + entry.sites.join(", "));
    }
    if (details.length) {
      meta.appendChild(document.createTextNode(" · " + details.join(" · ")));
    }
    item.appendChild(meta);
    if (entry.text) {
      item.appendChild(element("p", "search-excerpt", excerpt(entry, query)));
    }
    return item;
  }

  function show(query) {
    list.textContent = "";
    query = query.trim();
    if (!index) {
      status.textContent = "The search index did not load. Every post is in the archives.";
      return;
    }
    if (!query) {
      status.textContent = "";
      return;
    }
    var hits = search(query);
    var shown = hits.slice(0, MAX_RESULTS);
    shown.forEach(function (entry) {
      list.appendChild(result(entry, query));
    });
    var count = hits.length === 1 ? "1 post matches" : hits.length + " posts match";
    status.textContent =
      (hits.length ? count : "No posts match") +
      " \u201c" + query + "\u201d" +
      (hits.length > shown.length ? "; the first " + shown.length + " are shown." : ".");
  }

  function remember(query) {
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url);
    } catch (error) {
      /* file:// in some browsers: the address just keeps the old query. */
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(field.value);
    show(field.value);
  });

  field.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember(field.value);
      show(field.value);
    }, 250);
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  field.value = initial;
  show(initial);
})();
