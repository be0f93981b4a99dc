"""What a PDF holds for someone who cannot see the page: its tags, language, title and text.

A structure test in place of a PDF/UA validator (veraPDF needs a Java package nobody here can install):

    from tests.pdf_structure import assert_tagged_pdf
    pdf = assert_tagged_pdf(response.content, title="Appraisal: Sam Lee")
    assert "Signed off by" in pdf.text

``assert_tagged_pdf`` checks what PDF/UA-1 asks of the document as a whole (ISO 14289-1, 7.1 to 7.5):
marked as tagged, a structure tree whose headings start at H1 and skip no level, tables with header cells
that the data cells point to, figures with alternative text, the document language, a title that the
viewer shows instead of the file name, and XMP metadata naming PDF/UA part 1 and the same title.

``PdfFile`` reads just enough PDF syntax (ISO 32000-1, section 7) for that: indirect objects in the file and
inside object streams, Flate-compressed streams, and text drawn with fonts that carry a ToUnicode map, which
is what WeasyPrint writes. It is for tests of our own PDFs, not for files from outside.
"""

import re
import xml.etree.ElementTree as ElementTree
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

WHITESPACE = b"\x00\t\n\x0c\r "
DELIMITERS = b"()<>[]{}/%"
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}
NUMBER = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)")
OBJECT_START = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


class Name(str):
    """A PDF name, without its slash: ``/Table`` is ``Name("Table")``."""


class Operator(str):
    """A bare keyword in a content stream (``BT``, ``Tj``)."""


@dataclass(frozen=True)
class Ref:
    number: int
    generation: int = 0


@dataclass
class Stream:
    info: dict
    raw: bytes

    @property
    def data(self) -> bytes:
        filters = self.info.get("Filter", [])
        for name in filters if isinstance(filters, list) else [filters]:
            if name != "FlateDecode":
                raise ValueError(f"No decoder here for the {name} filter.")
        return zlib.decompress(self.raw) if filters else self.raw


