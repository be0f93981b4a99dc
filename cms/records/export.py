"""Everything held about one person, for a subject access request or for the person themself.

``held_about`` reads every model in the registry's ``HELD`` list for the person's rows (their staff profile,
peer record, young expert record and account together, since they are one person), turns each row into
plain values, and replaces what is about other people: a field naming someone else says "[another person]",
and other people's names in free text are replaced the same way. ``export_zip`` packs one JSON file per
kind of record and a readable PDF of the same.
"""

import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from cms.records.registry import HELD, SUBJECT_NAMES, SUBJECTS, Held, person_models

ANOTHER_PERSON = "[another person]"
# Words shorter than this are never treated as a name: they are too often ordinary words.
SHORTEST_NAME = 3
# How far each kind's rows are read through related records, so showing them needs no query per row.
RELATED = {
    "workforce.AttendeeFeedback": ("attendance__session",),
    "workforce.ConfidenceRating": ("feedback__attendance__session", "competence"),
    "workforce.FollowUp": ("attendance__session",),
    "workforce.TrainingAttendance": ("session",),
    "competencies.Assessment": ("version__framework", "role_profile__level", "target_profile__level"),
    "competencies.AssessmentStatusChange": ("assessment__role_profile", "assessment__staff__user"),
    "competencies.Rating": (
        "assessment__role_profile",
        "assessment__staff__user",
        "competence",
        "self_value",
        "manager_value",
    ),
    "competencies.PlanAction": ("assessment__role_profile", "assessment__staff__user", "competence"),
    "competencies.ReassessmentReminder": ("assessment__role_profile", "assessment__staff__user"),
    "peernet.CaseEvent": ("allocation",),
}


@dataclass
class Subject:
    """One person: the ids of each of their records, by subject kind, and the name they are known by."""

    ids: dict[str, int]
    name: str
    service_id: int | None = None
    kinds: list[str] = field(default_factory=list)
    # The record the export was asked for ("app_label.Model", id), which the access log files the read under.
    asked_for: tuple[str, int] | None = None

    @property
    def file_stem(self) -> str:
        first = next(iter(self.ids.items()))
        return f"records-{first[0].replace('_', '-')}-{first[1]}"


@dataclass
class Section:
    held: Held
    rows: list[dict]  # field name -> JSON-ready value
    labels: dict[str, str]  # field name -> its plain name

    @property
    def title(self) -> str:
        return self.held.title

    @property
    def readable(self) -> list[list[tuple[str, str]]]:
        return [[(self.labels[name], _text(value)) for name, value in row.items()] for row in self.rows]


def subject_of(record) -> Subject:
    """The person a staff profile, peer record or young expert record is about, with their other records."""
    user_model = get_user_model()
    kind = next(kind for kind, label in SUBJECTS.items() if apps.get_model(label) is type(record))
    user = record if isinstance(record, user_model) else record.user
    records = {kind: record}
    if user is not None:
        records["account"] = user
        for other, name in (("staff", "staff_profile"), ("peer", "peer"), ("young_expert", "young_expert")):
            if other not in records and hasattr(user, name):
                records[other] = getattr(user, name)
    named = records.get("peer") or records.get("young_expert") or records.get("staff")
    name = named.display_name if named is not None else user.get_full_name()
    service_id = next((getattr(records[k], "service_id", None) for k in ("staff", "peer") if k in records), None)
    return Subject(
        ids={kind: obj.pk for kind, obj in records.items()},
        name=name,
        service_id=service_id,
        kinds=[SUBJECT_NAMES[k] for k in SUBJECT_NAMES if k in records],
        asked_for=(SUBJECTS[kind], record.pk),
    )


def _names_of_others(subject: Subject) -> re.Pattern | None:
    """Every name on record that is not the subject's: staff and peers' names, young experts' chosen names."""
    own = set(subject.name.split())
    names = set()
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        names.update(part for part in (f"{first} {last}".strip(), first, last) if part)
    names.update(apps.get_model("peernet", "Peer").objects.values_list("display_name", flat=True))
    names.update(apps.get_model("workforce", "YoungExpert").objects.values_list("display_name", flat=True))
    user = get_user_model().objects.filter(pk=subject.ids.get("account")).first()
    if user is not None:
        own.update(user.get_full_name().split())
        own.add(user.get_full_name())
    own.add(subject.name)
    names = {name for name in names if len(name) >= SHORTEST_NAME and name not in own}
    if not names:
        return None
    # Longest first, so a full name is replaced whole before its parts are looked at.
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def _redact(text: str, others: re.Pattern | None) -> str:
    return others.sub(ANOTHER_PERSON, text) if others else text


def _value(obj, model_field, held_paths: dict, subject: Subject, people: set, others):
    if model_field.is_relation:
        related_id = getattr(obj, model_field.attname)
        if related_id is None:
            return None
        if model_field.related_model in people:
            kind = next(k for k, label in SUBJECTS.items() if apps.get_model(label) is model_field.related_model)
            return subject.name if subject.ids.get(kind) == related_id else ANOTHER_PERSON
        return _redact(str(getattr(obj, model_field.name)), others)
    value = getattr(obj, model_field.attname)
    if model_field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if isinstance(value, (datetime.datetime, datetime.date)):
        return (timezone.localtime(value) if isinstance(value, datetime.datetime) else value).isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        # The stored file's name (one the server chose), not its bytes: the file opens from the assessment.
        return value.name or None
    if isinstance(value, str):
        return _redact(value, others)
    return value


def _fields(held: Held) -> list:
    return [f for f in held.model_class._meta.concrete_fields if f.name not in held.omit]


def held_about(subject: Subject) -> list[Section]:
    """Every record about the person, one section per kind of record that has any, in the registry's order."""
    people = person_models()
    others = _names_of_others(subject)
    sections = []
    for held in HELD:
        rule = Q()
        for path, kind in held.paths.items():
            if kind in subject.ids:
                rule |= Q(**{path: subject.ids[kind]})
        if not rule:
            continue
        model = held.model_class
        fields = _fields(held)
        relations = [f.name for f in fields if f.is_relation and f.related_model not in people]
        queryset = model._default_manager.filter(rule).distinct().order_by("pk")
        if relations or held.model in RELATED:
            queryset = queryset.select_related(*relations, *RELATED.get(held.model, ()))
        rows = [{f.name: _value(obj, f, held.paths, subject, people, others) for f in fields} for obj in queryset]
        if rows:
            labels = {f.name: str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:] for f in fields}
            sections.append(Section(held=held, rows=rows, labels=labels))
    return sections


def _text(value) -> str:
    if value is None or value == "":
        return "None"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
        moment = datetime.datetime.fromisoformat(value)
        return f"{moment.day} {moment:%B %Y}" + (f" at {moment:%H:%M}" if "T" in value else "")
    return str(value)


def export_pdf(*, subject: Subject, sections: list[Section]) -> bytes:
    from weasyprint import HTML  # loaded only when a PDF is made: it is slow to import

    html = render_to_string(
        "cms/records/export_pdf.html", {"subject": subject, "sections": sections, "made_at": timezone.now()}
    )
    return HTML(string=html).write_pdf()


def export_zip(*, subject: Subject) -> bytes:
    """One zip: a JSON file per kind of record, and the same as a readable PDF."""
    sections = held_about(subject)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, section in enumerate(sections, start=1):
            document = {"kind": section.title, "model": section.held.model, "records": section.rows}
            name = f"{number:02d}-{slugify(section.title)}.json"
            archive.writestr(name, json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr("what-we-hold-about-you.pdf", export_pdf(subject=subject, sections=sections))
    return buffer.getvalue()
