"""A page's rendered HTML made fit for feed readers.

Feed readers show an item's HTML outside the site: without its stylesheet, its
scripts or its address. So every link and image URL is made absolute, and markup
that only Material's CSS and JavaScript make readable (admonitions, collapsible
blocks, content tabs, the `¶` permalinks of headings) becomes plain HTML. Parsed
and rewritten with lxml, never with patterns on the HTML text.
"""

from __future__ import annotations

from typing import Sequence
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html


def _with_class(name: str) -> str:
    """An XPath condition: the element's class list contains `name`."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


PERMALINKS = f"//a[{_with_class('headerlink')}]"
TAB_SETS = f"//div[{_with_class('tabbed-set')}]"
TAB_LABELS = f"./label | ./div[{_with_class('tabbed-labels')}]/label"
# Alternate style (Material's recommendation): one content div holding a block per tab;
# classic style: one content div per tab.
TAB_BLOCKS_ALTERNATE = f"./div[{_with_class('tabbed-content')}]/div[{_with_class('tabbed-block')}]"
TAB_BLOCKS_CLASSIC = f"./div[{_with_class('tabbed-content')}]"
BOXES = f"//div[{_with_class('admonition')}] | //details"
BOX_TITLE = f"./p[{_with_class('admonition-title')}] | ./summary"
DATES_HEADING = "Termine"


def for_feed(fragment: str, page_url: str, lead: str | None = None, dates: Sequence[str] = ()) -> str:
    """`fragment`: the HTML MkDocs rendered for a page; `page_url`: the page's absolute URL.

    Returns one `<div>` holding the same text as plain HTML with absolute URLs, after
    `lead` (a line of plain text, e.g. an event's date and place) in bold, if given,
    and before a list "Termine" of `dates` (lines of plain text), if any.
    """
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    if lead:
        root.insert(0, _bold_paragraph(lead))
        root[0].tail, root.text = root.text, None
    etree.strip_elements(root, etree.Comment, with_tail=False)  # notes to editors stay out of feeds
    for permalink in root.xpath(PERMALINKS):
        permalink.drop_tree()  # keeps the text after it
    for tab_set in root.xpath(TAB_SETS):
        _flatten_tabs(tab_set)
    for box in root.xpath(BOXES):
        _as_blockquote(box)
    if dates:
        etree.SubElement(root, "h2").text = DATES_HEADING
        listing = etree.SubElement(root, "ul")
        for line in dates:
            etree.SubElement(listing, "li").text = line
    root.make_links_absolute(page_url, resolve_base_href=False, handle_failures="discard")
    for image in root.xpath("//*[@srcset]"):
        image.set("srcset", _absolute_srcset(image.get("srcset"), page_url))
    return lxml_html.tostring(root, encoding="unicode")


def _bold_paragraph(text: str) -> etree._Element:
    paragraph = lxml_html.Element("p")
    etree.SubElement(paragraph, "strong").text = text
    return paragraph


def _as_blockquote(box: etree._Element) -> None:
    """An admonition or a `<details>` block -> a quote whose first line is its title in bold."""
    titles = box.xpath(BOX_TITLE)
    tail = box.tail
    box.tag = "blockquote"
    box.attrib.clear()
    box.tail = tail
    if titles:
        title = titles[0]
        replacement = _bold_paragraph(title.text_content().strip())
        replacement.tail = title.tail
        box.replace(title, replacement)


def _flatten_tabs(tab_set: etree._Element) -> None:
    """Content tabs -> every tab one after the other, each under its label in bold."""
    labels = [label.text_content().strip() for label in tab_set.xpath(TAB_LABELS)]
    blocks = tab_set.xpath(TAB_BLOCKS_ALTERNATE) or tab_set.xpath(TAB_BLOCKS_CLASSIC)
    tail = tab_set.tail
    tab_set.clear()  # also drops the radio inputs, label bar and data attributes
    tab_set.tail = tail
    for label, block in zip(labels, blocks, strict=True):
        tab_set.append(_bold_paragraph(label))
        section = etree.SubElement(tab_set, "div")
        section.text = block.text
        section.extend(list(block))


def _absolute_srcset(srcset: str, page_url: str) -> str:
    """`a.png 1x, b.png 2x` with each URL made absolute (lxml leaves srcset alone)."""
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(page_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)
