"""A small framework to assess against, and assessments on it."""

from dataclasses import dataclass

import factory

from competencies import models
from competencies.assessments import services
from tests.factories.competencies import (
    CareerLevelFactory,
    CompetenceDomainFactory,
    CompetenceFactory,
    ExpectationFactory,
    FrameworkVersionFactory,
    RoleProfileFactory,
    ScaleValueFactory,
)

SCALE = [(1, "Not yet"), (2, "Developing"), (3, "Competent"), (4, "Proficient"), (5, "Expert")]


@dataclass
class SmallFramework:
    version: models.FrameworkVersion
    scale: dict[int, models.ScaleValue]
    domains: list[models.CompetenceDomain]
    competences: list[models.Competence]
    profile: models.RoleProfile
    target: models.RoleProfile


def small_framework(*, domains=2, per_domain=3, version=None, codes_from=0) -> SmallFramework:
    """A published version with a five-point scale, ``domains`` x ``per_domain`` competences, a
    practitioner profile expecting competent in all, and a specialist profile expecting proficient."""
    version = version or FrameworkVersionFactory()
    scale = {
        value: ScaleValueFactory(
            version=version, value=value, label=label, descriptor=f"{label} at this.", is_proficient=value >= 3
        )
        for value, label in SCALE
    }
    domain_objects, competences = [], []
    for d in range(domains):
        domain = CompetenceDomainFactory(version=version, code=f"D{d + 1}", name=f"Domain {d + 1}", order=d)
        domain_objects.append(domain)
        for c in range(per_domain):
            number = codes_from + d * per_domain + c + 1
            competences.append(
                CompetenceFactory(
                    version=version, domain=domain, code=f"C{number:02d}", title=f"Competence {number}", order=c
                )
            )
    profile = RoleProfileFactory(
        version=version,
        code="practitioner",
        title="Practitioner",
        role__name="Practitioner",
        level=CareerLevelFactory(version=version, number=5, title="Practitioner"),
    )
    target = RoleProfileFactory(
        version=version,
        code="specialist",
        title="Specialist practitioner",
        role__name="Specialist practitioner",
        level=CareerLevelFactory(version=version, number=6, title="Senior or specialist practitioner"),
    )
    for competence in competences:
        ExpectationFactory(role_profile=profile, competence=competence, proficiency=scale[3])
        ExpectationFactory(role_profile=target, competence=competence, proficiency=scale[4])
    return SmallFramework(version, scale, domain_objects, competences, profile, target)


def start(staff, framework: SmallFramework, *, target=False) -> models.Assessment:
    return services.assessment_start(
        staff=staff,
        role_profile=framework.profile,
        target_profile=framework.target if target else None,
        by=staff.user,
    )


def rate_all(assessment, framework: SmallFramework, value=3, **overrides) -> models.Assessment:
    """Rate every competence at ``value`` (or ``overrides[code]``) and submit."""
    entries = [
        services.SelfRatingEntry(
            rating=rating,
            value=framework.scale[overrides.get(rating.competence.code, value)],
            evidence=f"Evidence for {rating.competence.code}",
        )
        for rating in assessment.ratings.select_related("competence")
    ]
    services.ratings_save_self(assessment=assessment, by=assessment.staff.user, entries=entries)
    return services.assessment_submit(assessment=assessment, by=assessment.staff.user)


def sign_off(assessment, framework: SmallFramework, manager, value=3, **overrides) -> models.Assessment:
    entries = [
        services.ManagerRatingEntry(rating=rating, value=framework.scale[overrides.get(rating.competence.code, value)])
        for rating in assessment.ratings.select_related("competence")
    ]
    assessment = services.review_save(
        assessment=assessment, by=manager, entries=entries, revision=assessment.review_revision
    )
    return services.assessment_sign_off(assessment=assessment, by=manager)


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlanAction

    action = "Shadow a specialist at court"
    due_date = factory.Faker("future_date")


def revise(framework: SmallFramework, *, reword=(), recode=None, drop=(), notes="Revised") -> SmallFramework:
    """Copy ``framework``'s version into a new draft, change it and publish it, as an administrator would:
    competences coded in ``reword`` get new wording, ``recode`` ({old: new}) changes codes, ``drop`` removes
    competences. The old version is retired. Returns the new version as a SmallFramework."""
    from competencies.framework.services import framework_version_copy, framework_version_publish

    draft = framework_version_copy(version=framework.version, notes=notes)
    competences = {c.code: c for c in models.Competence.objects.filter(version=draft)}
    for code in reword:
        competences[code].title = f"{competences[code].title}, reworded"
        competences[code].performance = "New wording of what the person does."
        competences[code].save()
    for old, new in (recode or {}).items():
        competences[old].code = new
        competences[old].save()
    models.Expectation.objects.filter(competence__version=draft, competence__code__in=drop).delete()
    models.Competence.objects.filter(version=draft, code__in=drop).delete()
    framework_version_publish(version=draft)
    kept = list(models.Competence.objects.filter(version=draft).order_by("domain__order", "order", "pk"))
    profiles = {p.code: p for p in models.RoleProfile.objects.filter(version=draft)}
    return SmallFramework(
        version=draft,
        scale={s.value: s for s in models.ScaleValue.objects.filter(version=draft)},
        domains=list(models.CompetenceDomain.objects.filter(version=draft).order_by("order")),
        competences=kept,
        profile=profiles["practitioner"],
        target=profiles["specialist"],
    )


def appraisal_pdf(client, assessment) -> bytes:
    """The assessment's PDF as a person gets it: asked for with the form, made in the background (the tests'
    task backend makes it at once), then downloaded from its progress page."""
    from django.urls import resolve, reverse

    from workforce.downloads.models import Download

    asked = client.post(reverse("competencies:assessment-pdf", args=[assessment.pk]))
    assert asked.status_code == 302, asked.status_code
    download = Download.objects.get(pk=resolve(asked["Location"]).kwargs["pk"])
    assert download.status == Download.Status.READY, download.error
    response = client.get(reverse("workforce:download-file", args=[download.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content