class _Parser:
    """PDF objects from bytes, one at a time, from a position."""

    def __init__(self, data: bytes, pos: int = 0):
        self.data, self.pos = data, pos

    def _skip_space(self) -> None:
        data = self.data
        while self.pos < len(data):
            if data[self.pos] in WHITESPACE:
                self.pos += 1
            elif data[self.pos : self.pos + 1] == b"%":
                while self.pos < len(data) and data[self.pos] not in b"\r\n":
                    self.pos += 1
            else:
                return

    def at_end(self) -> bool:
        self._skip_space()
        return self.pos >= len(self.data)

    def _word(self) -> bytes:
        start = self.pos
        while self.pos < len(self.data) and self.data[self.pos] not in WHITESPACE + DELIMITERS:
            self.pos += 1
        return self.data[start : self.pos]

    def token(self):
        """The next object or operator; ``]`` and ``>>`` come back as operators to close what is open."""
        self._skip_space()
        data, start = self.data, self.pos
        two, one = data[start : start + 2], data[start : start + 1]
        if two == b"<<":
            self.pos += 2
            return self._dictionary()
        if two == b">>":
            self.pos += 2
            return Operator(">>")
        if one == b"<":
            end = data.index(b">", start)
            self.pos = end + 1
            digits = re.sub(rb"\s", b"", data[start + 1 : end])
            return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        if one == b"(":
            return self._literal_string()
        if one == b"[":
            self.pos += 1
            return self._array()
        if one in (b"]", b"{", b"}"):
            self.pos += 1
            return Operator(one.decode())
        if one == b"/":
            self.pos += 1
            raw = self._word()
            return Name(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1"))
        word = self._word()
        if not word:
            raise ValueError(f"Unexpected byte {data[start : start + 1]!r} at {start}.")
        if NUMBER.fullmatch(word):
            return self._number_or_ref(word)
        return {b"true": True, b"false": False, b"null": None}.get(word, Operator(word.decode("latin-1")))

    def _number_or_ref(self, word: bytes):
        if b"." in word:
            return float(word)
        number = int(word)
        # "12 0 R" is a reference to object 12: look ahead, and step back when it is not.
        mark = self.pos
        match = re.compile(rb"\s+(\d+)\s+R(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])").match(self.data, mark)
        if match:
            self.pos = match.end()
            return Ref(number, int(match.group(1)))
        return number

    def _literal_string(self) -> bytes:
        data, out, depth = self.data, bytearray(), 1
        self.pos += 1
        while True:
            char = data[self.pos : self.pos + 1]
            self.pos += 1
            if char == b"\\":
                following = data[self.pos : self.pos + 1]
                if following in ESCAPES:
                    out += ESCAPES[following]
                    self.pos += 1
                elif following.isdigit():
                    octal = re.compile(rb"[0-7]{1,3}").match(data, self.pos).group()
                    out.append(int(octal, 8) & 0xFF)
                    self.pos += len(octal)
                elif following in (b"\r", b"\n"):
                    self.pos += 2 if data[self.pos : self.pos + 2] == b"\r\n" else 1
                continue
            if char == b"(":
                depth += 1
            elif char == b")":
                depth -= 1
                if depth == 0:
                    return bytes(out)
            elif not char:
                raise ValueError("A string runs to the end of the file.")
            out += char

    def _array(self) -> list:
        items = []
        while (item := self.token()) != Operator("]"):
            items.append(item)
        return items

    def _dictionary(self) -> dict:
        items = {}
        while (key := self.token()) != Operator(">>"):
            if not isinstance(key, Name):
                raise ValueError(f"A dictionary key is not a name: {key!r}.")
            items[str(key)] = self.token()
        return items


@dataclass
class StructElement:
    tag: str
    element: dict
    depth: int


@dataclass
class PdfFile:
    """One PDF, read: every object by number, the catalog, and helpers to walk what a reader relies on."""

    data: bytes = field(repr=False)
    objects: dict[int, object] = field(default_factory=dict)
    trailer: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.data.startswith(b"%PDF-"):
            raise ValueError("This is not a PDF: it does not start with %PDF-.")
        self._read_objects()
        for value in list(self.objects.values()):
            if isinstance(value, Stream) and value.info.get("Type") == "ObjStm":
                self._read_object_stream(value)
            if isinstance(value, Stream) and value.info.get("Type") == "XRef":
                self.trailer = value.info
        if not self.trailer:
            tail = self.data.rfind(b"trailer")
            if tail < 0:
                raise ValueError("The PDF has neither a trailer nor a cross-reference stream.")
            self.trailer = _Parser(self.data, tail + len(b"trailer")).token()

    def _read_objects(self) -> None:
        pos = 0
        while match := OBJECT_START.search(self.data, pos):
            parser = _Parser(self.data, match.end())
            value = parser.token()
            parser._skip_space()
            if isinstance(value, dict) and self.data.startswith(b"stream", parser.pos):
                start = parser.pos + len(b"stream")
                start += 2 if self.data[start : start + 2] == b"\r\n" else 1
                length = value.get("Length")
                # Skipping by the stated length keeps bytes inside the stream from reading as objects.
                end = start + length if isinstance(length, int) else self.data.index(b"endstream", start)
                value = Stream(value, self.data[start:end])
                parser.pos = self.data.index(b"endstream", end) + len(b"endstream")
            self.objects[int(match.group(1))] = value
            ended = self.data.find(b"endobj", parser.pos)
            pos = ended + len(b"endobj") if ended >= 0 else len(self.data)

    def _read_object_stream(self, stream: Stream) -> None:
        data = stream.data
        header = _Parser(data[: stream.info["First"]])
        numbers = [header.token() for _ in range(2 * stream.info["N"])]
        for number, offset in zip(numbers[::2], numbers[1::2], strict=True):
            self.objects.setdefault(number, _Parser(data, stream.info["First"] + offset).token())

    def get(self, value):
        """The object a reference points to (any other value as it is)."""
        while isinstance(value, Ref):
            value = self.objects.get(value.number)
        return value

    @property
    def catalog(self) -> dict:
        return self.get(self.trailer["Root"])

    @property
    def info(self) -> dict:
        return self.get(self.trailer.get("Info")) or {}

    @property
    def title(self) -> str:
        return _text_string(self.info.get("Title", b""))

    @property
    def lang(self) -> str:
        return _text_string(self.catalog.get("Lang", b""))

    @property
    def xmp(self) -> str:
        metadata = self.get(self.catalog.get("Metadata"))
        return metadata.data.decode("utf-8") if isinstance(metadata, Stream) else ""

    def xmp_values(self) -> dict[str, str]:
        """The PDF/UA part and the title that the XMP metadata states (empty where it states none)."""
        if not self.xmp:
            return {}
        rdf = ElementTree.fromstring(self.xmp[self.xmp.index("<x:xmpmeta") : self.xmp.index("</x:xmpmeta>") + 12])
        values = {}
        part = f"{{{XMP['pdfuaid']}}}part"
        for description in rdf.iter(f"{{{XMP['rdf']}}}Description"):
            if part in description.attrib:
                values["pdfuaid:part"] = description.attrib[part]
            for child in description.iter(part):
                values["pdfuaid:part"] = (child.text or "").strip()
        for title in rdf.iter(f"{{{XMP['dc']}}}title"):
            values["dc:title"] = " ".join(li.text or "" for li in title.iter(f"{{{XMP['rdf']}}}li"))
        return values

    def structure(self) -> list[StructElement]:
        """Every structure element, in reading order, with how deep it sits under the root."""
        found: list[StructElement] = []
        root = self.get(self.catalog.get("StructTreeRoot"))
        if not isinstance(root, dict):
            return found
        pending = [(kid, 0) for kid in reversed(_as_list(root.get("K")))]
        seen = set()
        while pending:
            kid, depth = pending.pop()
            if isinstance(kid, Ref):
                if kid in seen:
                    raise ValueError(f"The structure tree loops back to object {kid.number}.")
                seen.add(kid)
            element = self.get(kid)
            if not isinstance(element, dict) or "S" not in element:
                continue  # a marked-content id, or a reference to an annotation
            found.append(StructElement(str(element["S"]), element, depth))
            pending.extend((child, depth + 1) for child in reversed(_as_list(element.get("K"))))
        return found

    def tags(self) -> list[str]:
        return [element.tag for element in self.structure()]

    def page_refs(self) -> list[Ref]:
        refs, pending = [], [self.catalog["Pages"]]
        while pending:
            ref = pending.pop(0)
            node = self.get(ref)
            if node.get("Type") == "Pages":
                pending[0:0] = node["Kids"]
            else:
                refs.append(ref)
        return refs

    def pages(self) -> list[dict]:
        return [self.get(ref) for ref in self.page_refs()]

    @property
    def text(self) -> str:
        """The words drawn on every page, in drawing order; a new line wherever the baseline moves."""
        return "\n\f".join(_join_runs(self.runs(page), "\n") for page in self.pages())

    def page_text(self, page: dict) -> str:
        return _join_runs(self.runs(page), "\n")

    def runs(self, page: dict) -> list[tuple[int | None, str, float]]:
        """Each piece of text the page draws: its marked-content id (or None), the text, and its baseline."""
        fonts = self.get(self._inherited(page, "Resources").get("Font", {}))
        maps: dict[str, tuple[dict[bytes, str], int]] = {}
        found: list[tuple[int | None, str, float]] = []
        font, y, operands, marked = None, 0.0, [], []
        for token in _content_tokens(self._contents(page)):
            if not isinstance(token, Operator):
                operands.append(token)
                continue
            if token == "Tf":
                name = str(operands[0])
                if name not in maps:
                    maps[name] = self._unicode_map(self.get(fonts[name]))
                font = maps[name]
            elif token == "Tm":
                y = operands[5]
            elif token in ("Td", "TD"):
                y += operands[1]
            elif token == "BDC":
                properties = self.get(operands[-1])
                marked.append(properties.get("MCID") if isinstance(properties, dict) else None)
            elif token == "BMC":
                marked.append(None)
            elif token == "EMC" and marked:
                marked.pop()
            elif token in ("Tj", "TJ", "'", '"') and font is not None:
                strings = operands[-1] if isinstance(operands[-1], list) else [operands[-1]]
                text = "".join(_decode(piece, font) for piece in strings if isinstance(piece, bytes))
                found.append((marked[-1] if marked else None, text, y))
            operands = []
        return found

    @cached_property
    def _marked_text(self) -> dict[tuple[int, int], list[tuple[str, float]]]:
        """The text of each marked-content sequence, by (page object number, marked-content id)."""
        by_id = defaultdict(list)
        for ref in self.page_refs():
            for mcid, text, y in self.runs(self.get(ref)):
                if mcid is not None:
                    by_id[(ref.number, mcid)].append((text, y))
        return by_id

    def element_text(self, element: dict, page: Ref | None = None) -> str:
        """What a structure element says: the text of every marked-content sequence under it, in order."""
        return _join_runs([(None, text, y) for text, y in self._element_runs(element, page)], " ").strip()

    def _element_runs(self, element: dict, page: Ref | None) -> list[tuple[str, float]]:
        page = element.get("Pg", page)
        runs = []
        for kid in _as_list(element.get("K")):
            if isinstance(kid, int):
                runs += self._marked_text.get((page.number, kid), [])
                continue
            kid = self.get(kid)
            if isinstance(kid, dict) and kid.get("Type") == "MCR":
                runs += self._marked_text.get((kid.get("Pg", page).number, kid["MCID"]), [])
            elif isinstance(kid, dict) and "S" in kid:
                runs += self._element_runs(kid, page)
        return runs

    def tables(self) -> list[list[list[str]]]:
        """Every table in the structure tree, as rows of cell texts (header cells and data cells alike)."""
        tables = []
        for table in self.structure():
            if table.tag != "Table":
                continue
            rows, pending = [], list(_as_list(table.element.get("K")))
            while pending:
                kid = self.get(pending.pop(0))
                if not isinstance(kid, dict):
                    continue
                if kid.get("S") == "TR":
                    cells = [self.get(cell) for cell in _as_list(kid.get("K"))]
                    rows.append([self.element_text(cell) for cell in cells if cell.get("S") in ("TH", "TD")])
                elif kid.get("S") in ("THead", "TBody", "TFoot"):
                    pending[0:0] = _as_list(kid.get("K"))
            tables.append(rows)
        return tables

    def _inherited(self, page: dict, key: str):
        node = page
        while node is not None:
            if key in node:
                return self.get(node[key])
            node = self.get(node.get("Parent"))
        return {}

    def _contents(self, page: dict) -> bytes:
        contents = self.get(page.get("Contents"))
        streams = [self.get(item) for item in contents] if isinstance(contents, list) else [contents]
        return b"\n".join(stream.data for stream in streams if isinstance(stream, Stream))

    def _unicode_map(self, font: dict) -> tuple[dict[bytes, str], int]:
        width = 2 if font.get("Subtype") == "Type0" else 1
        cmap = self.get(font.get("ToUnicode"))
        mapping: dict[bytes, str] = {}
        if not isinstance(cmap, Stream):
            return mapping, width
        data = cmap.data
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                mapping[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
            for low, high, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first, last, start = int(low, 16), int(high, 16), int(text, 16)
                for offset in range(last - first + 1):
                    mapping[(first + offset).to_bytes(len(low) // 2, "big")] = chr(start + offset)
        return mapping, width


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text_string(value) -> str:
    if isinstance(value, bytes):
        return value[2:].decode("utf-16-be") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
    return str(value)


def _join_runs(runs, line_break: str) -> str:
    """Runs on one baseline join as they are (spaces are drawn as glyphs), with a space between two marked
    sequences that meet without one (two table cells); a new baseline starts a new line, or continues after
    a hyphen that broke a word."""
    out, line_y, last_mcid = [], None, None
    for mcid, text, y in runs:
        joined = not out or out[-1].endswith((" ", "\n", "-")) or text.startswith(" ")
        if line_y is not None and abs(y - line_y) > 0.5 and out and not out[-1].endswith(("\n", " ", "-")):
            out.append(line_break)
        elif mcid != last_mcid and not joined:
            out.append(" ")  # the next table cell or block on the same line
        line_y, last_mcid = y, mcid
        out.append(text)
    return "".join(out)


def _decode(piece: bytes, font: tuple[dict[bytes, str], int]) -> str:
    mapping, width = font
    return "".join(mapping.get(piece[i : i + width], "\ufffd") for i in range(0, len(piece), width))


def _content_tokens(data: bytes):
    parser = _Parser(data)
    while not parser.at_end():
        token = parser.token()
        if token == Operator("BI"):  # an inline image: its bytes are not tokens
            parser.pos = data.index(b"EI", parser.pos) + 2
            continue
        yield token


def heading_problems(tags: list[str]) -> list[str]:
    """Headings must start at H1 and go down one level at a time (a later one may go back up any number)."""
    levels = [int(tag[1]) for tag in tags if re.fullmatch(r"H[1-6]", tag)]
    if not levels:
        return ["There are no headings (H1 to H6) in the structure tree."]
    problems = [] if levels[0] == 1 else [f"The first heading is H{levels[0]}, not H1."]
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"H{after} follows H{before}: a level is skipped.")
    return problems


def table_problems(pdf: PdfFile) -> list[str]:
    """Every table has header cells, and every data cell names the header cells it sits under."""
    problems = []
    elements = pdf.structure()
    for index, table in enumerate(elements):
        if table.tag != "Table":
            continue
        cells = []
        for element in elements[index + 1 :]:
            if element.depth <= table.depth:
                break
            if element.tag in ("TH", "TD"):
                cells.append(element)
        if not any(cell.tag == "TH" for cell in cells):
            problems.append(f"Table {index} has no header cells (TH).")
        for cell in cells:
            if cell.tag == "TD" and not _as_list(pdf.get(cell.element.get("A", {})).get("Headers")):
                problems.append(f"A data cell in table {index} is linked to no header cell.")
                break
    return problems


def assert_tagged_pdf(data: bytes, *, title: str, lang: str = "en-GB", tags: tuple[str, ...] = ()) -> PdfFile:
    """Fail with every problem found unless the PDF is tagged as PDF/UA-1 asks; return it, read."""
    pdf = PdfFile(data)
    catalog, problems = pdf.catalog, []
    if pdf.get(catalog.get("MarkInfo", {})).get("Marked") is not True:
        problems.append("The catalog's /MarkInfo does not say /Marked true.")
    if not isinstance(pdf.get(catalog.get("StructTreeRoot")), dict):
        problems.append("There is no /StructTreeRoot.")
    present = set(pdf.tags())
    problems += [f"There is no {tag} structure element." for tag in tags if tag not in present]
    problems += heading_problems(pdf.tags()) + table_problems(pdf)
    problems += [
        f"A {element.tag} has no alternative text (/Alt)."
        for element in pdf.structure()
        if element.tag == "Figure" and not element.element.get("Alt")
    ]
    if pdf.lang != lang:
        problems.append(f"The document language is {pdf.lang!r}, not {lang!r}.")
    if pdf.get(catalog.get("ViewerPreferences", {})).get("DisplayDocTitle") is not True:
        problems.append("/ViewerPreferences does not say /DisplayDocTitle true.")
    if pdf.title != title:
        problems.append(f"The document title is {pdf.title!r}, not {title!r}.")
    xmp = pdf.xmp_values()
    if xmp.get("pdfuaid:part") != "1":
        problems.append(f"The XMP metadata gives PDF/UA part {xmp.get('pdfuaid:part')!r}, not '1'.")
    if xmp.get("dc:title") != title:
        problems.append(f"The XMP metadata's dc:title is {xmp.get('dc:title')!r}, not {title!r}.")
    assert not problems, "The PDF is not tagged as PDF/UA-1 asks:\n" + "\n".join(problems)
    return pdf
