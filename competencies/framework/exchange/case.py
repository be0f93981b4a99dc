"""1EdTech CASE 1.1 packages (JSON): CFDocument, CFItems, CFAssociations, CFDefinitions and CFRubrics.

The top of the tree (items that are children of the document) are the framework's domains, and every item
below them is a competence, whatever its CFItemType; a package whose items sit directly under the document
(a flat framework) gets one domain named after the document, which is not written back as an item. A
competence's first isChildOf places it in the tree; every other association (a second parent,
exactMatchOf, isRelatedTo, precedes, exemplar, replacedBy, ...) is kept with the item it starts from.

Whatever CASE says about an item or the document that has no field here (its identifier and URI, its
CFItemType, notes, language, educationLevel, lastChangeDateTime, ...) is kept under ``extra["case"]`` and
written back unchanged, and identifiers are what a second import matches on. The proficiency scale is a
CFRubric. What CASE has no place for (career levels, roles, role profiles and their expectations, the two
parts of a competence) travels in the package's ``extensions``.

Everything we write has a ``uri`` served by the CASE provider (``competencies.framework.provider``).
"""

import io
import json
import uuid

from django.conf import settings
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
CASE_VERSION = "1.1"
PATH = "/ims/case/v1p1/"
# What CASE calls each version status. A draft is never "Adopted".
ADOPTION = {"draft": "Draft", "published": "Adopted", "retired": "Deprecated"}
# Fields of an item or the document that are read into the framework's own fields, so never kept twice.
ITEM_OWN = {"fullStatement", "abbreviatedStatement", "humanCodingScheme", "CFDocumentURI", "extensions"}
DOCUMENT_OWN = {"title", "description", "creator", "CFPackageURI", "extensions"}
ASSOCIATION_TYPES = {
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
}


