import datetime

import factory
import pytest
from django.utils.text import slugify

from peernet import models
from peernet.networks import services
from tests.factories.competencies import CompetenceFactory
from tests.factories.workforce import RegionFactory, UserFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    """Networks are made through the service, so each has its editors group and private collection."""

    class Meta:
        model = models.Network

    name = factory.Sequence(lambda n: f"Test peer network {n}")
    region = factory.SubFactory(RegionFactory)

    @classmethod
    def _create(cls, model_class, *args, services_=None, **kwargs):
        return services.network_upsert(
            name=kwargs["name"], region=kwargs["region"], summary=kwargs.get("summary", ""), services=services_
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    status = models.NetworkMembership.Status.APPROVED
    role = models.NetworkMembership.Role.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkMeeting

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Network meeting {n}")
    date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    agenda = "Welcome\nRecruiting volunteers"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NetworkSubscription

    network = factory.SubFactory(NetworkFactory)
    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    confirmed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class InterviewQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InterviewQuestion

    competence = factory.SubFactory(CompetenceFactory)
    question = factory.Sequence(lambda n: f"Tell us about a time you supported someone at court ({n}).")
    good_answer = "Keeps the person's own goals in the centre."


def add_member(network, user, coordinator=False):
    return services.membership_add(network=network, user=user, coordinator=coordinator)


def home_page():
    """The site's home page, made by migration. Browser tests empty the tables between tests and the
    serialized copy does not bring Wagtail's page tree back, so it is made again when missing."""
    from django.conf import settings
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="L&D Pathways", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    return home


def hub_for(network):
    """The network's hub page under the site's home page, with its editing rights."""
    from cms.library.services import network_hub_create

    return network_hub_create(network=network, parent=home_page(), introduction="Welcome.")


def publish_resource(network, *, title="Peer support worker job description", service=None, **options):
    from cms.library.resource import ResourceType
    from cms.library.services import resource_publish
    from tests.factories.workforce import ServiceFactory

    hub = network.hub_page if hasattr(network, "hub_page") else hub_for(network)
    options.setdefault("resource_type", ResourceType.JOB_DESCRIPTION)
    options.setdefault("summary", "The job description we use for paid peer support workers.")
    if options["resource_type"] == ResourceType.PODCAST:
        # An episode is published with its audio and a transcript, as the rules ask.
        options.setdefault("transcript", "Sam: Welcome to the episode.\n\nAli: Thanks for having me.")
        options.setdefault("documents", [network_document(network, name=f"{slugify(title)}.mp3", content=MP3)])
    return resource_publish(hub=hub, title=title, service=service or ServiceFactory(), **options)


# The start of an MP3 file with an ID3 tag: what the upload checks look for.
MP3 = b"ID3\x04" + b"\x00" * 60


def network_document(network, *, name="job-description.pdf", content=b"%PDF-1.4 test document"):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    return Document.objects.create(title=name, file=ContentFile(content, name=name), collection=network.collection)


@pytest.fixture
def disk_media(settings, tmp_path):
    """Wagtail serves documents from a real file path, which the in-memory test storage does not have."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def ensure_migrated_basics():
    """Browser tests empty every table between tests; put back the groups, collection root and home page
    the migrations made, which the network services and pages rely on."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection

    from workforce import roles

    for kind in roles.KINDS:
        Group.objects.get_or_create(name=kind.name)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return home_page()
