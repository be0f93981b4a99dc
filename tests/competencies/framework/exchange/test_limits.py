"""The upload limit is sized so the product always reads back its own largest export."""

from competencies.framework.exchange.files import MAX_BYTES
from competencies.framework.exchange.formats import FORMATS
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    FrameworkData,
    ProfileRow,
    ScaleRow,
)

LARGEST = 10_000  # the most competences a framework is expected to hold (benchmarks/framework_exchange.py)


def _large() -> FrameworkData:
    data = FrameworkData(name="Large", slug="large")
    data.scale = [ScaleRow(n, label) for n, label in enumerate(["Not yet", "Developing", "Competent", "Expert"])]
    data.profiles = [ProfileRow(f"profile-{n}", f"Profile {n}", "role", n, "area") for n in range(1, 10)]
    data.domains = [DomainRow(f"D{n}", f"Domain {n}", "What the domain covers, in a sentence.") for n in range(10)]
    for n in range(LARGEST):
        code = f"COMPETENCE-{n:05d}"
        data.competences.append(
            CompetenceRow(
                code,
                "A competence title of a typical length, about court and custody work " * 2,
                f"D{n % 10}",
                f"COMPETENCE-{n - 1:05d}" if n % 4 else "",
                "What the person does, in two or three sentences of plain English, as a competence says it. " * 3,
                "What they need to know and understand, in two or three sentences, as a competence says it. " * 3,
                "SFHMH33",
            )
        )
        data.expectations += [ExpectationRow(f"profile-{k}", code, "Competent", k % 2 == 0) for k in range(1, 4)]
    return data


def test_the_largest_export_in_every_format_is_under_the_upload_limit():
    data = _large()
    sizes = {fmt: len(spec.export(data)) for fmt, spec in FORMATS.items()}
    assert max(sizes.values()) < MAX_BYTES * 0.75, sizes  # with room to spare
