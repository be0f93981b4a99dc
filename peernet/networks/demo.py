"""Demo regional peer networks: members, a coordinator each, meetings, a visit, interview questions and a
panel's interview pack.

Loaded by ``manage.py load_demo_data`` after ``workforce.demo`` through the network services. Safe to run
again: networks are matched on name, people on email, meetings on title, questions on their text, packs on
their title.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from competencies.models import Competence, RoleProfile
from peernet.models import InterviewPack, InterviewQuestion, NetworkMeeting, TeamVisit
from peernet.networks import services
from peernet.networks.models import DEFAULT_SCALE
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

# Shared questions, by the code of the competence they test (skipped if the framework has no such code).
# Together they cover every core competence of a peer support volunteer, so a pack can be made from them.
QUESTIONS = [
    (
        "LD-ENG-01",
        "Tell us about a time you helped someone who did not want to talk to professionals.",
        "Patience, honesty about the role, and letting the person lead.",
    ),
    (
        "LD-ENG-02",
        "How would you explain what a peer supporter does to someone in a police cell?",
        "Plain words, no jargon, and what happens next.",
    ),
    (
        "LD-ENG-03",
        "What does your own experience bring to this role, and what would you keep private?",
        "Uses lived experience with purpose and chooses what to share.",
    ),
    (
        "LD-ENG-04",
        "Someone you support says they have messed up again. What do you say?",
        "Looks for strengths, does not judge, and knows how trauma can shape what people do.",
    ),
    (
        "LD-ENG-05",
        "The person you support misses their first appointment. What do you do next?",
        "Gets back in touch quickly, finds out what got in the way, and tries again with them.",
    ),
    (
        "LD-SCR-01",
        "What would you need to know before your first shift in a custody suite?",
        "Asks about safety rules, who to report to, and what they may and may not do.",
    ),
    (
        "LD-ASR-05",
        "How would you help someone get to an appointment they are scared of?",
        "Plans the journey with them, goes with them if needed, and stays calm.",
    ),
    (
        "LD-RSK-01",
        "What would make you end a conversation and call for help?",
        "Knows the signs of risk and the service's procedure.",
    ),
    (
        "LD-RSK-03",
        "Someone tells you they are being hurt at home. What do you do?",
        "Listens, does not promise to keep it secret, and tells their supervisor the same day.",
    ),
    (
        "LD-RSK-04",
        "A 16-year-old at court tells you something that worries you. What happens next?",
        "Knows children's safeguarding is different and follows the service's procedure.",
    ),
    (
        "LD-RSK-05",
        "What would you do if someone you support asked to meet you outside work?",
        "Keeps kind, clear boundaries and talks to their supervisor.",
    ),
    (
        "LD-PAR-01",
        "What do you know about what happens to someone after they are arrested?",
        "A simple picture of custody, charge, court and where L&D can help.",
    ),
    (
        "LD-PAR-03",
        "A police officer asks you what someone told you. What do you say?",
        "Knows what they may share, with whom, and asks their supervisor if unsure.",
    ),
    (
        "LD-SUP-01",
        "Tell us about feedback you were given that changed how you work.",
        "Is open to feedback and uses supervision to learn.",
    ),
    (
        "LD-SUP-02",
        "How do you look after yourself after a hard day?",
        "Knows their own signs of stress and what helps, and will ask for support.",
    ),
    (
        "LD-SUP-03",
        "What would you like to learn in your first six months with us?",
        "Has thought about their own learning and how to get it.",
    ),
    (
        "LD-LEA-01",
        "Which of our values matters most to you, and why?",
        "Links a value to something they have done.",
    ),
]
# These two are the North East network's own; the rest are shared with every network.
NETWORK_ONLY = {"LD-ENG-04", "LD-ASR-05"}

PACK_TITLE = "Peer support volunteer interviews, Riverside"
PACK_QUESTIONS = ["LD-ENG-02", "LD-ENG-01", "LD-ENG-03", "LD-RSK-01", "LD-RSK-05", "LD-SUP-02"]


def _user(local_part):
    return get_user_model().objects.get(username=f"{local_part}@example.org")


def _published_competences():
    return {c.code: c for c in Competence.objects.filter(version__status="published")}


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
            (datetime.time(10, 0), datetime.time(12, 30)),
            riverside,
            "Riverside L&D office, 2 Quay Street, Newcastle NE1 3AF. Meeting room 1, first floor.",
            "",
            "Welcome\nHow each team advertises\nInterview questions that worked",
            "Moorland found more applicants through local recovery groups than job boards.",
            "Beth to share Moorland's advert\nKim to collect interview questions by competence",
            people,
        ),
        (
            "Supervision and wellbeing for peers",
            today + datetime.timedelta(days=14),
            (datetime.time(13, 30), datetime.time(15, 30)),
            moorland,
            "Moorland L&D, Court House, 14 Market Place, Northallerton DL7 8AD. Ground floor training room.",
            "https://meet.example.org/ne-peer-network-wellbeing",
            "Welcome\nGroup supervision models\nWellbeing after hard days in custody",
            "",
            "",
            [],
        ),
        (
            "Interview panels: what we ask and how we score",
            today + datetime.timedelta(days=42),
            (datetime.time(9, 30), datetime.time(11, 0)),
            None,
            "",
            "https://meet.example.org/ne-peer-network-interviews",
            "Welcome\nThe interview pack Riverside uses\nScoring answers fairly\nAdjustments for candidates",
            "",
            "",
            [],
        ),
    ]
    for title, date, (start, end), host, location, online_url, agenda, notes, actions, attendees in meetings:
        services.meeting_save(
            network=north_east,
            meeting=NetworkMeeting.objects.filter(network=north_east, title=title).first(),
            title=title,
            date=date,
            start_time=start,
            end_time=end,
            host_service=host,
            location=location,
            online_url=online_url,
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
    competences = _published_competences()
    for code, question, good_answer in QUESTIONS:
        competence = competences.get(code)
        if competence is None or InterviewQuestion.objects.filter(question=question).exists():
            continue
        services.interview_question_create(
            competence=competence,
            question=question,
            good_answer=good_answer,
            network=north_east if code in NETWORK_ONLY else None,
            shared_by=riverside,
        )
    _interview_pack(north_east, competences)


def _interview_pack(network, competences) -> None:
    """A pack Kim has made for next month's volunteer interviews, so the pack and its PDF can be seen."""
    role_profile = RoleProfile.objects.filter(version__status="published", code="peer-support-volunteer").first()
    if role_profile is None or InterviewPack.objects.filter(network=network, title=PACK_TITLE).exists():
        return
    pack = services.interview_pack_create(
        network=network,
        created_by=_user("kim.walsh"),
        title=PACK_TITLE,
        role_profile=role_profile,
        candidate_name="",
        interview_date=timezone.localdate() + datetime.timedelta(days=30),
        panel="\n".join(
            [
                "Kim Walsh, peer coordinator (chair)",
                "Ellis Ward, lead peer support worker",
                "A volunteer with lived experience",
            ]
        ),
        lowest_score=0,
        scale=DEFAULT_SCALE,
    )
    by_text = {q.question: q for q in InterviewQuestion.objects.filter(competence__in=competences.values())}
    codes = {question: code for code, question, _ in QUESTIONS}
    chosen = sorted(
        (q for text, q in by_text.items() if codes.get(text) in PACK_QUESTIONS),
        key=lambda q: PACK_QUESTIONS.index(codes[q.question]),
    )
    if chosen:
        services.interview_pack_questions_set(pack=pack, questions=chosen)
