from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce.accounts.sessions import session_activity_record


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