def uri(kind: str, identifier: str) -> str:
    """The provider's address for something we publish, e.g. uri("CFItems", id)."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{PATH}{kind}/{identifier}"


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _link(title, identifier, kind="CFItems", address=""):
    return {"title": title, "identifier": identifier, "uri": address or uri(kind, identifier)}


def _kept(row) -> dict:
    return (row.extra or {}).get("case", {})


def export(data: FrameworkData) -> bytes:
    slug = data.slug or slugify(data.name)
    kept_document = dict(_kept(data).get("document", {}))
    doc_id = kept_document.pop("identifier", "") or _id(slug, "document", data.version_number)
    doc_uri = kept_document.pop("uri", "") or uri("CFDocuments", doc_id)
    doc_link = _link(data.name, doc_id, address=doc_uri)
    changed = data.changed_at or "1970-01-01T00:00:00+00:00"
    definitions = _kept(data).get("definitions") or {}
    item_types = {t.get("title"): t for t in definitions.get("CFItemTypes", []) if isinstance(t, dict)}
    for level, name in enumerate((DOMAIN, COMPETENCE), 1):
        if name not in item_types:
            identifier = _id("item-type", name)
            item_types[name] = {
                "identifier": identifier,
                "uri": uri("CFItemTypes", identifier),
                "title": name,
                "description": f"A {name.lower()} of the framework.",
                "hierarchyCode": str(level),
                "lastChangeDateTime": changed,
            }
    items, associations, ids, titles = [], [], {}, {}
    document_domains = {d.code for d in data.domains if _kept(d).get("document")}

    def item(kind, row, statement, title, notes, extensions=None):
        kept = dict(_kept(row).get("item", {}))
        identifier = kept.pop("identifier", "") or _id(slug, kind, row.code)
        ids[(kind, row.code)] = identifier
        titles[identifier] = title
        kind_name = kept.get("CFItemType") or kind
        entry = {
            "identifier": identifier,
            "uri": kept.pop("uri", "") or uri("CFItems", identifier),
            "CFDocumentURI": doc_link,
            "fullStatement": statement,
            "humanCodingScheme": row.code,
            "CFItemType": kind_name,
            "CFItemTypeURI": kept.get("CFItemTypeURI")
            or _link(kind_name, item_types.get(kind_name, item_types[kind])["identifier"], "CFItemTypes"),
            "language": "en",
            "lastChangeDateTime": changed,
        }
        if notes:
            entry["notes"] = notes
        if title != statement:
            entry["abbreviatedStatement"] = title
        entry.update(kept)
        if extensions:
            entry["extensions"] = {EXTENSION: extensions}
        items.append(_dump(entry))
        return identifier

    def child_of(row, child, parent, sequence):
        kept = dict(_kept(row).get("parent_association", {}))
        identifier = kept.pop("identifier", "") or _id(slug, "isChildOf", child, parent)
        association = {
            "identifier": identifier,
            "uri": kept.pop("uri", "") or uri("CFAssociations", identifier),
            "associationType": "isChildOf",
            "CFDocumentURI": doc_link,
            "sequenceNumber": sequence,
            "lastChangeDateTime": changed,
            "originNodeURI": _link(titles.get(child, ""), child),
            "destinationNodeURI": doc_link if parent == doc_id else _link(titles.get(parent, ""), parent),
        }
        association.update(kept)
        associations.append(_dump(association))

    for domain in data.domains:
        if domain.code not in document_domains:
            own = not _kept(domain)
            item(DOMAIN, domain, domain.name, domain.name, domain.description or "", {"domain": True} if own else None)
    for competence in data.competences:
        own = not _kept(competence)
        notes = (
            f"What the person does: {competence.performance}\nWhat they need to know and understand: "
            f"{competence.knowledge}"
            if own
            else ""
        )
        item(
            COMPETENCE,
            competence,
            competence.performance or competence.title,
            competence.title,
            notes,
            {"performance": competence.performance, "knowledge": competence.knowledge, "nosCode": competence.nos_code}
            if own
            else None,
        )
    sequence = 0
    for domain in data.domains:
        if domain.code not in document_domains:
            sequence += 1
            child_of(domain, ids[(DOMAIN, domain.code)], doc_id, sequence)
    for competence in data.competences:
        sequence += 1
        if competence.parent:
            parent = ids[(COMPETENCE, competence.parent)]
        elif competence.domain in document_domains:
            parent = doc_id
        else:
            parent = ids[(DOMAIN, competence.domain)]
        child_of(competence, ids[(COMPETENCE, competence.code)], parent, sequence)
    for row in (*data.domains, *data.competences):
        associations.extend(map(_dump, _kept(row).get("associations", [])))
    associations.extend(map(_dump, _kept(data).get("associations", [])))

    document = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": data.owner or data.name,
        "title": data.name,
        "description": data.description,
        "version": str(data.version_number or ""),
        "language": "en",
        "notes": data.version_notes,
        "caseVersion": CASE_VERSION,
        "lastChangeDateTime": changed,
    }
    document.update(kept_document)
    if data.status in ADOPTION:
        document["adoptionStatus"] = (
            kept_document.get("adoptionStatus", ADOPTION[data.status])
            if data.status == "published"
            else ADOPTION[data.status]
        )
    document.setdefault("adoptionStatus", "Draft")
    document["caseVersion"] = CASE_VERSION
    document["CFPackageURI"] = _link(data.name, doc_id, "CFPackages")
    other_definitions = {k: v for k, v in definitions.items() if k != "CFItemTypes"}
    package = {
        "CFDocument": document,
        "CFDefinitions": {
            "CFConcepts": [],
            "CFSubjects": [],
            "CFLicenses": [],
            "CFAssociationGroupings": [],
            **other_definitions,
            "CFItemTypes": list(item_types.values()),
        },
        "CFRubrics": _rubrics(data, slug, changed),
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
                "keptDocument": bool(_kept(data).get("document")),
                "documentDomain": next(
                    ({"code": d.code, "name": d.name} for d in data.domains if d.code in document_domains), None
                ),
            }
        },
    }
    # Compact, because a package of a large framework runs to megabytes; each item and association is
    # written out as it is made, so the whole package is never held as objects and as text at once.
    out = io.BytesIO()
    out.write(_dump({"CFDocument": package.pop("CFDocument")})[:-1])
    for name, parts in (("CFItems", items), ("CFAssociations", associations)):
        out.write(b',"' + name.encode() + b'":[')
        for n, part in enumerate(parts):
            if n:
                out.write(b",")
            out.write(part)
        out.write(b"]")
        parts.clear()
    out.write(b",")
    out.write(_dump(package)[1:])
    out.write(b"\n")
    return out.getvalue()


def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# What a rubric, its criterion and its levels carry that is made from the scale, so never kept twice.
RUBRIC_OWN = {"CFRubricCriteria"}
CRITERION_OWN = {"CFRubricCriterionLevels", "rubricId"}
LEVEL_OWN = {"quality", "description", "score", "position", "rubricCriterionId"}


def _rubrics(data: FrameworkData, slug: str, changed: str) -> list[dict]:
    """The scale as a CFRubric with one criterion and a level for each scale value. A rubric read from a
    package keeps its identifiers, URIs and whatever else it said (kept under ``extra["case"]["rubric"]``);
    one of our own has identifiers made from the framework's slug and version number, the same each time.
    Further rubrics and criteria a package had are written back as they came."""
    kept = _kept(data).get("rubric") or {}
    rubrics = []
    if data.scale:
        rubric = {
            "identifier": _id(slug, "rubric", data.version_number),
            "title": "Proficiency scale",
            "description": "How well a person does a competence, lowest first.",
            "lastChangeDateTime": changed,
        }
        rubric.update(kept.get("rubric") or {})
        rubric.setdefault("uri", uri("CFRubrics", rubric["identifier"]))
        criterion = {
            "identifier": _id(slug, "criterion", data.version_number),
            "category": "Proficiency",
            "description": "Proficiency in a competence",
            "position": 1,
            "lastChangeDateTime": changed,
        }
        criterion.update(kept.get("criterion") or {})
        criterion.setdefault("uri", uri("CFRubricCriteria", criterion["identifier"]))
        criterion["rubricId"] = rubric["identifier"]
        kept_levels = kept.get("levels") or {}
        levels = []
        for n, s in enumerate(sorted(data.scale, key=lambda s: s.value), 1):
            level = {"identifier": _id(slug, "level", s.value), "lastChangeDateTime": changed}
            level.update(kept_levels.get(str(s.value)) or {})
            level.setdefault("uri", uri("CFRubricCriterionLevels", level["identifier"]))
            level.update(
                {
                    "quality": s.label,
                    "description": s.descriptor or "",
                    "score": s.value,
                    "position": n,
                    "rubricCriterionId": criterion["identifier"],
                }
            )
            levels.append(level)
        criterion["CFRubricCriterionLevels"] = levels
        rubric["CFRubricCriteria"] = [criterion, *(kept.get("more_criteria") or [])]
        rubrics.append(rubric)
    return rubrics + list(_kept(data).get("more_rubrics") or [])


def _shared(tree):
    """The package with each repeated short string, and each repeated small object of strings, held once.

    A package names its document on every item and association (CFDocumentURI), and names items again at
    both ends of every association: in a package of 10,000 competences that is tens of thousands of equal
    objects, about a third of the memory the parsed package takes. Small objects are shared only if they
    hold nothing but strings; nothing that reads the package changes them."""
    strings: dict[str, str] = {}
    objects: dict[tuple, dict] = {}

    def walk(node):
        if isinstance(node, str):
            return strings.setdefault(node, node) if len(node) <= 200 else node
        if isinstance(node, list):
            node[:] = [walk(value) for value in node]
            return node
        if isinstance(node, dict):
            flat = True
            for key, value in node.items():
                node[key] = value = walk(value)
                flat = flat and isinstance(value, str)
            return objects.setdefault(tuple(node.items()), node) if flat and len(node) <= 4 else node
        return node

    return walk(tree)


def _load(raw: bytes):
    """The package's JSON; its text goes as soon as it is read, so a large package is not held twice."""
    text = decode_text(raw, what="CASE package")
    try:
        return _shared(json.loads(text))
    except json.JSONDecodeError as error:
        raise FileProblems(
            [Problem(f"line {error.lineno}, character {error.colno}", f"this is not valid JSON ({error.msg})")]
        ) from None
    except RecursionError:
        raise FileProblems([Problem("", "The package is nested too deeply to be a CASE package.")]) from None


