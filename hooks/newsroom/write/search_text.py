"""German spelling variants for the search index (Pagefind), as pure functions.

Pagefind stems German words (`lang="de"`: "Kandidierende" finds "Kandidierenden"), but
a reader who types "Strassenbau" or "Aerger" on a keyboard without ß or umlauts would
not find "Straßenbau" or "Ärger". Index and query are therefore folded the same way:

- `fold` maps a word to its ASCII spelling (ä→ae, ö→oe, ü→ue, ß→ss, other accents
  dropped, lower case). `docs/assets/javascripts/suche.js` folds the reader's query
  with the same table before it asks Pagefind.
- `variants` lists, for a page's text, the folded spelling of every word whose folded
  form differs from the word itself. The page carries them in a hidden element inside
  its indexed part, so the index holds both spellings; the visible text is unchanged.

No MkDocs import, no disk: called by the thin hook `hooks/newsroom_search.py`.
"""

from __future__ import annotations

import html
import re
import unicodedata

# The table suche.js repeats (FOLD there): keep both the same.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def fold(word: str) -> str:
    """The ASCII spelling of a word: `Straßenbau` -> `strassenbau`, `Ärger` -> `aerger`."""
    lowered = word.lower().translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def text_of(markup: str) -> str:
    """The text of an HTML fragment, tags removed and entities decoded."""
    return html.unescape(_TAG.sub(" ", markup))


def variants(text: str) -> list[str]:
    """Folded spellings of the words of `text` that differ from the words, in order, once."""
    seen: dict[str, None] = {}
    for word in dict.fromkeys(_WORD.findall(text)):
        if word.isascii():  # folding changes only words with a letter outside ASCII
            continue
        folded = fold(word)
        if folded != word.lower() and folded not in seen:
            seen[folded] = None
    return list(seen)
