"""The Wagtail admin's own URLs in the role-by-URL table: who reaches each area, and which objects.

What each kind may do is written down in ``workforce/roles.py``; this table says the same thing again
independently, URL by URL, so that a change to either shows up here:

- content editors: the public pages, their images and documents, the choosers and the admin API;
- network coordinators: their own network's hub and resources, its documents, the choosers, the API;
- administrators: every page, image and document, reports and redirects;
- superusers: everything else (users, groups, sites, collections, workflows, settings, forms);
- everyone else: nothing (sent to sign in).

Object URLs are tried with the world network's page or document, another network's, and the public
site's: a kind that may use the area but not the object gets 404.
"""

from tests import admin_world as objects
from tests.url_table import ERROR, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Route, admin_route

CE, NC, AD = "content_editor", "network_coordinator", "administrator"
EDITORS = (CE, NC, AD)


# --- Whose is which: the three page, document and image targets --------------------------------------------


def _page_cases(kwargs_for, status=OK):
    """One route per page target: the world network's resource, another network's, a public page."""
    return [
        admin_route((NC, AD), status=status, hidden=(CE,), kwargs=kwargs_for(objects.resource), label="our network"),
        admin_route(
            (AD,), status=status, hidden=(CE, NC), kwargs=kwargs_for(objects.other_resource), label="another network"
        ),
        admin_route((CE, AD), status=status, hidden=(NC,), kwargs=kwargs_for(objects.public_page), label="public page"),
    ]


def _parent_cases(kwargs_for, status=OK):
    """One route per place a page can be added: the world network's hub, another network's, the home page."""
    return [
        admin_route(
            (NC, AD), status=status, hidden=(CE,), kwargs=kwargs_for(objects.hub, "resourcepage"), label="our hub"
        ),
        admin_route(
            (AD,),
            status=status,
            hidden=(CE, NC),
            kwargs=kwargs_for(objects.other_hub, "resourcepage"),
            label="another network's hub",
        ),
        admin_route(
            (CE, AD),
            status=status,
            hidden=(NC,),
            kwargs=kwargs_for(objects.public_page, "contentpage"),
            label="public page",
        ),
    ]


def _document_cases(kwargs_for, status=OK):
    return [
        admin_route((NC, AD), status=status, hidden=(CE,), kwargs=kwargs_for(objects.document), label="our network"),
        admin_route(
            (AD,), status=status, hidden=(CE, NC), kwargs=kwargs_for(objects.other_document), label="another network"
        ),
        admin_route(
            (CE, AD), status=status, hidden=(NC,), kwargs=kwargs_for(objects.public_document), label="public collection"
        ),
    ]


def _image_cases(kwargs_for, status=OK, chooser=False):
    """Images of the public collection and of a network's. Coordinators may not use the images area at
    all (they are sent away); in a chooser, which they may open, an image that is not theirs is 404."""
    outside = (NC,) if chooser else ()
    return [
        admin_route(
            (CE, AD), status=status, hidden=outside, kwargs=kwargs_for(objects.public_image), label="public collection"
        ),
        admin_route(
            (AD,),
            status=status,
            hidden=(CE, *outside),
            kwargs=kwargs_for(objects.network_image),
            label="a network's collection",
        ),
    ]


def page_id(name="page_id"):
    return lambda target: lambda world: {name: target(world).pk}


def page_revision(target):
    def kwargs(world):
        page = target(world)
        return {"page_id": page.pk, "revision_id": objects.revision(page).pk}

    return kwargs


def add_to(parent, model):
    return lambda world: {
        "content_type_app_name": "cms",
        "content_type_model_name": model,
        "parent_page_id": parent(world).pk,
    }


def move_within_parent(target):
    def kwargs(world):
        page = target(world)
        return {"page_to_move_id": page.pk, "destination_id": page.get_parent().pk}

    return kwargs


def document_id(name="document_id"):
    return lambda target: lambda world: {name: target(world).pk}


def image_id(name="image_id"):
    return lambda target: lambda world: {name: target(world).pk}


