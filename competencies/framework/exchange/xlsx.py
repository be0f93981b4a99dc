"""The cells of an .xlsx workbook, read straight from its XML as expat streams it past.

A framework workbook of 10,000 competences is a few hundred thousand cells; openpyxl builds an object for
each cell and each shared string, which takes seconds and tens of megabytes, where reading the values
themselves takes a fraction of that. Only what a sheet of values needs is read: shared and inline strings,
numbers (as openpyxl reads them: whole numbers as int, dates by their number format as datetime),
booleans, the saved result of a formula and error values. The workbook has already been measured and
checked by ``workforce.common.spreadsheets.check_workbook`` (sizes, rows, columns, formulas without a
saved result), so this reads only workbooks within those limits.
"""

import io
import zipfile
import zlib
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

CHUNK = 256 * 1024


class Unreadable(ValueError):
    """The workbook is not one this reader can read (damaged, or not the parts an .xlsx has)."""


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _attrs(attrs: dict) -> dict:
    return {_local(k): v for k, v in attrs.items()}


def _parse(stream, start=None, end=None, text=None) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*args):
        raise Unreadable("the workbook declares its own XML entities")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise Unreadable(str(error)) from None


def _column_index(reference: str) -> int | None:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif char.isdigit():
            break
        else:
            return None
    return number - 1 if number else None


# The index of each column a sheet may use (check_workbook allows no more than a few hundred).
_COLUMNS: dict[str, int] = {}
for _index in range(702):  # A to ZZ
    _first, _second = divmod(_index, 26)
    _COLUMNS[(chr(64 + _first) if _first else "") + chr(65 + _second)] = _index


def _number(text: str):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _Strings:
    """The shared strings table: each <si> is the text of its runs, without phonetic guides (<rPh>)."""

    def __init__(self):
        self.values: list[str] = []
        self.parts: list[str] = []
        self.in_text = False
        self.phonetic = 0

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "si":
            self.parts = []
        elif tag == "t" and not self.phonetic:
            self.in_text = True
        elif tag == "rPh":
            self.phonetic += 1

    def end(self, name):
        tag = _local(name)
        if tag == "si":
            self.values.append("".join(self.parts))
        elif tag == "t":
            self.in_text = False
        elif tag == "rPh":
            self.phonetic -= 1

    def text(self, data):
        if self.in_text:
            self.parts.append(data)


class _Styles:
    """Which cell styles (by index in cellXfs) show a number as a date or time."""

    def __init__(self):
        self.formats: dict[int, str] = dict(BUILTIN_FORMATS)
        self.cell_formats: list[int] = []
        self.in_cell_xfs = False

    def start(self, name, attrs):
        tag = _local(name)
        attrs = _attrs(attrs)
        if tag == "numFmt" and attrs.get("numFmtId", "").isdigit():
            self.formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            self.in_cell_xfs = True
        elif tag == "xf" and self.in_cell_xfs:
            number = attrs.get("numFmtId", "0")
            self.cell_formats.append(int(number) if number.isdigit() else 0)

    def end(self, name):
        if _local(name) == "cellXfs":
            self.in_cell_xfs = False

    def dates(self) -> set[int]:
        return {i for i, number in enumerate(self.cell_formats) if is_date_format(self.formats.get(number, ""))}


class _Sheet:
    """Every row of a worksheet as (row number, values), a value for each column up to the last used."""

    def __init__(self, strings: list[str], dates: set[int]):
        self.strings, self.dates = strings, dates
        self.rows: list[tuple[int, list]] = []
        self.row: list = []
        self.number = 0
        self.column = -1
        self.kind = self.style = ""
        self.parts: list[str] = []
        self.inline: list[str] = []
        self.in_value = self.in_inline_text = False
        self.phonetic = 0

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "c":
            # A cell's attributes (r, t, s) have no namespace, so they are read as they come.
            reference = attrs.get("r", "")
            index = _COLUMNS.get(reference.rstrip("0123456789"))
            if index is None:
                index = _column_index(reference)
            self.column = self.column + 1 if index is None else index
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s", "")
            self.parts, self.inline = [], []
        elif tag == "v":
            self.in_value = True
        elif tag == "t" and not self.phonetic:
            self.in_inline_text = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            number = _attrs(attrs).get("r", "")
            self.number = int(number) if number.isdigit() else self.number + 1
            self.row, self.column = [], -1

    def end(self, name):
        tag = _local(name)
        if tag == "c":
            value = self._value()
            if value is not None:
                if len(self.row) <= self.column:
                    self.row.extend([None] * (self.column + 1 - len(self.row)))
                self.row[self.column] = value
        elif tag == "v":
            self.in_value = False
        elif tag == "t":
            self.in_inline_text = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row" and self.row:
            self.rows.append((self.number, self.row))

    def text(self, data):
        if self.in_value:
            self.parts.append(data)
        elif self.in_inline_text:
            self.inline.append(data)

    def _value(self):
        if self.kind == "inlineStr":
            return "".join(self.inline)
        text = "".join(self.parts)
        if self.kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                raise Unreadable(f"cell {self.number}:{self.column} names a shared string that is not there") from None
        if self.kind in ("str", "e", "d"):
            return text
        if not text:
            return None
        if self.kind == "b":
            return text == "1"
        try:
            number = _number(text)
        except ValueError:
            raise Unreadable(f"cell {self.number}:{self.column} holds '{text}' as a number") from None
        if self.style.isdigit() and int(self.style) in self.dates:
            try:
                return from_excel(number)
            except (ValueError, OverflowError):
                return number
        return number


def _sheet_paths(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, member) for each sheet, in the workbook's order."""
    targets: dict[str, str] = {}

    def relationship(name, attrs):
        if _local(name) == "Relationship":
            attrs = _attrs(attrs)
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    with archive.open("xl/_rels/workbook.xml.rels") as stream:
        _parse(stream, start=relationship)
    sheets: list[tuple[str, str]] = []

    def sheet(name, attrs):
        if _local(name) == "sheet":
            attrs = _attrs(attrs)
            target = targets.get(attrs.get("id", ""), "")
            if target:
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                sheets.append((attrs.get("name", ""), target))

    with archive.open("xl/workbook.xml") as stream:
        _parse(stream, start=sheet)
    return sheets


def read(raw: bytes) -> dict[str, tuple[list, list[tuple[int, list]]]]:
    """{sheet title: (header, [(row number, values), ...])}: the header is row 1, the rows every row below it
    that has a value, each as long as the sheet's widest row. Raises Unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            strings = _Strings()
            if "xl/sharedStrings.xml" in names:
                with archive.open("xl/sharedStrings.xml") as stream:
                    _parse(stream, strings.start, strings.end, strings.text)
            styles = _Styles()
            if "xl/styles.xml" in names:
                with archive.open("xl/styles.xml") as stream:
                    _parse(stream, styles.start, styles.end)
            dates = styles.dates()
            book = {}
            for title, path in _sheet_paths(archive):
                if path not in names:
                    raise Unreadable(f"the sheet {title} is missing")
                sheet = _Sheet(strings.values, dates)
                with archive.open(path) as stream:
                    _parse(stream, sheet.start, sheet.end, sheet.text)
                width = max((len(values) for _, values in sheet.rows), default=0)
                header: list = []
                rows = []
                for number, values in sheet.rows:
                    values.extend([None] * (width - len(values)))
                    if number == 1:
                        header = values
                    elif number > 1:
                        rows.append((number, values))
                book[title] = (header or [None] * width, rows)
            return book
    except (
        KeyError,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        raise Unreadable("the workbook is damaged or is not an .xlsx") from None
