"""Properties, checked on generated frameworks and files: whatever a format can carry survives export and
import, and no input makes a reader fail with anything but a list of problems."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from competencies.framework.exchange.formats import FORMATS, parse_upload
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    FileProblems,
    FrameworkData,
    LevelRow,
    ProfileRow,
    RoleRow,
    ScaleRow,
    ServiceAreaRow,
    validate,
)

FEW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = {"xlsx": "f.xlsx", "csv": "f.csv", "moodle": "f.csv", "case": "f.json", "native": "f.json"}

# Text a person types. Excluded: a leading apostrophe before = + - @, which spreadsheets use to mark a
# formula-like cell as text, so an export cannot tell it from the mark it adds itself.
words = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,'()-é’", min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda w: w and not (w[0] == "'" and w[1:2] in ("=", "+", "-", "@")))
)
codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789-", min_size=1, max_size=12)


@st.composite
def frameworks(draw) -> FrameworkData:
    data = FrameworkData(
        name=draw(words),
        slug=draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
        description=draw(words),
        owner=draw(words),
        version_label=draw(words),
    )
    labels = draw(
        st.lists(words.map(lambda w: w.replace(",", "")).filter(bool), min_size=2, max_size=5, unique_by=str.casefold)
    )
    data.scale = [ScaleRow(n, label, draw(words), n >= len(labels) // 2) for n, label in enumerate(labels)]
    data.service_areas = [ServiceAreaRow("area", draw(words), draw(words))]
    data.levels = [LevelRow(n, draw(words), draw(words)) for n in (2, 5)]
    data.roles = [RoleRow("role", draw(words), draw(words), [])]
    data.profiles = [ProfileRow("prof", draw(words), "role", 5, "area", draw(words), draw(words))]
    all_codes = draw(st.lists(codes, min_size=2, max_size=12, unique=True))
    domain_codes, competence_codes = all_codes[:1], all_codes[1:]
    data.domains = [DomainRow(c, draw(words), draw(words)) for c in domain_codes]
    for n, code in enumerate(competence_codes):
        parent = draw(st.sampled_from(["", *competence_codes[:n]]))
        data.competences.append(
            CompetenceRow(
                code,
                draw(words),
                domain_codes[0],
                parent,
                draw(words),
                draw(st.one_of(st.just(""), words)),
                draw(st.sampled_from(["", "SFHMH33"])),
            )
        )
        if draw(st.booleans()):
            data.expectations.append(ExpectationRow("prof", code, draw(st.sampled_from(labels)), draw(st.booleans())))
    return data


def _carried(data: FrameworkData, fmt: str):
    """What each format promises to carry, as comparable values."""

    def rows(items, *names):
        return [tuple(getattr(item, name) for name in names) for item in items]

    competences = rows(data.competences, "code", "title", "domain", "parent", "performance", "knowledge", "nos_code")
    if fmt == "csv":
        return competences, rows(data.expectations, "profile", "competence", "proficiency", "core")
    if fmt == "moodle":
        return (
            data.name,
            data.description,
            rows(data.domains, "code", "name", "description"),
            competences,
            [(s.label, s.is_proficient) for s in data.scale],
        )
    return (
        data.name,
        data.description,
        rows(data.domains, "code", "name", "description"),
        competences,
        rows(data.scale, "value", "label", "descriptor", "is_proficient"),
        rows(data.levels, "number", "title", "descriptor"),
        rows(data.roles, "code", "name", "description"),
        rows(data.profiles, "code", "title", "role", "level", "service_area", "summary", "responsibilities"),
        sorted(rows(data.expectations, "profile", "competence", "proficiency", "core")),
    )


@FEW
@given(data=frameworks())
def test_every_format_carries_what_it_can_through_export_and_import(data):
    assert validate(data) == []
    for fmt, spec in FORMATS.items():
        again = parse_upload(raw=spec.export(data), filename=NAMES[fmt], fmt=fmt)
        assert _carried(again, fmt) == _carried(data, fmt), fmt


def _only_problems(raw: bytes, fmt: str):
    try:
        parse_upload(raw=raw, filename=NAMES[fmt], fmt=fmt)
    except FileProblems as refused:
        assert refused.problems and all(str(p) for p in refused.problems)


@FEW
@given(raw=st.binary(max_size=2000), fmt=st.sampled_from(sorted(FORMATS)))
def test_no_bytes_make_a_reader_fail_with_anything_but_problems(raw, fmt):
    _only_problems(raw, fmt)


@FEW
@given(data=frameworks(), fmt=st.sampled_from(sorted(FORMATS)), cut=st.floats(0, 1), flip=st.integers(0, 2**16))
def test_cut_or_damaged_exports_are_refused_or_read_never_crash(data, fmt, cut, flip):
    raw = bytearray(FORMATS[fmt].export(data))
    damaged = bytes(raw[: int(len(raw) * cut)])
    _only_problems(damaged, fmt)
    if raw:
        raw[flip % len(raw)] = (raw[flip % len(raw)] + 1 + flip % 250) % 256
        _only_problems(bytes(raw), fmt)


@FEW
@given(data=frameworks())
def test_a_file_cut_inside_a_quoted_cell_is_refused_whole(data):
    """A CSV cut off inside a quoted cell is never read as a smaller framework."""
    for fmt in ("moodle", "csv"):
        text = FORMATS[fmt].export(data).decode("utf-8-sig")
        start = text.find(',"')
        if start < 0:
            continue  # nothing in this file needed quoting
        try:
            parse_upload(raw=text[: start + 3].encode(), filename=NAMES[fmt], fmt=fmt)
        except FileProblems as refused:
            assert "never closed" in str(refused.problems[0]), fmt
        else:
            raise AssertionError(f"a {fmt} file cut inside a quoted cell was read")
