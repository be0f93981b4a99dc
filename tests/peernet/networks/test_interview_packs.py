"""A coordinator makes a panel's interview pack: questions chosen and ordered, a scale, candidate and panel."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competencies.models import Competence, Expectation, FrameworkVersion, RoleProfile
from peernet.models import InterviewPack
from peernet.networks import selectors, services
from peernet.networks.services import PACK_QUESTION_NOT_AVAILABLE
from tests.factories.competencies import ExpectationFactory
from tests.factories.networks import InterviewQuestionFactory, NetworkFactory, add_member
from tests.factories.workforce import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    network = NetworkFactory(name="North peer network")
    coordinator, member = UserFactory(), UserFactory()
    add_member(network, coordinator, coordinator=True)
    add_member(network, member)
    expectation = ExpectationFactory(role_profile__title="Peer support volunteer", competence__code="ENG-01")
    second = ExpectationFactory(
        role_profile=expectation.role_profile,
        competence__version=expectation.competence.version,
        competence__domain=expectation.competence.domain,
        competence__code="RSK-01",
        proficiency=expectation.proficiency,
    )
    questions = {
        "trust": InterviewQuestionFactory(competence=expectation.competence, question="How do you build trust?"),
        "ours": InterviewQuestionFactory(
            competence=expectation.competence, network=network, question="What would you ask a new volunteer?"
        ),
        "risk": InterviewQuestionFactory(competence=second.competence, question="When would you call for help?"),
        "elsewhere": InterviewQuestionFactory(
            competence=expectation.competence, network=NetworkFactory(), question="Another network's question?"
        ),
    }
    return {
        "network": network,
        "coordinator": coordinator,
        "member": member,
        "role_profile": expectation.role_profile,
        "questions": questions,
    }


def _details(world, **changes):
    fields = {
        "title": "Volunteer interviews, March",
        "role_profile": world["role_profile"].pk,
        "candidate_name": "Sam Okafor",
        "interview_date": "14/03/2027",
        "panel": "Kim Walsh, chair\nEllis Ward, lead peer support worker",
        "lowest_score": "1",
        "scale": "Little or no evidence\nSome evidence\nGood evidence\nStrong evidence",
    }
    fields.update(changes)
    return fields


def _make_pack(world):
    return services.interview_pack_create(
        network=world["network"],
        created_by=world["coordinator"],
        title="Volunteer interviews",
        role_profile=world["role_profile"],
        candidate_name="",
        interview_date=None,
        panel="",
        lowest_score=0,
        scale="No evidence\nSome evidence\nStrong evidence",
    )


def test_coordinator_makes_a_pack_picks_and_orders_questions_and_members_open_it(client, world):
    network, questions = world["network"], world["questions"]
    client.force_login(world["coordinator"])
    response = client.post(reverse("peernet:network-pack-create", args=[network.slug]), _details(world))
    pack = InterviewPack.objects.get()
    assert response.url == reverse("peernet:network-pack-questions", args=[network.slug, pack.pk])

    choose = client.get(response.url).content.decode()
    assert "How do you build trust?" in choose and "When would you call for help?" in choose
    assert "Another network" not in choose

    trust, ours, risk = questions["trust"].pk, questions["ours"].pk, questions["risk"].pk
    client.post(
        response.url,
        {
            f"pick_{trust}": "on",
            f"order_{trust}": "2",
            f"pick_{risk}": "on",
            f"order_{risk}": "1",
            f"order_{ours}": "3",
        },
    )
    assert [item.question.pk for item in selectors.interview_pack_items(pack=pack)] == [risk, trust]

    client.force_login(world["member"])
    page = client.get(reverse("peernet:network-pack", args=[network.slug, pack.pk])).content.decode()
    assert page.index("When would you call for help?") < page.index("How do you build trust?")
    assert "What would you ask a new volunteer?" not in page
    assert "Sam Okafor" in page and "Kim Walsh, chair" in page and "Strong evidence" in page
    assert "Choose and order the questions" not in page
    pdf = client.get(reverse("peernet:network-pack-pdf", args=[network.slug, pack.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_pack_pdf_is_a_pack_a_panel_can_use(rf, world):
    pack = _make_pack(world)
    services.interview_pack_questions_set(
        pack=pack, questions=[world["questions"]["trust"], world["questions"]["risk"]]
    )
    from django.template.loader import render_to_string

    from peernet.networks.views import _pack_context

    request = rf.get("/")
    request.user = world["member"]
    html = render_to_string(
        "peernet/networks/interview_pack_pdf.html", _pack_context(request, world["network"].slug, pack.pk)
    )
    assert "Candidate" in html and "Panel members" in html and "Interview date" in html
    assert "1. How do you build trust?" in html and "2. When would you call for help?" in html
    assert html.count("<span>0</span><span>1</span><span>2</span>") == 2  # a score on the scale for each question
    assert "out of 4" in html and "No questions have been shared" not in html


def test_pack_may_hold_only_questions_its_network_can_read(world):
    pack = _make_pack(world)
    with pytest.raises(ValidationError, match=PACK_QUESTION_NOT_AVAILABLE):
        services.interview_pack_questions_set(pack=pack, questions=[world["questions"]["elsewhere"]])
    with pytest.raises(ValidationError, match="at least one"):
        services.interview_pack_questions_set(pack=pack, questions=[])


def test_choosing_no_questions_gives_a_clear_message(client, world):
    pack = _make_pack(world)
    client.force_login(world["coordinator"])
    response = client.post(reverse("peernet:network-pack-questions", args=[world["network"].slug, pack.pk]), {})
    assert "Choose at least one question for the pack." in response.content.decode()


@pytest.mark.parametrize("scale", ["Only one line", "\n".join(f"Line {n}" for n in range(11))])
def test_scale_needs_between_two_and_ten_lines(client, world, scale):
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("peernet:network-pack-create", args=[world["network"].slug]), _details(world, scale=scale)
    )
    assert "Write between 2 and 10 lines" in response.content.decode()
    assert not InterviewPack.objects.exists()


def test_members_cannot_change_packs_and_other_networks_cannot_see_them(client, world):
    pack = _make_pack(world)
    slug = world["network"].slug
    client.force_login(world["member"])
    assert client.get(reverse("peernet:network-pack-questions", args=[slug, pack.pk])).status_code == 404
    assert client.get(reverse("peernet:network-pack-edit", args=[slug, pack.pk])).status_code == 404
    outsider = UserFactory()
    other = NetworkFactory()
    add_member(other, outsider, coordinator=True)
    client.force_login(outsider)
    assert client.get(reverse("peernet:network-pack", args=[slug, pack.pk])).status_code == 404
    assert client.get(reverse("peernet:network-pack", args=[other.slug, pack.pk])).status_code == 404


def test_questions_follow_the_competence_into_a_new_framework_version(world):
    """A question written for version 1's competence still shows for the same competence in version 2."""
    old_profile = world["role_profile"]
    old_version = old_profile.version
    FrameworkVersion.objects.filter(pk=old_version.pk).update(status=FrameworkVersion.Status.RETIRED)
    new_version = FrameworkVersion.objects.create(
        framework=old_version.framework,
        number=old_version.number + 1,
        status=FrameworkVersion.Status.PUBLISHED,
        based_on=old_version,
    )
    old_expectation = Expectation.objects.filter(role_profile=old_profile).select_related("competence").first()
    old_competence = old_expectation.competence
    new_competence = Competence.objects.create(
        version=new_version, domain=old_competence.domain, code=old_competence.code, title="Build trust (revised)"
    )
    new_profile = RoleProfile.objects.create(
        version=new_version,
        code=old_profile.code,
        title=old_profile.title,
        role=old_profile.role,
        level=old_profile.level,
        service_area=old_profile.service_area,
    )
    Expectation.objects.create(
        role_profile=new_profile, competence=new_competence, proficiency=old_expectation.proficiency
    )
    sections = selectors.interview_questions_for(user=world["member"], role_profile=new_profile)
    assert [(e.competence.title, [q.question for q in qs]) for e, qs in sections] == [
        ("Build trust (revised)", ["How do you build trust?", "What would you ask a new volunteer?"])
    ]


