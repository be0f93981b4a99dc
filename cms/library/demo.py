"""Demo public pages, news, network hubs and shared resources.

Loaded last by ``manage.py load_demo_data``, after the people and networks exist. Safe to run again: pages are
matched on slug and left alone once they exist, so an editor's changes are kept; the home page's body is only
filled while it is empty.
"""

import io
import math
import wave

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.html import escape
from wagtail.documents.models import Document

from cms.library import services
from cms.library.resource import ResourceAttachment, ResourcePage, ResourceType, Visibility
from cms.models import HomePage, NewsIndexPage, NewsPage
from competencies.models import RoleProfile
from peernet.models import Network
from peernet.networks.demo import QUESTIONS
from workforce.models import Service

HOME_BODY = [
    (
        "rich_text",
        (
            "<h2>What L&amp;D Pathways is for</h2>"
            "<p>Liaison and Diversion (L&amp;D) teams work in police custody, courts and the community with people "
            "of all ages who may need help with their mental health, a learning disability, drugs or alcohol, "
            "housing or other needs. L&amp;D Pathways helps those teams grow the people who do that work.</p>"
            "<ul><li>Staff check their skills against their role and plan their next step.</li>"
            "<li>Managers see where their team needs training.</li>"
            "<li>Peer coordinators support volunteers from their first enquiry to their next job.</li>"
            "<li>Regional peer networks share job descriptions, interview questions and adverts.</li></ul>"
        ),
    ),
    (
        "rich_text",
        (
            "<h2>The career and competency framework</h2>"
            "<p>The L&amp;D Workforce Career and Competency Framework sets out seven roles, from volunteer to "
            "strategic manager, across career levels 2 to 8. For each role profile it says which competences the "
            "job needs: what the person does, and what they need to know and understand.</p>"
            "<p>People with lived experience helped write it. It gives peer support workers a career path, and "
            "helps services plan their teams.</p>"
        ),
    ),
    (
        "inset_text",
        {
            "body": (
                "<p>Peer support workers and volunteers have lived experience of the criminal justice system. "
                "Their records are kept private to the people who support them.</p>"
            )
        },
    ),
    (
        "rich_text",
        '<p><a href="/resources/">Find job descriptions, adverts and podcasts shared by L&amp;D teams</a></p>',
    ),
]

NEWS = [
    (
        "peer-voices-podcast",
        "Listen to Peer Voices, our new podcast series",
        "Peer support workers and volunteers talk about their first year in L&D: court, custody and what helped.",
        "<p>Each episode is about 20 minutes. The first three are about starting out, working in custody, and "
        "moving on from volunteering into paid work.</p>",
    ),
    (
        "north-east-network-opens",
        "The North East and Yorkshire peer network opens to new members",
        "Peer workers, coordinators and managers in the region can now ask to join and get updates by email.",
        "<p>The network meets every two months and shares job descriptions, interview questions and adverts. "
        "Anyone can ask for its updates.</p>",
    ),
]

# (title, type, visibility, service, summary, document file name or "")
RESOURCES = [
    (
        "Peer support worker job description",
        ResourceType.JOB_DESCRIPTION,
        Visibility.NETWORK,
        "Riverside Liaison and Diversion",
        "The job description we use for paid peer support workers, written with our peer team.",
        "peer-support-worker-job-description.pdf",
    ),
    (
        "Peer volunteer advert and where we advertise",
        ResourceType.ADVERT,
        Visibility.NETWORKS,
        "Moorland Liaison and Diversion",
        "Our volunteer advert, and the recovery groups, colleges and charities that brought most applicants.",
        "peer-volunteer-advert.pdf",
    ),
    (
        "Interview questions for peer support volunteers",
        ResourceType.INTERVIEW_QUESTIONS,
        Visibility.NETWORK,
        "Riverside Liaison and Diversion",
        "Eight questions, each linked to a framework competence, with what a good answer shows.",
        "",
    ),
    (
        "First week induction pack for peer volunteers",
        ResourceType.INDUCTION_PACK,
        Visibility.PUBLIC,
        "Riverside Liaison and Diversion",
        "What a new volunteer does in their first week: shadowing, safety in custody and who to call.",
        "induction-pack.pdf",
    ),
    (
        "Peer Voices episode 1: starting out",
        ResourceType.PODCAST,
        Visibility.PUBLIC,
        "Moorland Liaison and Diversion",
        "Two volunteers talk about their first month at court and in custody.",
        "peer-voices-episode-1.wav",
    ),
]

# Shared from the app by a member, waiting for the coordinator's approval.
WAITING_GUIDE = (
    "Paying volunteers' expenses on the day",
    "How we pay bus fares and lunch in cash on the day, so nobody is out of pocket while they wait for a claim.",
    "We keep a small cash box at each court.\n\nThe volunteer signs for what they get, and the coordinator "
    "checks the sheet each Friday.",
)

# What is said in the demo episode. The demo's audio is a short tone, so the transcript is the episode.
TRANSCRIPTS = {
    "Peer Voices episode 1: starting out": "\n\n".join(
        [
            "Sam: Welcome to Peer Voices. I'm Sam, a peer coordinator in Moorland. "
            "Today two of our volunteers talk about their first month.",
            "Ali: I was nervous on my first day at court. I kept thinking, what if someone knows me?",
            "Sam: What helped?",
            "Ali: Shadowing Jo for two weeks. She showed me where to sit, and who to ask when I got stuck.",
            "Chris: For me it was the custody suite. It brought things back. "
            "I said so in supervision, and we changed my shifts for a while.",
            "Sam: Saying it out loud matters. What would you tell someone starting next month?",
            "Chris: Ask for help early. Nobody expects you to know it all.",
            "Ali: And keep a note of the good days. There are a lot of them.",
            "Sam: Thanks both. That's it for this episode of Peer Voices.",
        ]
    )
}


