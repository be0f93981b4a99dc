"""1EdTech CASE 1.1 packages (JSON): CFDocument, CFItems, CFAssociations and CFDefinitions.

Domains and competences are CFItems of the item types "Domain" and "Competence", placed in the tree
with isChildOf associations (a domain is a child of the document). The proficiency scale is a CFRubric.
What CASE has no place for (career levels, roles, role profiles and their expectations, the two parts of
a competence) travels in the package's ``extensions``, so a package from L&D Pathways rebuilds the whole
framework, and a package from elsewhere still gives its domains and competences.
"""

import json
import uuid
from datetime import UTC, datetime

from django.utils.text import slugify

from competencies.framework.exchange.files import decode_text
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    FileProblems,
    FrameworkData,
    LevelRow,
    Problem,
    ProfileRow,
    RoleRow,
    ScaleRow,
    ServiceAreaRow,
)

NAMESPACE = uuid.UUID("8a0f6d1e-4f55-4a53-9a7e-1d6c3c5a2b10")
EXTENSION = "ldPathways"
DOMAIN, COMPETENCE = "Domain", "Competence"
BASE_URI = "urn:ld-pathways:case:"


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _link(title, identifier):
    return {"title": title, "identifier": identifier, "uri": BASE_URI + identifier}


def export(data: FrameworkData) -> bytes:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    slug = data.slug or slugify(data.name)
    doc_id = _id(slug, "document", data.version_number)
    doc_link = _link(data.name, doc_id)
    item_types = {name: _id("item-type", name) for name in (DOMAIN, COMPETENCE)}
    items, associations, ids = [], [], {}

    def item(kind, code, statement, notes, extensions=None):
        identifier = _id(slug, kind, code)
        ids[(kind, code)] = identifier
        entry = {
            "identifier": identifier,
            "uri": BASE_URI + identifier,
            "CFDocumentURI": doc_link,
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": kind,
            "CFItemTypeURI": _link(kind, item_types[kind]),
            "notes": notes,
            "language": "en",
            "lastChangeDateTime": now,
        }
        if extensions:
            entry["extensions"] = {EXTENSION: extensions}
        items.append(entry)
        return identifier

    def child_of(child, child_title, parent, parent_title, sequence):
        identifier = _id(slug, "isChildOf", child, parent)
        associations.append(
            {
                "identifier": identifier,
                "uri": BASE_URI + identifier,
                "associationType": "isChildOf",
                "CFDocumentURI": doc_link,
                "sequenceNumber": sequence,
                "lastChangeDateTime": now,
                "originNodeURI": _link(child_title, child),
                "destinationNodeURI": _link(parent_title, parent),
            }
        )

    for n, domain in enumerate(data.domains, 1):
        identifier = item(DOMAIN, domain.code, domain.name, domain.description or "")
        child_of(identifier, domain.name, doc_id, data.name, n)
    for competence in data.competences:
        item(
            COMPETENCE,
            competence.code,
            competence.title,
            f"What the person does: {competence.performance}\nWhat they need to know and understand: "
            f"{competence.knowledge}",
            {"performance": competence.performance, "knowledge": competence.knowledge, "nosCode": competence.nos_code},
        )
    titles = {c.code: c.title for c in data.competences} | {d.code: d.name for d in data.domains}
    for n, competence in enumerate(data.competences, 1):
        parent = ids[(COMPETENCE, competence.parent)] if competence.parent else ids[(DOMAIN, competence.domain)]
        child_of(
            ids[(COMPETENCE, competence.code)],
            competence.title,
            parent,
            titles.get(competence.parent or competence.domain, ""),
            n,
        )

    rubric_id, criterion_id = _id(slug, "rubric", data.version_number), _id(slug, "criterion", data.version_number)
    package = {
        "CFDocument": {
            "identifier": doc_id,
            "uri": BASE_URI + doc_id,
            "creator": data.owner or data.name,
            "title": data.name,
            "description": data.description,
            "version": str(data.version_number or ""),
            "adoptionStatus": "Adopted",
            "language": "en",
            "notes": data.version_notes,
            "lastChangeDateTime": now,
            "CFPackageURI": _link(data.name, doc_id),
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFConcepts": [],
            "CFSubjects": [],
            "CFLicenses": [],
            "CFAssociationGroupings": [],
            "CFItemTypes": [
                {
                    "identifier": item_types[name],
                    "uri": BASE_URI + item_types[name],
                    "title": name,
                    "description": f"A {name.lower()} of the framework.",
                    "hierarchyCode": str(level),
                    "lastChangeDateTime": now,
                }
                for level, name in enumerate((DOMAIN, COMPETENCE), 1)
            ],
        },
        "CFRubrics": [
            {
                "identifier": rubric_id,
                "uri": BASE_URI + rubric_id,
                "title": "Proficiency scale",
                "description": "How well a person does a competence, lowest first.",
                "lastChangeDateTime": now,
                "CFRubricCriteria": [
                    {
                        "identifier": criterion_id,
                        "uri": BASE_URI + criterion_id,
                        "category": "Proficiency",
                        "description": "Proficiency in a competence",
                        "position": 1,
                        "rubricId": rubric_id,
                        "lastChangeDateTime": now,
                        "CFRubricCriterionLevels": [
                            {
                                "identifier": _id(slug, "level", s.value),
                                "uri": BASE_URI + _id(slug, "level", s.value),
                                "quality": s.label,
                                "description": s.descriptor,
                                "score": s.value,
                                "position": n,
                                "criterionId": criterion_id,
                                "lastChangeDateTime": now,
                            }
                            for n, s in enumerate(sorted(data.scale, key=lambda s: s.value), 1)
                        ],
                    }
                ],
            }
        ],
        "extensions": {
            EXTENSION: {
                "slug": slug,
                "versionLabel": data.version_label,
                "proficient": [s.label for s in data.scale if s.is_proficient],
                "serviceAreas": [
                    {"code": a.code, "name": a.name, "description": a.description} for a in data.service_areas
                ],
                "careerLevels": [
                    {"number": lv.number, "title": lv.title, "descriptor": lv.descriptor} for lv in data.levels
                ],
                "roles": [
                    {"code": r.code, "name": r.name, "description": r.description, "specialisms": r.specialisms}
                    for r in data.roles
                ],
                "roleProfiles": [
                    {
                        "code": p.code,
                        "title": p.title,
                        "role": p.role,
                        "level": p.level,
                        "serviceArea": p.service_area,
                        "summary": p.summary,
                        "responsibilities": p.responsibilities,
                    }
                    for p in data.profiles
                ],
                "expectations": [
                    {"profile": e.profile, "competence": e.competence, "proficiency": e.proficiency, "core": e.core}
                    for e in data.expectations
                ],
            }
        },
    }
    # Compact, because a package of a large framework runs to megabytes.
    return (json.dumps(package, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def parse(raw: bytes) -> FrameworkData:
    text = decode_text(raw, what="CASE package")
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblems([Problem(f"line {error.lineno}", f"this is not valid JSON ({error.msg})")]) from None
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise FileProblems([Problem("", "This is not a CASE package: it has no CFDocument.")])
    try:
        return _read(package)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FileProblems([Problem("", f"The package has a part in the wrong shape ({error}).")]) from None


def _s(value) -> str:
    return "" if value is None else str(value).strip()


def _read(package: dict) -> FrameworkData:
    document = package["CFDocument"]
    extra = (package.get("extensions") or {}).get(EXTENSION, {})
    data = FrameworkData(
        name=_s(document.get("title")),
        description=_s(document.get("description")),
        owner=_s(document.get("creator")),
        slug=_s(extra.get("slug")) or slugify(_s(document.get("title")))[:200],
        version_label=_s(extra.get("versionLabel")),
        version_notes=_s(document.get("notes")),
    )
    doc_id = _s(document.get("identifier"))
    items = {}
    for n, entry in enumerate(package.get("CFItems") or [], 1):
        identifier = _s(entry.get("identifier"))
        if identifier in items:
            raise FileProblems([Problem(f"CFItem {n}", f"the identifier {identifier} appears more than once")])
        items[identifier] = entry
    parents: dict[str, str] = {}
    problems = []
    for n, association in enumerate(package.get("CFAssociations") or [], 1):
        if association.get("associationType") != "isChildOf":
            continue
        child = _s(association["originNodeURI"]["identifier"])
        parent = _s(association["destinationNodeURI"]["identifier"])
        if child not in items:
            problems.append(Problem(f"CFAssociation {n}", f"its child {child} is not among the CFItems"))
        parents[child] = parent
    if problems:
        raise FileProblems(problems)

    def code(identifier):
        entry = items.get(identifier)
        return (_s(entry.get("humanCodingScheme")) or identifier) if entry else identifier

    def is_domain(identifier):
        entry = items[identifier]
        kind = _s(entry.get("CFItemType"))
        return kind == DOMAIN if kind in (DOMAIN, COMPETENCE) else parents.get(identifier, doc_id) == doc_id

    def domain_of(identifier):
        seen, current = {identifier}, parents.get(identifier, "")
        while current in items and not is_domain(current):
            if current in seen:
                return ""
            seen.add(current)
            current = parents.get(current, "")
        return code(current) if current else ""

    for n, (identifier, entry) in enumerate(items.items(), 1):
        where = f"CFItem {n} ({code(identifier)})"
        if is_domain(identifier):
            data.domains.append(
                DomainRow(code(identifier), _s(entry.get("fullStatement")), _s(entry.get("notes")), where)
            )
            continue
        parts = (entry.get("extensions") or {}).get(EXTENSION, {})
        parent = parents.get(identifier, "")
        data.competences.append(
            CompetenceRow(
                code(identifier),
                _s(entry.get("abbreviatedStatement")) or _s(entry.get("fullStatement")),
                domain_of(identifier),
                "" if parent not in items or is_domain(parent) else code(parent),
                _s(parts.get("performance")) if parts else _s(entry.get("fullStatement")),
                _s(parts.get("knowledge")),
                _s(parts.get("nosCode")),
                where,
            )
        )
        if parent and parent not in items and parent != doc_id:
            data.competences[-1].parent = parent

    proficient = set(extra.get("proficient", []))
    for rubric in package.get("CFRubrics") or []:
        for criterion in rubric.get("CFRubricCriteria") or []:
            for level in criterion.get("CFRubricCriterionLevels") or []:
                data.scale.append(
                    ScaleRow(
                        int(level.get("score", level.get("position", 0))),
                        _s(level["quality"]),
                        _s(level.get("description")),
                        _s(level["quality"]) in proficient,
                        f"rubric level {_s(level['quality'])}",
                    )
                )
            break
        break
    data.service_areas = [
        ServiceAreaRow(_s(a["code"]), _s(a["name"]), _s(a.get("description")), f"service area {i}")
        for i, a in enumerate(extra.get("serviceAreas", []), 1)
    ]
    data.levels = [
        LevelRow(int(lv["number"]), _s(lv["title"]), _s(lv.get("descriptor")), f"career level {i}")
        for i, lv in enumerate(extra.get("careerLevels", []), 1)
    ]
    data.roles = [
        RoleRow(_s(r["code"]), _s(r["name"]), _s(r.get("description")), list(r.get("specialisms", [])), f"role {i}")
        for i, r in enumerate(extra.get("roles", []), 1)
    ]
    data.profiles = [
        ProfileRow(
            _s(p["code"]),
            _s(p["title"]),
            _s(p["role"]),
            int(p["level"]),
            _s(p["serviceArea"]),
            _s(p.get("summary")),
            _s(p.get("responsibilities")),
            f"role profile {i}",
        )
        for i, p in enumerate(extra.get("roleProfiles", []), 1)
    ]
    data.expectations = [
        ExpectationRow(
            _s(e["profile"]), _s(e["competence"]), _s(e["proficiency"]), bool(e.get("core", True)), f"expectation {i}"
        )
        for i, e in enumerate(extra.get("expectations", []), 1)
    ]
    return data