def parse(raw: bytes) -> FrameworkData:
    package = _load(raw)
    if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
        raise FileProblems([Problem("", "This is not a CASE package: it has no CFDocument.")])
    try:
        return _read(package)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FileProblems([Problem("", f"The package has a part in the wrong shape ({error}).")]) from None


def _s(value) -> str:
    return "" if value is None else str(value).strip()


def _node(association, end) -> str:
    node = association.get(end)
    return _s(node.get("identifier")) if isinstance(node, dict) else ""


def _read(package: dict) -> FrameworkData:
    document = package["CFDocument"]
    extra = (package.get("extensions") or {}).get(EXTENSION) or {}
    doc_id = _s(document.get("identifier"))
    data = FrameworkData(
        name=_s(document.get("title")),
        description=_s(document.get("description")),
        owner=_s(document.get("creator")),
        slug=_s(extra.get("slug")) or slugify(_s(document.get("title")))[:200],
        version_label=_s(extra.get("versionLabel")),
        version_notes=_s(document.get("notes")),
        identifier=doc_id,
    )
    kept_document = {k: v for k, v in document.items() if k not in DOCUMENT_OWN}
    case_extra = {"document": kept_document}
    definitions = package.get("CFDefinitions")
    if isinstance(definitions, dict) and any(definitions.values()):
        case_extra["definitions"] = definitions
    data.extra = {"case": case_extra}

    items: dict[str, dict] = {}
    problems: list[Problem] = []
    for n, entry in enumerate(package.get("CFItems") or [], 1):
        identifier = _s(entry.get("identifier"))
        if not identifier:
            problems.append(Problem(f"CFItem {n}", "it has no identifier"))
        elif identifier in items:
            problems.append(Problem(f"CFItem {n}", f"the identifier {identifier} appears more than once"))
        items[identifier] = entry
    parents: dict[str, str] = {}
    primary: dict[str, dict] = {}
    others: dict[str, list] = {}
    loose: list = []
    for n, association in enumerate(package.get("CFAssociations") or [], 1):
        kind = _s(association.get("associationType"))
        child, parent = _node(association, "originNodeURI"), _node(association, "destinationNodeURI")
        label = f"CFAssociation {n} ({_s(association.get('identifier')) or 'no identifier'})"
        if kind not in ASSOCIATION_TYPES:
            problems.append(Problem(label, f"'{kind}' is not a CASE association type"))
            continue
        if kind == "isChildOf" and child not in items:
            problems.append(Problem(label, f"its child {child or '(none)'} is not among the CFItems"))
            continue
        if kind == "isChildOf" and child not in parents:
            parents[child], primary[child] = parent, association
        elif child in items:
            others.setdefault(child, []).append(association)
        else:
            loose.append(association)
    if loose:
        case_extra["associations"] = loose
    for child in parents:
        chain = _loop(child, parents)
        if chain:
            association = primary[child]
            problems.append(
                Problem(
                    f"CFAssociation {_s(association.get('identifier'))}",
                    "these items are children of each other in a loop: "
                    + " → ".join(_s(items[c].get("humanCodingScheme")) or c for c in chain)
                    + ". Remove one of the isChildOf associations between them.",
                )
            )
            break
    if problems:
        raise FileProblems(problems)

    codes = {identifier: _s(entry.get("humanCodingScheme")) or identifier for identifier, entry in items.items()}

    def code(identifier):
        return codes.get(identifier, identifier)

    children = set(parents.values())

    def top(identifier):
        return parents.get(identifier, doc_id) not in items

    def is_domain(identifier):
        return top(identifier) and (identifier in children or _s(items[identifier].get("CFItemType")) == DOMAIN)

    document_domain = extra.get("documentDomain") or {}
    fallback = _s(document_domain.get("code")) or _s(document.get("humanCodingScheme")) or "all"
    if any(top(i) and not is_domain(i) for i in items):
        data.domains.append(
            DomainRow(
                fallback,
                _s(document_domain.get("name")) or data.name,
                "",
                "CFDocument",
                {"case": {"document": True}},
            )
        )

    def domain_of(identifier):
        current = identifier
        while not top(current):
            current = parents[current]
        return code(current) if is_domain(current) else fallback

    def kept(identifier):
        # The item's own dictionary, less what was read into the framework's fields: no copy is made, since
        # a large package has tens of thousands of them. Everything read from it has been read by now.
        entry = items[identifier]
        for key in ITEM_OWN:
            entry.pop(key, None)
        found = {"item": entry}
        if identifier in primary:
            found["parent_association"] = primary[identifier]
        if identifier in others:
            found["associations"] = others[identifier]
        return {"case": found}

    for n, (identifier, entry) in enumerate(items.items(), 1):
        where = f"CFItem {n} ({code(identifier)})"
        full = _s(entry.get("fullStatement"))
        title = _s(entry.get("abbreviatedStatement")) or full
        if is_domain(identifier):
            own = (entry.get("extensions") or {}).get(EXTENSION)
            data.domains.append(
                DomainRow(code(identifier), title, _s(entry.get("notes")), where, {} if own else kept(identifier))
            )
            continue
        parts = (entry.get("extensions") or {}).get(EXTENSION) or {}
        parent = parents.get(identifier, "")
        # An item we wrote from one of our own competences carries its parts; its identifiers are ours.
        extra_of_item = {} if parts else kept(identifier)
        data.competences.append(
            CompetenceRow(
                code(identifier),
                title,
                domain_of(identifier),
                code(parent) if parent in items and not is_domain(parent) else "",
                _s(parts.get("performance")) if parts else full,
                _s(parts.get("knowledge")),
                _s(parts.get("nosCode")),
                where,
                extra_of_item,
            )
        )
        if parent and parent not in items and parent != doc_id:
            data.competences[-1].parent = parent
    if extra and not extra.get("keptDocument"):
        # A package we wrote of one of our own frameworks: its document's identifier is made again on export.
        data.extra, data.identifier = {}, ""

    proficient = set(extra.get("proficient", []))
    rubrics = [r for r in package.get("CFRubrics") or [] if isinstance(r, dict)]
    if rubrics:
        rubric = rubrics[0]
        criteria = [c for c in rubric.get("CFRubricCriteria") or [] if isinstance(c, dict)]
        criterion = criteria[0] if criteria else {}
        kept_levels = {}
        for level in criterion.get("CFRubricCriterionLevels") or []:
            value = int(level.get("score", level.get("position", 0)))
            data.scale.append(
                ScaleRow(
                    value,
                    _s(level["quality"]),
                    _s(level.get("description")),
                    _s(level["quality"]) in proficient,
                    f"rubric level {_s(level['quality'])}",
                )
            )
            kept_levels[str(value)] = {k: v for k, v in level.items() if k not in LEVEL_OWN}
        if data.extra:
            # Only a package from elsewhere: the rubric of one of our own is made again on export.
            data.extra["case"]["rubric"] = {
                "rubric": {k: v for k, v in rubric.items() if k not in RUBRIC_OWN},
                "criterion": {k: v for k, v in criterion.items() if k not in CRITERION_OWN},
                "levels": kept_levels,
                "more_criteria": criteria[1:],
            }
            if rubrics[1:]:
                data.extra["case"]["more_rubrics"] = rubrics[1:]
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


def _loop(start: str, parents: dict[str, str]) -> list[str]:
    """The items of a loop that ``start`` is in, first repeated at the end; empty if there is none."""
    chain, current = [start], parents.get(start)
    while current in parents and current not in chain:
        chain.append(current)
        current = parents[current]
    return [*chain, start] if current == start else []