def _question_set_body():
    """The question set's own questions, so the resource is something a panel can read and use."""
    items = "".join(
        f"<li><p><b>{escape(question)}</b></p><p>Tests {escape(code)}. A good answer shows: {escape(good)}</p></li>"
        for code, question, good in QUESTIONS[:8]
    )
    return [
        (
            "rich_text",
            "<h2>The questions</h2><p>Ask them in this order. Each one tests a competence from the framework.</p>"
            f"<ol>{items}</ol>",
        )
    ]


def _pdf(title: str, summary: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{title}</h1><p>{summary}</p><p>Demo document for L&amp;D Pathways.</p>").write_pdf()


def _tone(seconds: float = 3.0, rate: int = 8000) -> bytes:
    """A short, quiet chime as a WAV file: enough for the player to have something to play."""
    frames = bytearray()
    for n in range(int(seconds * rate)):
        fade = 1 - n / (seconds * rate)
        frames.append(128 + int(40 * fade * math.sin(2 * math.pi * 440 * n / rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(rate)
        audio.writeframes(bytes(frames))
    return buffer.getvalue()


def _document(network: Network, name: str, title: str, summary: str) -> Document:
    existing = Document.objects.filter(collection=network.collection, title=title).first()
    if existing:
        return existing
    content = _tone() if name.endswith(".wav") else _pdf(title, summary)
    return Document.objects.create(title=title, collection=network.collection, file=ContentFile(content, name=name))


def _peer_role_profile():
    return (
        RoleProfile.objects.filter(version__status="published", title__icontains="peer")
        .order_by("level__number")
        .first()
    )


def load() -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    if not home.body:
        home.body = HOME_BODY
        home.save_revision().publish()

    news = NewsIndexPage.objects.child_of(home).first()
    if news is None:
        news = NewsIndexPage(title="News", slug="news", introduction="News from L&D Pathways and the peer networks.")
        home.add_child(instance=news)
        news.save_revision().publish()
    for slug, title, summary, body in NEWS:
        if not NewsPage.objects.child_of(news).filter(slug=slug).exists():
            post = NewsPage(title=title, slug=slug, summary=summary, body=[("rich_text", body)])
            news.add_child(instance=post)
            post.save_revision().publish()

    hubs = {}
    for network in Network.objects.active():
        hubs[network.pk] = services.network_hub_create(
            network=network,
            parent=home,
            introduction=f"News, meetings and shared resources for members of the {network.name}.",
        )

    north_east = Network.objects.filter(name="North East and Yorkshire peer network").first()
    if north_east is None:
        return
    profile = _peer_role_profile()
    kim = get_user_model().objects.filter(username="kim.walsh@example.org").first()
    for title, kind, visibility, service_name, summary, file_name in RESOURCES:
        existing = ResourcePage.objects.filter(network=north_east, title=title, adopted_from__isnull=True).first()
        if existing is not None:
            # Demo sites made before the question set had its questions get them, unless an editor wrote some.
            if kind == ResourceType.INTERVIEW_QUESTIONS and not existing.body:
                existing.body = _question_set_body()
                existing.save_revision(user=kim).publish(user=kim)
            # Demo sites made before episodes had audio and a transcript get them.
            if kind == ResourceType.PODCAST and not existing.transcript:
                existing.transcript = TRANSCRIPTS[title]
                existing.attachments = [ResourceAttachment(document=_document(north_east, file_name, title, summary))]
                existing.save_revision(user=kim).publish(user=kim)
            continue
        documents = [_document(north_east, file_name, title, summary)] if file_name else []
        services.resource_publish(
            hub=hubs[north_east.pk],
            title=title,
            resource_type=kind,
            summary=summary,
            visibility=visibility,
            service=Service.objects.get(name=service_name),
            documents=documents,
            user=kim,
            role_profile=profile if kind in (ResourceType.JOB_DESCRIPTION, ResourceType.INTERVIEW_QUESTIONS) else None,
            tags=["peer workers", "recruitment"] if kind != ResourceType.PODCAST else ["podcast"],
            body=_question_set_body() if kind == ResourceType.INTERVIEW_QUESTIONS else None,
            transcript=TRANSCRIPTS.get(title, ""),
        )

    # Ellis has shared a guide from the app; it waits for Kim, the network's coordinator, to approve it.
    ellis = get_user_model().objects.filter(username="ellis.ward@example.org").first()
    if ellis is not None and not ResourcePage.objects.filter(network=north_east, title=WAITING_GUIDE[0]).exists():
        title, summary, body_text = WAITING_GUIDE
        services.resource_share(
            user=ellis,
            network=north_east,
            resource_type=ResourceType.GUIDE,
            title=title,
            summary=summary,
            body_text=body_text,
            visibility=Visibility.NETWORKS,
        )

    # Harbour City adopts Moorland's advert, so the original shows one adoption.
    advert = ResourcePage.objects.filter(network=north_east, title=RESOURCES[1][0], adopted_from__isnull=True).first()
    lee = get_user_model().objects.filter(username="lee.dunn@example.org").first()
    north_west = Network.objects.filter(name="North West peer network").first()
    if advert and lee and north_west and not advert.adoptions.filter(service=lee.staff_profile.service).exists():
        services.resource_adopt(resource=advert, user=lee, network=north_west)
