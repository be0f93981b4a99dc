"""What the admin's part of the role-by-URL table points at: pages, documents and images of the world's own
network, of another network and of the public site, and one of everything else the admin manages.

Each is made the first time a route asks for it (``world.once``), so a route's kwargs name a real object.
The world network's coordinator and member are the world's network coordinator and network member.
"""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Revision, Workflow

from cms.models import ContentPage
from tests.factories.networks import home_page, hub_for, network_document, publish_resource
from tests.factories.workforce import ServiceFactory
from tests.peernet.networks.url_table import network, other_network

# The smallest valid GIF, so Wagtail can read the image's size.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def home(world):
    return world.once("admin-home", home_page)


def public_page(world):
    def make():
        page = home(world).add_child(instance=ContentPage(title="About L&D Pathways", slug="about-admin-table"))
        page.save_revision().publish()
        return page

    return world.once("admin-public-page", make)


def hub(world):
    return world.once("admin-hub", lambda: hub_for(network(world)))


def other_hub(world):
    return world.once("admin-other-hub", lambda: hub_for(other_network(world)))


def resource(world):
    def make():
        hub(world)
        return publish_resource(network(world), title="Our volunteer advert", service=world.service)

    return world.once("admin-resource", make)


def other_resource(world):
    def make():
        other_hub(world)
        return publish_resource(
            other_network(world), title="Their private interview questions", service=ServiceFactory(name="Far L&D")
        )

    return world.once("admin-other-resource", make)


def public_collection(world):
    return Collection.objects.get(name="Public pages")


def document(world):
    return world.once("admin-document", lambda: network_document(network(world), name="our-advert.pdf"))


def other_document(world):
    return world.once(
        "admin-other-document", lambda: network_document(other_network(world), name="their-questions.pdf")
    )


def public_document(world):
    def make():
        return Document.objects.create(
            title="Accessibility statement",
            collection=public_collection(world),
            file=ContentFile(b"%PDF-1.4 public", name="accessibility.pdf"),
        )

    return world.once("admin-public-document", make)


def public_image(world):
    def make():
        return Image.objects.create(
            title="Team photo", collection=public_collection(world), file=ContentFile(GIF, name="team.gif")
        )

    return world.once("admin-public-image", make)


def network_image(world):
    def make():
        return Image.objects.create(
            title="Network photo", collection=other_network(world).collection, file=ContentFile(GIF, name="net.gif")
        )

    return world.once("admin-network-image", make)


def revision(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).order_by("-pk").first()


def workflow(world):
    return world.once("admin-workflow", lambda: Workflow.objects.first())


def group(world):
    return world.once("admin-group", lambda: Group.objects.get(name="Staff member"))


def root_page(world):
    return Page.get_first_root_node()


def everything(world):
    """Make every object above, so a listing shows what each kind may and may not see."""
    for make in (
        public_page,
        resource,
        other_resource,
        document,
        other_document,
        public_document,
        public_image,
        network_image,
    ):
        make(world)
