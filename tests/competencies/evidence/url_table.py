"""Evidence files and links: the person and their managers open them; only the person adds or removes;
another service's answer 404."""

from django.core.files.base import ContentFile

from competencies.models import EvidenceItem
from tests.competencies.assessments.url_table import MANAGERS, SEEN_BY_OWNER_AND_MANAGERS, cases, own_draft

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def rating(world):
    return world.once("evidence-rating", lambda: own_draft(world).ratings.order_by("pk").first())


def item(world):
    def make():
        made = EvidenceItem(rating=rating(world), title="Safeguarding certificate")
        made.file.save("certificate.pdf", ContentFile(PDF), save=False)
        made.save()
        return made

    return world.once("evidence-item", make)


ROUTES = {
    "competencies:evidence": cases(
        SEEN_BY_OWNER_AND_MANAGERS, extra_kwargs=lambda world: {"rating_pk": rating(world).pk}
    ),
    # Removing is tried on another service's assessment only, so the file is still there for every kind.
    "competencies:evidence-remove": cases({}, method="post", extra_kwargs=lambda world: {"item_pk": item(world).pk})[1],
    "competencies:evidence-download": cases(
        {"staff_member": 200, **MANAGERS}, extra_kwargs=lambda world: {"item_pk": item(world).pk}
    ),
}
