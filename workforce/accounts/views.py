from base64 import b32encode

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from workforce.accounts import services
from workforce.accounts.forms import BackupCodeForm, CodeForm
from workforce.accounts.selectors import authenticator_of, backup_codes_left, has_second_factor, passkeys_of
from workforce.accounts.sessions import session_activity_record
from workforce.common.views import crumbs, require

# The backup codes just made, kept in the session only until the page that shows them is opened.
NEW_CODES_KEY = "two_step_new_backup_codes"
NEXT_KEY = "two_step_next"


@require_POST
def session_keepalive(request):
    """The "Stay signed in" button of the timeout warning (cms/static/cms/js/app.js): the idle clock restarts.

    Signed-out visitors never reach it (``SignInRequiredMiddleware`` sends them to sign in), and a session
    already past its time is signed out before it gets here.
    """
    session_activity_record(
        session=request.session, now=timezone.now(), last_sign_in=request.user.last_login, every_time=True
    )
    return HttpResponse(status=204)


def _next_url(request, default="my-home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or request.session.get(NEXT_KEY) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def two_step_verify(request):
    """The second step of signing in: a code from the app, or (``?backup=1``) a backup code."""
    require(request.user, "workforce.manage_own_sign_in")
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(request.user):
        return redirect(f"{reverse('workforce:two-step-set-up')}?{request.GET.urlencode()}")
    backup = request.GET.get("backup") == "1"
    form_class = BackupCodeForm if backup else CodeForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(request=request, code=form.cleaned_data["code"], backup=backup)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if backup:
                left = backup_codes_left(request.user)
                messages.warning(
                    request,
                    f"You have {left} backup code{'' if left == 1 else 's'} left. "
                    "If you have lost your phone, set up your app again from “Two-step sign-in” on your home page.",
                )
            return redirect(_next_url(request))
    return render(
        request,
        "workforce/accounts/two_step_verify.html",
        {
            "form": form,
            "backup": backup,
            "next": _next_url(request),
            "has_app": authenticator_of(request.user) is not None,
            "has_passkey": passkeys_of(request.user).exists(),
        },
    )


def _qr_code_svg(uri: str) -> str:
    """The set-up link as a QR code, drawn as inline SVG (no image request, nothing for the policy to allow)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000000", light="#ffffff", omitsize=False)


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def two_step_set_up(request):
    """Set up the authenticator app: scan the code (or type the key), then enter the code the app shows."""
    require(request.user, "workforce.manage_own_sign_in")
    user = request.user
    if has_second_factor(user):
        if not user.is_verified():
            return redirect(f"{reverse('workforce:two-step-verify')}?{request.GET.urlencode()}")
        return redirect("workforce:two-step")
    if request.GET.get("next"):
        request.session[NEXT_KEY] = _next_url(request)
    device = services.authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.authenticator_confirm(request=request, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session[NEW_CODES_KEY] = codes
            return redirect("workforce:two-step-backup-codes")
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "workforce/accounts/two_step_set_up.html",
        {
            "form": form,
            "qr_code": _qr_code_svg(device.config_url),
            "setup_link": device.config_url,
            "key": _grouped(key),
        },
    )


def two_step_backup_codes(request):
    """Backup codes: shown once, just after they are made. A POST makes a new set."""
    require(request.user, "workforce.manage_own_sign_in")
    if request.method == "POST":
        request.session[NEW_CODES_KEY] = services.backup_codes_issue(user=request.user)
        return redirect("workforce:two-step-backup-codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    if codes is None:
        return redirect("workforce:two-step")
    return render(
        request,
        "workforce/accounts/two_step_backup_codes.html",
        {"codes": codes, "next": request.session.pop(NEXT_KEY, None) or reverse("my-home")},
    )


def two_step(request):
    """The person's two-step sign-in: their app, how many backup codes are left, and what they can change."""
    require(request.user, "workforce.manage_own_sign_in")
    return render(
        request,
        "workforce/accounts/two_step.html",
        {
            "authenticator": authenticator_of(request.user),
            "backup_codes_left": backup_codes_left(request.user),
            "passkeys": list(passkeys_of(request.user)),
            "breadcrumbs": crumbs(("Two-step sign-in", "")),
        },
    )


@require_POST
def two_step_replace(request):
    """A new phone, or a lost one: remove the app and codes, end other sessions, and set up again."""
    require(request.user, "workforce.manage_own_sign_in")
    services.authenticator_remove(request=request)
    messages.success(request, "Your old app and backup codes no longer work. Set up your new app now.")
    return redirect("workforce:two-step-set-up")


@require_POST
def two_step_passkey_remove(request, pk):
    require(request.user, "workforce.manage_own_sign_in")
    try:
        services.passkey_remove(user=request.user, passkey_id=pk)
    except ValidationError:
        raise Http404 from None
    messages.success(request, "The passkey is removed. It no longer signs you in.")
    return redirect("workforce:two-step")
