// The site search (issue 15): results from the Pagefind index in /pagefind/, drawn
// under the search field of the header (overrides/partials/search-box.html).
//
// Loaded only when the reader focuses the field (or presses "/"); Pagefind then loads
// the index chunks a query needs, and one small fragment per result shown. The query
// is folded like the index's hidden spelling variants (hooks/newsroom/write/search_text.py),
// so "Strassenbau" finds "Straßenbau" and "Aerger" finds "Ärger".

// The table of search_text.fold: keep both the same.
const FOLD = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss" };
const PAGE_SIZE = 10;
const EXCERPT_WORDS = 26;
// Shorter queries match most words of a large site and keep Pagefind busy for seconds.
const MIN_LENGTH = 3;
// A search starts this long after the last keystroke; Pagefind drops the ones a newer
// keystroke replaced (debouncedSearch) and loads the index chunks meanwhile.
const DEBOUNCE_MS = 30;

export function fold(text) {
  return text
    .toLowerCase()
    .replace(/[äöüßẞ]/g, (char) => FOLD[char])
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

// Umlauts dropped rather than spelled out, as the German stemmer does: "plätze" -> "platze".
function strip(text) {
  return text.toLowerCase().replace(/[ßẞ]/g, "ss").normalize("NFKD").replace(/\p{M}/gu, "");
}

// A query word's stem-like prefix, to mark inflected forms in the excerpt.
function prefixOf(word) {
  return word.length <= 4 ? word : word.slice(0, Math.max(4, word.length - 3));
}

function plural(count, one, many) {
  return count === 1 ? one : many;
}

export function start(box) {
  const root = box.closest(".nr-search");
  const panel = root.querySelector(".nr-search__panel");
  const status = root.querySelector(".nr-search__status");
  const list = root.querySelector(".nr-search__results");
  const more = root.querySelector(".nr-search__more");
  const selects = [...root.querySelectorAll("select[data-nr-filter]")];
  let pagefind = null;
  let asked = 0; // the newest query's number: older answers are dropped
  let found = [];
  let shown = 0;
  let words = [];
  let filtersLoaded = false;

  // The index is in parts (hooks/newsroom/write/search_parts.py): pagefind/ itself and
  // one per year, listed in teile.json; Pagefind searches each and merges the results.
  const bundle = new URL(box.dataset.nrBundle, document.baseURI);
  const ready = Promise.all([
    import(bundle.href),
    fetch(new URL("teile.json", bundle)).then((response) => (response.ok ? response.json() : [])).catch(() => []),
  ]).then(async ([module, parts]) => {
    // Without Pagefind's web worker: with it, every result of a search (10,000 for a
    // common word at 10,000 bulletins) crosses to the page and back, and when the page
    // drops old results each sends the worker a release message, which delayed a later
    // search by 1-3 s now and then (measured: benchmarks/search.py). A search in the
    // page itself takes 100-300 ms at that size and much less on smaller sites.
    await module.options({ excerptLength: EXCERPT_WORDS, noWorker: true });
    await module.init();
    await Promise.all(parts.map((part) => module.mergeIndex(new URL(`${part}/`, bundle).pathname, {})));
    pagefind = module;
    return module;
  });

  function open(show) {
    panel.hidden = !show;
    root.classList.toggle("nr-search--open", show);
  }

  function chosenFilters() {
    const filters = {};
    for (const select of selects) {
      if (select.value) filters[select.dataset.nrFilter] = select.value;
    }
    return filters;
  }

  async function run() {
    const query = box.value.trim();
    const number = ++asked;
    if (!query) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      open(false);
      return;
    }
    open(true);
    const folded = fold(query);
    if (folded.replace(/[^\p{L}\p{N}]/gu, "").length < MIN_LENGTH) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = `Bitte mindestens ${MIN_LENGTH} Buchstaben eingeben.`;
      return;
    }
    if (!pagefind) status.textContent = "Die Suche wird geladen …";
    const module = await ready;
    const options = { filters: chosenFilters() };
    const search = await module.debouncedSearch(folded, options, DEBOUNCE_MS);
    if (number !== asked || !search) return;
    found = search.results;
    // Typed with umlauts or ß, the query is also searched as typed: Pagefind's German
    // stemmer drops umlauts itself, so "Städte" finds "Stadt" and "Anträge" "Antrag",
    // which the folded "staedte", "antraege" would miss. Results of both, once each.
    const typed = query.toLowerCase();
    if (typed !== folded) {
      const other = await module.search(typed, options);
      if (number !== asked) return;
      const best = new Map(found.map((result) => [result.id, result]));
      for (const result of other.results) {
        if (!best.has(result.id) || best.get(result.id).score < result.score) best.set(result.id, result);
      }
      found = [...best.values()].sort((a, b) => b.score - a.score);
    }
    const tokens = `${folded} ${strip(query)}`.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    words = [...new Set(tokens.map(prefixOf))];
    list.replaceChildren();
    shown = 0;
    await showMore(number);
    if (number !== asked) return;
    status.textContent = found.length
      ? `${found.length} ${plural(found.length, "Treffer", "Treffer")} für „${query}“`
      : `Keine Treffer für „${query}“`;
    if (!filtersLoaded) {
      filtersLoaded = true;
      setTimeout(loadFilters, 0); // the filters' values, after the first results are drawn
    }
  }

  async function showMore(number) {
    const next = found.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(next.map((result) => result.data()));
    if (number !== asked) return;
    for (const item of data) list.append(resultItem(item));
    shown += next.length;
    more.hidden = shown >= found.length;
  }

  function resultItem(data) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.className = "nr-hit";
    link.href = data.url;
    const title = document.createElement("span");
    title.className = "nr-hit__title";
    title.textContent = data.meta.title || data.url;
    const meta = document.createElement("span");
    meta.className = "nr-hit__meta";
    meta.textContent = [data.meta.typ || "Seite", data.meta.datum].filter(Boolean).join(" · ");
    const excerpt = document.createElement("span");
    excerpt.className = "nr-hit__excerpt";
    excerpt.append(...excerptOf(data));
    link.append(title, meta, excerpt);
    item.append(link);
    return item;
  }

  // The visible words around the first hit, each hit in <mark>. Pagefind's own excerpt
  // may show the hidden spelling variants at the end of the text, so it is not used.
  function excerptOf(data) {
    const all = data.content.split(/\s+/).filter(Boolean);
    const variants = Number(data.meta.varianten || 0);
    let text = variants ? all.slice(0, Math.max(0, all.length - variants)) : all;
    // The text starts with the title, which the result shows already.
    const title = (data.meta.title || "").split(/\s+/).filter(Boolean);
    if (title.length && title.every((word, index) => text[index] && text[index].startsWith(word))) {
      text = text.slice(title.length);
    }
    const hits = text.map((word) => {
      const bare = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (bare === "") return false;
      const forms = [fold(bare), strip(bare)];
      return words.some((prefix) => forms.some((form) => form.startsWith(prefix)));
    });
    const first = Math.max(0, hits.indexOf(true));
    const from = Math.max(0, Math.min(first - 8, text.length - EXCERPT_WORDS));
    const to = Math.min(text.length, from + EXCERPT_WORDS);
    const parts = [];
    if (from > 0) parts.push("… ");
    for (let index = from; index < to; index++) {
      if (hits[index]) {
        const mark = document.createElement("mark");
        mark.textContent = text[index];
        parts.push(mark);
      } else {
        parts.push(text[index]);
      }
      parts.push(" ");
    }
    if (to < text.length) parts.push("…");
    return parts;
  }

  async function loadFilters() {
    const module = await ready;
    const values = await module.filters();
    for (const select of selects) {
      const name = select.dataset.nrFilter;
      if (name === "typ" || !values[name]) continue;
      const names = Object.keys(values[name]).sort((a, b) =>
        name === "jahr" ? b.localeCompare(a) : a.localeCompare(b, "de"));
      for (const value of names) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = `${value} (${values[name][value]})`;
        select.append(option);
      }
    }
  }

  function links() {
    return [...list.querySelectorAll("a.nr-hit")];
  }

  box.addEventListener("input", run);
  for (const select of selects) select.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const focusAt = shown;
    await showMore(asked);
    const next = links()[focusAt];
    if (next) next.focus();
  });

  root.addEventListener("keydown", (event) => {
    const hits = links();
    const at = hits.indexOf(document.activeElement);
    if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        open(false);
        box.focus();
      }
    } else if (event.key === "ArrowDown" && (document.activeElement === box || at >= 0)) {
      if (panel.hidden && box.value.trim()) open(true);
      const next = hits[at + 1];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? box : hits[at - 1]).focus();
    }
  });
  box.addEventListener("focus", () => {
    if (box.value.trim() && found.length) open(true);
  });
  root.addEventListener("focusout", (event) => {
    if (!root.contains(event.relatedTarget)) open(false);
  });

  if (box.value.trim()) run(); // typed before the script arrived
  return ready;
}
