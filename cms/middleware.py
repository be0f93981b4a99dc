from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import Http404
from django.urls import reverse
from django.utils.csp import CSP, build_policy
from django.utils.functional import cached_property
from wagtail.admin.auth import permission_denied

from cms.permissions import AdminScope, area_of
from workforce import roles

# Views from these modules guard themselves: Wagtail serves public pages and applies each page's and
# collection's privacy settings; the Wagtail admin has its own sign-in page.
SELF_GUARDED_MODULES = ("wagtail.",)


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every view of the product needs a signed-in user unless it is marked ``login_not_required``.

    Secure by default: a new view is private until someone decides otherwise. Views still check *what*
    a user may do through each app's permissions; this only keeps anonymous visitors out.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "__module__", "").startswith(SELF_GUARDED_MODULES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class AdminAreaMiddleware:
    """Apply ``AdminScope`` to every admin URL. Signed-out visitors pass: Wagtail sends them to sign in."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(self.prefix) or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        view_name = match.view_name if match.url_name else ""
        scope = AdminScope(request.user)
        if not request.user.is_superuser and not scope.allows(view_name, view_kwargs):
            if area_of(view_name, view_kwargs) == "account":
                return None  # signing in and out, and resetting a password, are for everyone
            if not request.user.has_perm(roles.ADMIN_ACCESS):
                return None  # Wagtail itself tells them they cannot use the admin
            return permission_denied(request)
        if scope.hides_object(view_name, view_kwargs, request.GET):
            raise Http404
        return None


class AdminSecurityPolicyMiddleware:
    """Every response under the Wagtail admin carries the admin's own policy (``ADMIN_CSP`` in settings) and
    ``X-Frame-Options: SAMEORIGIN``; every other response keeps ``SECURE_CSP`` and ``DENY``.

    Wagtail's admin writes inline scripts and styles, so its policy allows them; nothing outside the admin
    does. The admin shows page previews in an iframe, so it may be framed by this site. The admin's views are
    Wagtail's and cannot carry Django's ``csp_override``, and that decorator would not be enough: it only fills
    a header nobody has set, and a preview is the page's own response, made by running a request for the
    page's public URL through the middleware (Wagtail's ``make_preview_request``), so it arrives with the
    app's policy and ``DENY``, which would blank the preview. So the admin's headers replace whatever is
    there. Listed after ``XFrameOptionsMiddleware``, which then leaves the SAMEORIGIN set here alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def prefix(self) -> str:
        return reverse("wagtailadmin_home")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.ADMIN_CSP)
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in person may be kept by their browser or by any cache on the way:
    ``Cache-Control: no-store, private`` on every response to them, pages, PDFs, spreadsheets, documents and
    the admin alike, replacing whatever a view set. Records about people (special-category data) must not
    be left on a shared computer or served to the next person. Comes after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response
