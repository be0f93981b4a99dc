from django.contrib.auth.middleware import LoginRequiredMiddleware

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
