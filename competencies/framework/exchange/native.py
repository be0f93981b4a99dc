"""The project's own JSON format: a whole framework version in one file. The shipped framework uses it."""

import json

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

FORMAT = "ld-pathways-framework"


def _text(item: dict, key: str) -> str:
    value = item.get(key, "")
    return "" if value is None else str(value).strip()


def parse(raw: bytes) -> FrameworkData:
    text = decode_text(raw, what="framework file")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblems([Problem(f"line {error.lineno}", f"this is not valid JSON ({error.msg})")]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FileProblems(
            [Problem("", f'This is not an L&D Pathways framework file (it needs "format": "{FORMAT}").')]
        )
    try:
        return _read(document)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FileProblems(
            [Problem("", f"The file is missing a part or has one in the wrong shape ({error}).")]
        ) from None


def _read(document: dict) -> FrameworkData:
    framework, version = document["framework"], document.get("version", {})
    data = FrameworkData(
        name=_text(framework, "name"),
        slug=_text(framework, "slug"),
        description=_text(framework, "description"),
        owner=_text(framework, "owner"),
        version_number=version.get("number"),
        version_label=_text(version, "label"),
        version_notes=_text(version, "notes"),
        identifier=_text(framework, "identifier"),
        extra=dict(version.get("exchange") or {}),
    )
    for i, item in enumerate(document.get("service_areas", []), 1):
        data.service_areas.append(
            ServiceAreaRow(_text(item, "code"), _text(item, "name"), _text(item, "description"), f"service area {i}")
        )
    for i, item in enumerate(document.get("career_levels", []), 1):
        data.levels.append(
            LevelRow(int(item["number"]), _text(item, "title"), _text(item, "descriptor"), f"career level {i}")
        )
    for i, item in enumerate(document.get("roles", []), 1):
        data.roles.append(
            RoleRow(
                _text(item, "code"),
                _text(item, "name"),
                _text(item, "description"),
                [str(s) for s in item.get("specialisms", [])],
                f"role {i}",
            )
        )
    for i, item in enumerate(document.get("scale", []), 1):
        data.scale.append(
            ScaleRow(
                int(item["value"]),
                _text(item, "label"),
                _text(item, "descriptor"),
                bool(item.get("is_proficient")),
                f"scale value {i}",
            )
        )
    for i, item in enumerate(document.get("role_profiles", []), 1):
        responsibilities = item.get("responsibilities", [])
        if isinstance(responsibilities, list):
            responsibilities = "\n".join(str(line) for line in responsibilities)
        data.profiles.append(
            ProfileRow(
                _text(item, "code"),
                _text(item, "title"),
                _text(item, "role"),
                int(item["level"]),
                _text(item, "service_area"),
                _text(item, "summary"),
                responsibilities,
                f"role profile {i}",
            )
        )
    for i, domain in enumerate(document.get("domains", []), 1):
        code = _text(domain, "code")
        data.domains.append(
            DomainRow(
                code,
                _text(domain, "name"),
                _text(domain, "description"),
                f"domain {i}",
                dict(domain.get("exchange") or {}),
            )
        )
        for item in domain.get("competences", []):
            where = f"competence {_text(item, 'code') or '(no code)'}"
            data.competences.append(
                CompetenceRow(
                    _text(item, "code"),
                    _text(item, "title"),
                    code,
                    _text(item, "parent"),
                    _text(item, "performance"),
                    _text(item, "knowledge"),
                    _text(item, "nos_code"),
                    where,
                    dict(item.get("exchange") or {}),
                )
            )
            for profile, expected in item.get("expectations", {}).items():
                data.expectations.append(
                    ExpectationRow(
                        profile,
                        _text(item, "code"),
                        _text(expected, "proficiency"),
                        bool(expected.get("core", True)),
                        f"{where}, expectation for {profile}",
                    )
                )
    return data


def dump(data: FrameworkData) -> bytes:
    expectations: dict[str, dict] = {}
    for row in data.expectations:
        expectations.setdefault(row.competence, {})[row.profile] = {"proficiency": row.proficiency, "core": row.core}
    domains = []
    for domain in data.domains:
        items = []
        for row in data.competences:
            if row.domain != domain.code:
                continue
            item = {
                "code": row.code,
                "title": row.title,
                "performance": row.performance,
                "knowledge": row.knowledge,
                "nos_code": row.nos_code,
            }
            if row.parent:
                item["parent"] = row.parent
            if row.extra:
                item["exchange"] = row.extra
            item["expectations"] = expectations.get(row.code, {})
            items.append(item)
        entry = {"code": domain.code, "name": domain.name, "description": domain.description, "competences": items}
        if domain.extra:
            entry["exchange"] = domain.extra
        domains.append(entry)
    document = {
        "format": FORMAT,
        "format_version": 1,
        "framework": {
            "name": data.name,
            "slug": data.slug,
            "owner": data.owner,
            "description": data.description,
            **({"identifier": data.identifier} if data.identifier else {}),
        },
        "version": {
            "number": data.version_number,
            "label": data.version_label,
            "notes": data.version_notes,
            **({"exchange": data.extra} if data.extra else {}),
        },
        "service_areas": [{"code": r.code, "name": r.name, "description": r.description} for r in data.service_areas],
        "career_levels": [{"number": r.number, "title": r.title, "descriptor": r.descriptor} for r in data.levels],
        "roles": [
            {"code": r.code, "name": r.name, "description": r.description, "specialisms": r.specialisms}
            for r in data.roles
        ],
        "scale": [
            {"value": r.value, "label": r.label, "descriptor": r.descriptor, "is_proficient": r.is_proficient}
            for r in data.scale
        ],
        "role_profiles": [
            {
                "code": r.code,
                "title": r.title,
                "role": r.role,
                "level": r.level,
                "service_area": r.service_area,
                "summary": r.summary,
                "responsibilities": [line for line in r.responsibilities.splitlines() if line],
            }
            for r in data.profiles
        ],
        "domains": domains,
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
