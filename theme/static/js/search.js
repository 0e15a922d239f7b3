/* Beats Per Minute: search in the reader's browser, over Pagefind's index of
   every post (plugins/search). No server, no framework, nothing sent anywhere:
   the index is files of the site, fetched as a search needs them.
   Every value is shown with textContent; an excerpt's highlighting is rebuilt
   from its text and its <mark> elements only, never inserted as HTML. The
   count of results is announced through the role="status" region; results
   are plain links, 20 at a time. The address keeps the query and filters. */
(function () {
  "use strict";

  var page = document.querySelector("[data-search-root]");
  if (!page) {
    return;
  }
  var form = page.querySelector("form");
  var field = form.querySelector("input[name=q]");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var filterBox = form.querySelector(".search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var root = new URL((page.getAttribute("data-search-root") || ".") + "/", document.baseURI);
  var bundle = new URL(page.getAttribute("data-search-bundle"), root);
  var PAGE_SIZE = 20;
  var LABELS = { tag: "tag", site: "body site" };
  var pagefind = null;
  var hits = [];
  var shown = 0;
  var latest = 0;
  var timer = null;

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

  /* The excerpt Pagefind made (text with <mark> around the words found),
     parsed in an inert template and rebuilt from text and marks alone. */
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var paragraph = element("p", "search-excerpt");
    Array.prototype.forEach.call(template.content.childNodes, function (node) {
      paragraph.appendChild(
        node.nodeName === "MARK"
          ? element("mark", "", node.textContent)
          : document.createTextNode(node.textContent)
      );
    });
    return paragraph;
  }

  function result(data) {
    var item = element("li", "search-result");
    var heading = element("p", "search-result-title");
    var link = element("a", "", data.meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = element("p", "meta");
    if (data.meta.date) {
      var time = element("time", "", data.meta.date);
      if (data.meta.datetime) {
        time.setAttribute("datetime", data.meta.datetime);
      }
      meta.appendChild(time);
    }
    var details = [];
    if (data.filters.tag && data.filters.tag.length) {
      details.push("tags: " + data.filters.tag.join(", "));
    }
    if (data.filters.site && data.filters.site.length) {
      details.push("logged at: " + data.filters.site.join(", "));
    }
    if (details.length) {
      meta.appendChild(document.createTextNode(" · " + details.join(" · ")));
    }
    item.appendChild(meta);
    if (data.excerpt) {
      item.appendChild(excerpt(data.excerpt));
    }
    return item;
  }

  function chosenFilters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) {
        chosen[select.getAttribute("data-filter")] = select.value;
      }
    });
    return chosen;
  }

  /* "3 posts match “ankle”, with the tag “stairs”." */
  function summary(count, query, chosen) {
    var words = [];
    if (query) {
      words.push((count === 1 ? "1 post matches" : count + " posts match") + " \u201c" + query + "\u201d");
    } else {
      words.push(count === 1 ? "1 post" : count + " posts");
    }
    Object.keys(chosen).forEach(function (key) {
      words.push("with the " + LABELS[key] + " \u201c" + chosen[key] + "\u201d");
    });
    if (!count) {
      words[0] = query ? "No posts match \u201c" + query + "\u201d" : "No posts";
    }
    return words.join(", ") + ".";
  }

  /* The next PAGE_SIZE results of search number `mine`, unless a newer one
     has started meanwhile; the first of them takes the focus when the
     reader asked for more. */
  function showMore(mine, focus) {
    var batch = hits.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    return Promise.all(batch.map(function (hit) { return hit.data(); })).then(function (found) {
      if (mine !== latest) {
        return;
      }
      found.forEach(function (data, index) {
        var item = list.appendChild(result(data));
        if (focus && index === 0) {
          item.querySelector("a").focus();
        }
      });
      more.hidden = shown >= hits.length;
    });
  }

  function remember(query, chosen) {
    try {
      var url = new URL(window.location.href);
      url.search = "";
      if (query) {
        url.searchParams.set("q", query);
      }
      Object.keys(chosen).forEach(function (key) {
        url.searchParams.set(key, chosen[key]);
      });
      window.history.replaceState(null, "", url);
    } catch (error) {
      /* The address just keeps the old query. */
    }
  }

  function run() {
    var query = field.value.trim();
    var chosen = chosenFilters();
    var mine = (latest += 1);
    remember(query, chosen);
    if (!query && !Object.keys(chosen).length) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    var options = { filters: chosen };
    if (!query) {
      options.sort = { date: "desc" };
    }
    return pagefind.search(query || null, options).then(function (found) {
      if (mine !== latest) {
        return null; /* a newer search is under way */
      }
      hits = found.results;
      shown = 0;
      list.textContent = "";
      return showMore(mine, false).then(function () {
        if (mine === latest) {
          status.textContent = summary(hits.length, query, chosen);
        }
      });
    });
  }

  function unavailable(why) {
    status.textContent = why + " Every post is listed in the archives and by tag (links below).";
  }

  /* One option per value in the index, with its count: "stairs (3)". */
  function fillFilters(available, params) {
    var any = false;
    selects.forEach(function (select) {
      var key = select.getAttribute("data-filter");
      var values = available[key] || {};
      Object.keys(values).sort().forEach(function (value) {
        var option = element("option", "", value + " (" + values[value] + ")");
        option.value = value;
        select.appendChild(option);
        any = true;
      });
      select.value = values[params.get(key)] ? params.get(key) : "";
      select.addEventListener("change", search);
    });
    filterBox.hidden = !any;
  }

  var params = new URLSearchParams(window.location.search);
  field.value = params.get("q") || "";

  if (window.location.protocol === "file:") {
    unavailable("Search needs the site served by a web server (invoke serve), not opened as files.");
    return;
  }

  /* Listening at once: what the reader types while the index loads is
     searched as soon as it has loaded. The results are busy until then. */
  list.setAttribute("aria-busy", "true");
  var ready = import(new URL("pagefind.js", bundle).href)
    .then(function (module) {
      return module.options({ baseUrl: root.pathname }).then(function () {
        return module.filters();
      }).then(function (available) {
        fillFilters(available, params);
        pagefind = module;
      });
    })
    .finally(function () {
      list.removeAttribute("aria-busy");
    });

  function search() {
    return ready.then(run).catch(function () {
      unavailable("The search index did not load.");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search();
  });
  field.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 300);
  });
  more.addEventListener("click", function () {
    showMore(latest, true);
  });
  search();
})();
