// Static search for digest: the Pagefind index in pagefind/ (written after the build by
// digest/search.py), queried in the browser; no server-side component.  The search page's
// form says where the index is (data-pagefind) and where the site root is (data-root), both
// relative to the page, so the same files work at a domain root, under a sub-path and offline.
// ?q=word in the address fills in the box and runs the search.

const PAGE_SIZE = 20; // results shown at once; "More results" shows the next ones
const DEBOUNCE_MS = 150;

const form = document.querySelector("form[data-pagefind]");
if (form) {
  start(form);
}

// The page's words come from the site's translation catalogs, as data-msg-* attributes
// of the form; {query} and {count} are filled in here.
function message(name, fallback, values = {}) {
  const text = (form && form.dataset["msg" + name]) || fallback;
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
}

async function start(form) {
  const input = form.querySelector('input[name="q"]');
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const root = new URL(form.dataset.root || "../", document.baseURI);
  const initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial && !input.value) {
    input.value = initial;
  }

  form.dataset.state = "loading";
  let pagefind;
  try {
    pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
    // Result URLs are site paths (/articles/x/); put them under the site's own path (/repo/).
    await pagefind.options({ baseUrl: root.pathname, excerptLength: 30 });
    if (pagefind.init) {
      await pagefind.init();
    }
  } catch (error) {
    form.dataset.state = "unavailable";
    status.textContent =
      window.location.protocol === "file:"
        ? message("File", "Search is not available in pages opened as files: serve the site with a web server (any static host works).")
        : message("Missing", "Search is not available: this site has no search index yet (it is written by digest build).");
    console.error("digest search: cannot load the Pagefind index", error);
    return;
  }
  form.dataset.state = "ready";

  let sequence = 0; // only the latest query may show its results
  let pending = [];
  let timer = 0;

  async function run(query, updateAddress) {
    const mine = ++sequence;
    query = query.trim();
    if (updateAddress) {
      const address = new URL(window.location.href);
      if (query) {
        address.searchParams.set("q", query);
      } else {
        address.searchParams.delete("q");
      }
      window.history.replaceState(null, "", address);
    }
    if (!query) {
      pending = [];
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      status.textContent = "";
      form.dataset.state = "ready";
      return;
    }
    form.dataset.state = "searching";
    list.setAttribute("aria-busy", "true");
    let found;
    try {
      found = await pagefind.search(query);
    } catch (error) {
      if (mine === sequence) {
        form.dataset.state = "error";
        status.textContent = message("Failed", "Search failed; please try again.");
        list.removeAttribute("aria-busy");
      }
      console.error("digest search:", error);
      return;
    }
    if (mine !== sequence) {
      return;
    }
    const results = (found && found.results) || [];
    pending = results.slice();
    list.replaceChildren();
    if (results.length === 0) {
      list.hidden = true;
      more.hidden = true;
      list.removeAttribute("aria-busy");
      status.textContent = message("None", "No results for “{query}”.", { query });
      form.dataset.state = "empty";
      return;
    }
    // The rules of the language the words are in (English ones when no catalog has the page's).
    const plural = new Intl.PluralRules(form.dataset.plural || document.documentElement.lang || "en").select(results.length);
    const count = results.length.toLocaleString(document.documentElement.lang || "en");
    const fallback = results.length === 1 ? "{count} result for “{query}”." : "{count} results for “{query}”.";
    status.textContent = message(plural === "one" ? "One" : "Other", fallback, { count, query });
    await showMore(mine);
  }

  // From the "More results" button (focused): focus goes on to the first of the new results,
  // where reading continues (the button itself is hidden once every result is shown).
  async function showMore(mine, focusNew = false) {
    const batch = pending.splice(0, PAGE_SIZE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (mine !== sequence) {
      return;
    }
    const items = data.map(renderResult);
    list.append(...items);
    list.hidden = false;
    more.hidden = pending.length === 0;
    list.removeAttribute("aria-busy");
    form.dataset.state = "done";
    if (focusNew && items.length) {
      items[0].querySelector("a").focus();
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value, true), DEBOUNCE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value, true);
  });
  more.addEventListener("click", () => showMore(sequence, true));

  if (input.value.trim()) {
    run(input.value, false);
  }
}

function renderResult(item) {
  const meta = item.meta || {};
  const li = document.createElement("li");
  li.className = "search-result";

  const heading = document.createElement("h2");
  heading.className = "search-result-title";
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = meta.title || item.url;
  heading.dir = "auto"; // a result may be in another language than the page, of either direction
  if (meta.lang) {
    heading.lang = meta.lang; // an article in another language than the site's (article.html)
  }
  heading.append(link);
  li.append(heading);

  // The date, the topics and the original source (credited wherever an article appears).
  const facts = [
    ["date", meta.date],
    ["topics", meta.topics],
    ["source", meta.source],
  ].filter(([, value]) => value);
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "meta search-result-meta";
    facts.forEach(([name, value], index) => {
      if (index) {
        line.append("\u00a0· "); // (the dot ends a line, as on the pages)
      }
      const span = document.createElement("span");
      span.className = `search-result-${name}`;
      span.textContent = value;
      span.dir = "auto"; // isolated: an Arabic source keeps the line's order
      if (name === "date" && meta.lang) {
        span.lang = meta.lang; // written as the article's page writes it
      }
      line.append(span);
    });
    li.append(line);
  }

  if (item.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.dir = "auto";
    if (meta.lang) {
      excerpt.lang = meta.lang;
    }
    excerpt.append(...highlighted(item.excerpt));
    li.append(excerpt);
  }
  return li;
}

// Pagefind's excerpts are the page's text with <mark> around the matched words and < > (and
// sometimes & and quotes) as entities.  They are never inserted as HTML: the parts between the
// marks become text nodes.  Meta values (title, date, topics) are plain text already.
function highlighted(excerpt) {
  const nodes = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") {
      marked = true;
    } else if (part === "</mark>") {
      marked = false;
    } else if (part) {
      const text = unescapeEntities(part);
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = text;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(text));
      }
    }
  }
  return nodes;
}

const ENTITIES = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&amp;": "&" };

function unescapeEntities(text) {
  return text.replace(/&(?:lt|gt|quot|amp|#39|#x27);/g, (entity) => ENTITIES[entity]);
}
