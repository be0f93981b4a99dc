"""Demo regional peer networks: members, a coordinator each, meetings, a visit and interview questions.

Loaded by ``manage.py load_demo_data`` after ``workforce.demo`` through the network services. Safe to run
again: networks are matched on name, people on email, meetings on title.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from competencies.models import Competence
from peernet.models import InterviewQuestion, NetworkMeeting, TeamVisit
from peernet.networks import services
from workforce.models import Region, Service

NETWORKS = [
    {
        "name": "North East and Yorkshire peer network",
        "region": "Y63",
        "summary": "Peer workers, peer coordinators and managers from L&D teams in the North East and Yorkshire.",
        "services": ["Riverside Liaison and Diversion", "Moorland Liaison and Diversion"],
        "coordinators": ["kim.walsh"],
        "members": ["ellis.ward", "beth.stone", "jordan.blake", "sam.okafor"],
    },
    {
        "name": "North West peer network",
        "region": "Y62",
        "summary": "L&D teams in the North West sharing how they recruit and support peer workers.",
        "services": ["Harbour City Liaison and Diversion"],
        "coordinators": ["lee.dunn"],
        "members": ["grace.lin"],
    },
]

# Shared questions, matched to a published competence whose title contains the key (skipped if none does).
QUESTIONS = [
    (
        "communicat",
        "Tell us about a time you helped someone who did not want to talk to professionals.",
        "Patience, honesty about the role, and letting the person lead.",
    ),
    (
        "communicat",
        "How would you explain what a peer supporter does to someone in a police cell?",
        "Plain words, no jargon, and what happens next.",
    ),
    (
        "boundar",
        "What would you do if someone you support asked to meet you outside work?",
        "Keeps kind, clear boundaries and talks to their supervisor.",
    ),
    (
        "risk",
        "What would make you end a conversation and call for help?",
        "Knows the signs of risk and the service's procedure.",
    ),
    (
        "",
        "What does your own experience bring to this role, and what would you keep private?",
        "Uses lived experience with purpose and chooses what to share.",
    ),
]


def _user(local_part):
    return get_user_model().objects.get(username=f"{local_part}@example.org")


def _published_competence(key):
    competences = Competence.objects.filter(version__status="published").order_by("order", "code")
    if key:
        competences = competences.filter(title__icontains=key)
    return competences.first()


def load() -> None:
    today = timezone.localdate()
    networks = {}
    for spec in NETWORKS:
        network = services.network_upsert(
            name=spec["name"],
            region=Region.objects.get(code=spec["region"]),
            summary=spec["summary"],
            services=list(Service.objects.filter(name__in=spec["services"])),
        )
        for person in spec["coordinators"]:
            services.membership_add(network=network, user=_user(person), coordinator=True)
        for person in spec["members"]:
            services.membership_add(network=network, user=_user(person))
        networks[spec["name"]] = network

    north_east = networks["North East and Yorkshire peer network"]
    riverside, moorland = (Service.objects.get(name=name) for name in NETWORKS[0]["services"])
    people = [_user(person) for person in ("kim.walsh", "ellis.ward", "beth.stone", "jordan.blake")]
    meetings = [
        (
            "Recruiting peer volunteers",
            today - datetime.timedelta(days=21),
            riverside,
            "Welcome\nHow each team advertises\nInterview questions that worked",
            "Moorland found more applicants through local recovery groups than job boards.",
            "Beth to share Moorland's advert\nKim to collect interview questions by competence",
            people,
        ),
        (
            "Supervision and wellbeing for peers",
            today + datetime.timedelta(days=14),
            moorland,
            "Welcome\nGroup supervision models\nWellbeing after hard days in custody",
            "",
            "",
            [],
        ),
    ]
    for title, date, host, agenda, notes, actions, attendees in meetings:
        services.meeting_save(
            network=north_east,
            meeting=NetworkMeeting.objects.filter(network=north_east, title=title).first(),
            title=title,
            date=date,
            host_service=host,
            agenda=agenda,
            notes=notes,
            actions=actions,
            attendees=attendees,
        )
    if not TeamVisit.objects.filter(network=north_east, visiting_service=moorland, host_service=riverside).exists():
        services.visit_create(
            network=north_east,
            visiting_service=moorland,
            host_service=riverside,
            date=today - datetime.timedelta(days=35),
            purpose="See how Riverside's lead peer worker allocates cases to volunteers by risk.",
            learning="A daily ten-minute huddle to share out cases; Moorland will try it for a month.",
        )
    for key, question, good_answer in QUESTIONS:
        competence = _published_competence(key)
        if competence is None or InterviewQuestion.objects.filter(question=question).exists():
            continue
        services.interview_question_create(
            competence=competence, question=question, good_answer=good_answer, shared_by=riverside
        )
