"""How hard a rendered page is to read: the Flesch–Kincaid grade of its visible main text.

Used by tests of pages that peers and young experts read, where the NHS.UK target is grade 6 or below:

    from tests.readability import page_grade
    assert page_grade(response.content.decode()) <= 6

Only what a sighted reader sees inside ``<main>`` is scored: scripts, styles, form controls' hidden parts,
visually hidden text and ``hidden`` elements are left out. A web page is not prose, so every block (a
heading, a paragraph, a list item, a table cell, a label, a button) ends a sentence, as well as ., ! and ?.
``prose_grade`` scores the sentences alone, for a page whose headings and labels would pull the page's
grade down. Syllables are counted with the usual vowel-group rule (a silent final "e" dropped, "-le" kept),
which is what most readability tools do; it is a little rough on single words and steady over a page.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "button", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label",
    "legend", "li", "nav", "ol", "option", "p", "section", "summary", "table", "td", "th", "tr", "ul",
}  # fmt: skip
SKIPPED = {"script", "style", "noscript", "template", "svg", "select", "textarea", "head", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN_CLASSES = {"nhsuk-u-visually-hidden", "app-visually-hidden"}

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


class _MainText(HTMLParser):
    """Collects the visible text inside <main> (or the whole body if there is none), block by block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.in_main = 0
        self.saw_main = False
        self.main_blocks: list[str] = []
        self.body_blocks: list[str] = []
        self._main_current: list[str] = []
        self._body_current: list[str] = []

    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self.stack)

    def _break(self):
        for current, blocks in ((self._main_current, self.main_blocks), (self._body_current, self.body_blocks)):
            text = " ".join("".join(current).split())
            if text:
                blocks.append(text)
            current.clear()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS:
            self._break()
        if tag in VOID:
            return
        classes = set((attrs.get("class") or "").split())
        hides = (
            tag in SKIPPED or "hidden" in attrs or attrs.get("aria-hidden") == "true" or bool(classes & HIDDEN_CLASSES)
        )
        self.stack.append((tag, hides))
        if tag == "main":
            self.in_main += 1
            self.saw_main = True

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in BLOCKS:
            self._break()
        # Close back to the matching tag, tolerating tags the page left open.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag == "main":
            self.in_main -= 1

    def handle_data(self, data):
        if self._hidden():
            return
        self._body_current.append(data)
        if self.in_main:
            self._main_current.append(data)

    def blocks(self) -> list[str]:
        self._break()
        return self.main_blocks if self.saw_main else self.body_blocks


def visible_blocks(html: str) -> list[str]:
    """The page's visible main text, one string per block."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return parser.blocks()


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s$|'", "", word)
    if len(word) <= 3:
        return 1
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    elif word.endswith(("es", "ed")) and not word.endswith(("ies", "ees", "ted", "ded", "ses", "zes", "ces", "ges")):
        count -= 1 if count > 1 else 0
    return max(count, 1)


@dataclass
class Score:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def score_blocks(blocks: list[str]) -> Score:
    words = sentences = syllable_count = 0
    for block in blocks:
        for sentence in SENTENCE_END.split(block):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentences += 1
            words += len(found)
            syllable_count += sum(syllables(word) for word in found)
    return Score(words=words, sentences=max(sentences, 1), syllables=syllable_count)


def text_grade(text: str) -> float:
    """The grade of plain text, each line a block."""
    return score_blocks(text.splitlines()).grade


def page_grade(html: str) -> float:
    """The grade of a rendered page's visible main text."""
    return score_blocks(visible_blocks(html)).grade


def prose_grade(html: str) -> float:
    """The grade of the page's sentences alone (blocks that end in ., ! or ?), leaving out headings, labels
    and table cells, so short names cannot hide long sentences."""
    return score_blocks([block for block in visible_blocks(html) if SENTENCE_END.search(block)]).grade


def hardest_blocks(html: str, count: int = 5, *, sentences_only: bool = False) -> list[tuple[float, str]]:
    """The blocks that score worst, to say what to rewrite when a page fails."""
    blocks = visible_blocks(html)
    if sentences_only:
        blocks = [block for block in blocks if SENTENCE_END.search(block)]
    scored = [(score_blocks([block]).grade, block) for block in blocks]
    return sorted(scored, reverse=True)[:count]