def _everyone(status=OK):
    return Route(expect={}, default=status)


# --- Home, account and the admin's own pages ------------------------------------------------------------------

ROUTES = {
    "wagtailadmin_home": admin_route(EDITORS),
    "wagtailadmin_dismissibles": admin_route(EDITORS),
    "wagtailadmin_sprite": _everyone(),
    "wagtailadmin_javascript_catalog": _everyone(),
    # Someone already signed in to the admin is sent on; everyone else gets the form.
    "wagtailadmin_login": Route(expect=dict.fromkeys((*EDITORS, "superuser"), REDIRECT), default=OK),
    "wagtailadmin_password_reset": _everyone(),
    "wagtailadmin_password_reset_done": _everyone(),
    "wagtailadmin_password_reset_confirm": Route(
        expect={}, default=OK, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "wagtailadmin_password_reset_complete": _everyone(),
    "wagtailadmin_account": admin_route(EDITORS),
    "wagtailadmin_logout": admin_route(EDITORS, status=NOT_ALLOWED),
    # Wagtail's deliberate error page, for checking error reporting: superusers only.
    "wagtailadmin_error_test": admin_route(superuser=ERROR),
    "path:admin/test404/": admin_route(EDITORS, path="/admin/test404/"),
    "path:admin/^.*/$": admin_route(EDITORS, status=NOT_FOUND, path="/admin/no-such-page/"),
}

# --- Pages ----------------------------------------------------------------------------------------------------

ROUTES.update(
    {
        # Administrators start at the root; editors and coordinators are taken to the top of what they reach.
        "wagtailadmin_explore_root": admin_route((AD,)),
        "wagtailadmin_explore": _page_cases(page_id("parent_page_id")),
        "wagtailadmin_explore_results": _page_cases(page_id("parent_page_id")),
        "wagtailadmin_pages:search": admin_route(EDITORS),
        "wagtailadmin_pages:search_results": admin_route(EDITORS),
        "wagtailadmin_pages:type_use": admin_route(
            EDITORS, kwargs=lambda world: {"content_type_app_name": "cms", "content_type_model_name": "resourcepage"}
        ),
        "wagtailadmin_pages:type_use_results": admin_route(
            EDITORS, kwargs=lambda world: {"content_type_app_name": "cms", "content_type_model_name": "resourcepage"}
        ),
        "wagtailadmin_pages:choose_parent": admin_route(
            EDITORS, kwargs=lambda world: {"app_label": "cms", "model_name": "contentpage"}
        ),
        "wagtailadmin_pages:add": _parent_cases(add_to),
        "wagtailadmin_pages:preview_on_add": _parent_cases(add_to),
        # Each of these parents allows one page type, so choosing the type is skipped.
        "wagtailadmin_pages:add_subpage": _parent_cases(
            lambda parent, _model: page_id("parent_page_id")(parent), status=REDIRECT
        ),
        "wagtailadmin_pages:edit": _page_cases(page_id()),
        "wagtailadmin_pages:preview_on_edit": _page_cases(page_id()),
        "wagtailadmin_pages:view_draft": _page_cases(page_id()),
        "wagtailadmin_pages:usage": _page_cases(page_id()),
        "wagtailadmin_pages:delete": _page_cases(page_id()),
        "wagtailadmin_pages:unpublish": _page_cases(page_id()),
        "wagtailadmin_pages:copy": _page_cases(page_id()),
        "wagtailadmin_pages:set_privacy": _page_cases(page_id()),
        "wagtailadmin_pages:confirm_workflow_cancellation": _page_cases(page_id()),
        "wagtailadmin_pages:workflow_history": _page_cases(page_id()),
        "wagtailadmin_pages:history": _page_cases(page_id()),
        "wagtailadmin_pages:history_results": _page_cases(page_id()),
        "wagtailadmin_pages:revisions_index": _page_cases(page_id(), status=REDIRECT),
        "wagtailadmin_pages:revisions_view": _page_cases(page_revision),
        "wagtailadmin_pages:revisions_revert": _page_cases(page_revision),
        "wagtailadmin_pages:revisions_unschedule": _page_cases(page_revision),
        "wagtailadmin_pages:revisions_compare": _page_cases(
            lambda target: (
                lambda world: {"pk": target(world).pk, "revision_id_a": "earliest", "revision_id_b": "latest"}
            )
        ),
        "wagtailadmin_pages:move": _page_cases(page_id("page_to_move_id")),
        "wagtailadmin_pages:move_confirm": _page_cases(move_within_parent),
        # Changes that only come as a form post.
        "wagtailadmin_pages:set_page_position": _page_cases(page_id("page_to_move_id"), status=NOT_ALLOWED),
        "wagtailadmin_pages:lock": _page_cases(page_id(), status=NOT_ALLOWED),
        "wagtailadmin_pages:unlock": _page_cases(page_id(), status=NOT_ALLOWED),
        # These pages are no alias and have no workflow under way, so even those who may act get 404.
        "wagtailadmin_pages:convert_alias": _page_cases(page_id(), status=NOT_FOUND),
        "wagtailadmin_pages:workflow_action": _page_cases(
            lambda target: lambda world: {"page_id": target(world).pk, "action_name": "approve", "task_state_id": 1},
            status=NOT_FOUND,
        ),
        "wagtailadmin_pages:collect_workflow_action_data": _page_cases(
            lambda target: lambda world: {"page_id": target(world).pk, "action_name": "approve", "task_state_id": 1},
            status=NOT_FOUND,
        ),
        "wagtailadmin_pages:workflow_history_detail": _page_cases(
            lambda target: lambda world: {"page_id": target(world).pk, "workflow_state_id": 1},
            status=NOT_FOUND,
        ),
        "wagtailadmin_pages:workflow_preview": _page_cases(
            lambda target: lambda world: {"page_id": target(world).pk, "task_id": 1},
            status=REDIRECT,
        ),
        "wagtailadmin_editing_sessions:ping": admin_route(
            EDITORS,
            status=NOT_ALLOWED,
            kwargs=lambda world: {
                "app_label": "cms",
                "model_name": "contentpage",
                "object_id": str(objects.public_page(world).pk),
                "session_id": 1,
            },
        ),
        "wagtailadmin_editing_sessions:release": admin_route(
            EDITORS, status=NOT_ALLOWED, kwargs=lambda world: {"session_id": 1}
        ),
        "wagtailadmin_block_preview": admin_route(EDITORS, status=NOT_FOUND),
        "wagtailadmin_tag_autocomplete": admin_route(EDITORS),
        "wagtailadmin_tag_model_autocomplete": admin_route(
            EDITORS, kwargs=lambda world: {"app_name": "cms", "model_name": "resourcetag"}, status=NOT_FOUND
        ),
        # Bulk actions, in the area of the kind of object they act on. Asked with no objects, they find none.
        "wagtail_bulk_action": [
            admin_route(
                (CE, NC, AD),
                status=NOT_FOUND,
                label="pages",
                kwargs=lambda world: {"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
            ),
            admin_route(
                (CE, NC, AD),
                status=NOT_FOUND,
                label="documents",
                kwargs=lambda world: {"app_label": "wagtaildocs", "model_name": "document", "action": "delete"},
            ),
            admin_route(
                (CE, AD),
                status=NOT_FOUND,
                label="images",
                kwargs=lambda world: {"app_label": "wagtailimages", "model_name": "image", "action": "delete"},
            ),
            admin_route(
                status=NOT_FOUND,
                label="users",
                kwargs=lambda world: {"app_label": "auth", "model_name": "user", "action": "delete"},
            ),
        ],
    }
)

# --- Choosers -------------------------------------------------------------------------------------------------

ROUTES.update(
    {
        "wagtailadmin_choose_page": admin_route(EDITORS),
        # Browsing below a page: a network's pages only for its members (and administrators).
        "wagtailadmin_choose_page_child": [
            admin_route(
                (NC, AD), hidden=(CE,), kwargs=lambda world: {"parent_page_id": objects.hub(world).pk}, label="our hub"
            ),
            admin_route(
                (AD,),
                hidden=(CE, NC),
                kwargs=lambda world: {"parent_page_id": objects.other_hub(world).pk},
                label="another network's hub",
            ),
            admin_route(
                EDITORS, kwargs=lambda world: {"parent_page_id": objects.public_page(world).pk}, label="public page"
            ),
        ],
        "wagtailadmin_choose_page_search": admin_route(EDITORS),
        "wagtailadmin_choose_page_chosen_multiple": admin_route(EDITORS),
        "wagtailadmin_choose_page_external_link": admin_route(EDITORS),
        "wagtailadmin_choose_page_email_link": admin_route(EDITORS),
        "wagtailadmin_choose_page_phone_link": admin_route(EDITORS),
        "wagtailadmin_choose_page_anchor_link": admin_route(EDITORS),
        "wagtaildocs_chooser:choose": admin_route(EDITORS),
        "wagtaildocs_chooser:choose_results": admin_route(EDITORS),
        "wagtaildocs_chooser:chosen_multiple": admin_route(EDITORS),
        "wagtaildocs_chooser:create": admin_route(EDITORS),
        "wagtaildocs_chooser:chosen": _document_cases(document_id("pk")),
        "wagtailimages_chooser:choose": admin_route(EDITORS),
        "wagtailimages_chooser:choose_results": admin_route(EDITORS),
        "wagtailimages_chooser:chosen_multiple": admin_route(EDITORS),
        # Coordinators may not upload images, so the chooser's upload form sends them away.
        "wagtailimages_chooser:create": admin_route((CE, AD)),
        "wagtailimages_chooser:chosen": _image_cases(image_id("pk"), chooser=True),
        "wagtailimages_chooser:select_format": _image_cases(image_id(), chooser=True),
        "wagtailembeds:chooser": admin_route(EDITORS),
        "wagtailembeds:chooser_upload": admin_route(EDITORS),
    }
)

# --- The admin API --------------------------------------------------------------------------------------------

ROUTES.update(
    {
        "wagtailadmin_api:pages:listing": admin_route(EDITORS),
        "wagtailadmin_api:pages:detail": _page_cases(page_id("pk")),
        "wagtailadmin_api:pages:find": admin_route(EDITORS, status=NOT_FOUND),
        "wagtailadmin_api:pages:action": _page_cases(
            lambda target: lambda world: {"pk": target(world).pk, "action_name": "copy"}, status=NOT_ALLOWED
        ),
        "wagtailadmin_api:documents:listing": admin_route(EDITORS),
        "wagtailadmin_api:documents:detail": _document_cases(document_id("pk")),
        "wagtailadmin_api:documents:find": admin_route(EDITORS, status=NOT_FOUND),
        "wagtailadmin_api:images:listing": admin_route(EDITORS),
        "wagtailadmin_api:images:detail": _image_cases(image_id("pk"), chooser=True),
        "wagtailadmin_api:images:find": admin_route(EDITORS, status=NOT_FOUND),
    }
)

# --- Documents and images -------------------------------------------------------------------------------------

ROUTES.update(
    {
        "wagtaildocs:index": admin_route(EDITORS),
        "wagtaildocs:index_results": admin_route(EDITORS),
        "wagtaildocs:add": admin_route(EDITORS),
        "wagtaildocs:add_multiple": admin_route(EDITORS),
        "wagtaildocs:edit": _document_cases(document_id()),
        "wagtaildocs:delete": _document_cases(document_id()),
        "wagtaildocs:document_usage": _document_cases(document_id()),
        "wagtaildocs:edit_multiple": _document_cases(document_id("doc_id"), status=NOT_ALLOWED),
        "wagtaildocs:delete_multiple": _document_cases(document_id("doc_id"), status=NOT_ALLOWED),
        "wagtaildocs:create_multiple_from_uploaded_document": admin_route(
            EDITORS, status=NOT_ALLOWED, kwargs=lambda world: {"uploaded_file_id": 1}
        ),
        "wagtaildocs:delete_upload_multiple": admin_route(
            EDITORS, status=NOT_ALLOWED, kwargs=lambda world: {"uploaded_file_id": 1}
        ),
        "wagtailimages:index": admin_route((CE, AD)),
        "wagtailimages:index_results": admin_route((CE, AD)),
        "wagtailimages:add": admin_route((CE, AD)),
        "wagtailimages:add_multiple": admin_route((CE, AD)),
        "wagtailimages:edit": _image_cases(image_id()),
        "wagtailimages:delete": _image_cases(image_id()),
        "wagtailimages:image_usage": _image_cases(image_id()),
        # Dynamic image URLs are not set up (no WAGTAILIMAGES_SERVE view), so the generator has nothing to show.
        "wagtailimages:url_generator": _image_cases(image_id(), status=NOT_FOUND),
        "wagtailimages:url_generator_output": _image_cases(image_id(), status=NOT_FOUND),
        "wagtailimages:preview": _image_cases(
            lambda target: lambda world: {"image_id": target(world).pk, "filter_spec": "original"}
        ),
        "wagtailimages:edit_multiple": _image_cases(image_id(), status=NOT_ALLOWED),
        "wagtailimages:delete_multiple": _image_cases(image_id(), status=NOT_ALLOWED),
        "wagtailimages:create_multiple_from_uploaded_image": admin_route(
            (CE, AD), status=NOT_ALLOWED, kwargs=lambda world: {"uploaded_file_id": 1}
        ),
        "wagtailimages:delete_upload_multiple": admin_route(
            (CE, AD), status=NOT_ALLOWED, kwargs=lambda world: {"uploaded_file_id": 1}
        ),
    }
)

# --- Reports and redirects: administrators ---------------------------------------------------------------------

for _report in ("locked_pages", "site_history", "aging_pages", "page_types_usage"):
    ROUTES[f"wagtailadmin_reports:{_report}"] = admin_route((AD,))
    ROUTES[f"wagtailadmin_reports:{_report}_results"] = admin_route((AD,))


def _redirect(world):
    from wagtail.contrib.redirects.models import Redirect

    return world.once("admin-redirect", lambda: Redirect.objects.create(old_path="/old-page", redirect_link="/about/"))


ROUTES.update(
    {
        "wagtailredirects:index": admin_route((AD,)),
        "wagtailredirects:index_results": admin_route((AD,)),
        "wagtailredirects:add": admin_route((AD,)),
        "wagtailredirects:start_import": admin_route((AD,)),
        "wagtailredirects:process_import": admin_route((AD,), status=NOT_ALLOWED),
        "wagtailredirects:edit": admin_route((AD,), kwargs=lambda world: {"redirect_id": _redirect(world).pk}),
        "wagtailredirects:delete": admin_route((AD,), kwargs=lambda world: {"redirect_id": _redirect(world).pk}),
    }
)

# --- Superusers only: users, groups, sites, collections, workflows, settings, snippets, forms ----------------


def _site(world):
    from wagtail.models import Site

    return {"pk": Site.objects.get(is_default_site=True).pk}


def _user(world):
    return {"pk": world.user("staff_member").pk}


def _group(world):
    return {"pk": objects.group(world).pk}


def _collection(world):
    return {"pk": objects.public_collection(world).pk}


def _workflow(world):
    return {"pk": objects.workflow(world).pk}


def _task(world):
    from wagtail.models import Task

    return {"pk": Task.objects.first().pk}


for _action in ("index", "index_results", "add"):
    ROUTES[f"wagtailsites:{_action}"] = admin_route()
    ROUTES[f"wagtailusers_users:{_action}"] = admin_route()
    ROUTES[f"wagtailusers_groups:{_action}"] = admin_route()
for _action in ("edit", "delete", "history", "history_results", "usage", "copy"):
    ROUTES[f"wagtailsites:{_action}"] = admin_route(kwargs=_site)
    ROUTES[f"wagtailusers_users:{_action}"] = admin_route(kwargs=_user)
for _action in ("edit", "delete", "history", "history_results", "usage"):
    ROUTES[f"wagtailusers_groups:{_action}"] = admin_route(kwargs=_group)

ROUTES.update(
    {
        "wagtailadmin_collections:index": admin_route(),
        "wagtailadmin_collections:add": admin_route(),
        "wagtailadmin_collections:edit": admin_route(kwargs=_collection),
        "wagtailadmin_collections:delete": admin_route(kwargs=_collection),
        "wagtailadmin_collections:set_privacy": admin_route(
            kwargs=lambda world: {"collection_id": _collection(world)["pk"]}
        ),
        "wagtailadmin_workflows:index": admin_route(),
        "wagtailadmin_workflows:index_results": admin_route(),
        "wagtailadmin_workflows:add": admin_route(),
        "wagtailadmin_workflows:edit": admin_route(kwargs=_workflow),
        "wagtailadmin_workflows:usage": admin_route(kwargs=_workflow),
        "wagtailadmin_workflows:usage_results": admin_route(kwargs=_workflow),
        "wagtailadmin_workflows:enable": admin_route(kwargs=_workflow, status=NOT_ALLOWED),
        "wagtailadmin_workflows:disable": admin_route(kwargs=_workflow),
        "wagtailadmin_workflows:remove": admin_route(
            kwargs=lambda world: {"page_pk": objects.home(world).pk}, status=NOT_ALLOWED
        ),
        "wagtailadmin_workflows:select_task_type": admin_route(status=REDIRECT),
        "wagtailadmin_workflows:add_task": admin_route(
            kwargs=lambda world: {"app_label": "wagtailcore", "model_name": "groupapprovaltask"}
        ),
        "wagtailadmin_workflows:task_index": admin_route(),
        "wagtailadmin_workflows:task_index_results": admin_route(),
        "wagtailadmin_workflows:edit_task": admin_route(kwargs=_task),
        "wagtailadmin_workflows:disable_task": admin_route(kwargs=_task),
        "wagtailadmin_workflows:enable_task": admin_route(kwargs=_task, status=NOT_ALLOWED),
        "wagtailadmin_workflows:task_chooser": admin_route(),
        "wagtailadmin_workflows:task_chooser_results": admin_route(),
        "wagtailadmin_workflows:task_chooser_create": admin_route(),
        "wagtailadmin_workflows:task_chosen": admin_route(kwargs=lambda world: {"task_id": _task(world)["pk"]}),
        "wagtailadmin_reports:workflow": admin_route(),
        "wagtailadmin_reports:workflow_results": admin_route(),
        "wagtailadmin_reports:workflow_tasks": admin_route(),
        "wagtailadmin_reports:workflow_tasks_results": admin_route(),
        # No settings or snippets are registered, so even superusers find nothing there.
        "wagtailsettings:edit": admin_route(
            kwargs=lambda world: {"app_name": "cms", "model_name": "none"}, status=NOT_FOUND
        ),
        "wagtailsettings:preview_on_edit": admin_route(
            kwargs=lambda world: {"app_name": "cms", "model_name": "none", "pk": 1}, status=NOT_FOUND
        ),
        "wagtailsnippets:index": admin_route(status=REDIRECT),
        "wagtailforms:index": admin_route(),
        "wagtailforms:index_results": admin_route(),
        "wagtailforms:list_submissions": admin_route(
            kwargs=lambda world: {"page_id": objects.public_page(world).pk}, status=NOT_FOUND
        ),
        "wagtailforms:list_submissions_results": admin_route(
            kwargs=lambda world: {"page_id": objects.public_page(world).pk}, status=NOT_FOUND
        ),
        "wagtailforms:delete_submissions": admin_route(
            kwargs=lambda world: {"page_id": objects.public_page(world).pk}, status=REDIRECT
        ),
    }
)
