"""The base form of every page type: it refuses any document, image, page or snippet the editor could not
have picked with the chooser.

Choosers only offer what an editor may use, but a form post can name any id (skipping the chooser). Left
unchecked, a network coordinator could attach another network's private document to a public resource and
publish it. Every reference the page makes (its own fields, StreamField blocks, rich text links and
embeds, and its inline children) is checked against what the editor may choose; references the page
already had are left alone, so an editor can still save a page someone else built.
"""

from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from cms.permissions import choosable_documents_for, choosable_images_for, choosable_pages_for

REFUSED = {
    "document": "A document chosen on this page is not one you can use. Choose it again with the document chooser.",
    "image": "An image chosen on this page is not one you can use. Choose it again with the image chooser.",
    "page": "A page linked from this page is not one you can link to. Choose it again with the page chooser.",
    "snippet": "A snippet chosen on this page is not one you can use. Choose it again with the chooser.",
}


def _kind_of(model) -> str | None:
    if issubclass(model, Page):
        return "page"
    if issubclass(model, get_document_model()):
        return "document"
    if issubclass(model, get_image_model()):
        return "image"
    if model in get_snippet_models():
        return "snippet"
    return None


def references_of(instance, *, children: bool = True) -> set[tuple[str, type, str]]:
    """(kind, model, pk) of every document, image, page and snippet an instance points at."""
    found = set()
    for field in instance._meta.get_fields():
        if field.is_relation and field.many_to_one and not isinstance(field, ParentalKey) and field.concrete:
            value = field.value_from_object(instance)
            kind = _kind_of(field.related_model)
            if value is not None and kind:
                found.add((kind, field.related_model, str(value)))
        if hasattr(field, "extract_references") and getattr(field, "concrete", False):
            value = field.value_from_object(instance)
            if value is None:
                continue
            for to_model, to_pk, _model_path, _content_path in field.extract_references(value):
                kind = _kind_of(to_model)
                if kind:
                    found.add((kind, to_model, str(to_pk)))
    if children:
        for relation in get_all_child_relations(instance):
            for child in getattr(instance, relation.get_accessor_name()).all():
                found |= references_of(child)
    return found


def choosable(user, kind: str, model):
    """What ``user`` may pick of ``kind``: the same sets the admin's choosers offer."""
    if kind == "page":
        return choosable_pages_for(user)
    if kind == "document":
        return choosable_documents_for(user)
    if kind == "image":
        return choosable_images_for(user)
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["add", "change", "delete", "view"]
    )


class ChosenObjectsPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.references_before = references_of(self.instance) if self.instance.pk else set()

    @cached_property
    def _editor(self):
        return getattr(self, "for_user", None)

    def _references_after(self):
        found = references_of(self.instance, children=False)
        for formset in self.formsets.values():
            for form in formset.forms:
                if form.cleaned_data and not form.cleaned_data.get("DELETE"):
                    found |= references_of(form.instance)
        return found

    def is_valid(self):
        valid = super().is_valid()
        if not valid or self._editor is None or self._editor.is_superuser:
            return valid
        for kind, model, pk in sorted(self._references_after() - self.references_before, key=str):
            if not choosable(self._editor, kind, model).filter(pk=pk).exists():
                self.add_error(None, REFUSED[kind])
                return False
        return valid