def test_pack_page_costs_the_same_for_any_number_of_questions(client, world, django_assert_max_num_queries):
    pack = _make_pack(world)
    competence = world["questions"]["trust"].competence
    many = [InterviewQuestionFactory(competence=competence) for _ in range(10)]
    services.interview_pack_questions_set(pack=pack, questions=many)
    client.force_login(world["member"])
    url = reverse("peernet:network-pack", args=[world["network"].slug, pack.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).content.decode().count("Tell us about a time") == 10


def test_questions_follow_a_competence_whose_code_and_wording_change(world, client):
    """The new version renumbers ENG-01 as ENG-10 and rewords it: its questions stay with it, and the pages
    say they were written for the earlier wording."""
    from competencies.framework.services import framework_version_copy, framework_version_publish

    old_version = world["role_profile"].version
    FrameworkVersion.objects.filter(pk=old_version.pk).update(status=FrameworkVersion.Status.PUBLISHED)
    old_version.refresh_from_db()
    draft = framework_version_copy(version=old_version)
    renumbered = Competence.objects.get(version=draft, code="ENG-01")
    renumbered.code, renumbered.title = "ENG-10", "Build trust with people in crisis"
    renumbered.save()
    framework_version_publish(version=draft)
    new_profile = RoleProfile.objects.get(version=draft, code=world["role_profile"].code)

    sections = {
        e.competence.code: qs
        for e, qs in selectors.interview_questions_for(user=world["member"], role_profile=new_profile)
    }
    assert [q.question for q in sections["ENG-10"]] == [
        "How do you build trust?",
        "What would you ask a new volunteer?",
    ]
    assert all(q.earlier_wording for q in sections["ENG-10"])
    assert [q.earlier_wording for q in sections["RSK-01"]] == [False]

    client.force_login(world["member"])
    page = client.get(reverse("peernet:interview-pack"), {"role_profile": new_profile.pk}).content.decode()
    assert page.count("Written for an earlier wording") == 2
