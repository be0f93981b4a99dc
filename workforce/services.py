import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from . import roles
from .models import Region, Service, StaffProfile

User = get_user_model()


def groups_for(kinds) -> list[Group]:
    groups = list(Group.objects.filter(name__in=[kind.name for kind in kinds]))
    if len(groups) != len(set(kinds)):
        raise ValidationError("A kind of user has no group. Run the migrations first.")
    return groups


def region_upsert(*, code: str, name: str) -> Region:
    region, _ = Region.objects.update_or_create(code=code, defaults={"name": name})
    return region


def service_upsert(*, name: str, provider: str, region: Region, **options) -> Service:
    service, _ = Service.objects.update_or_create(
        slug=slugify(name), defaults={"name": name, "provider": provider, "region": region, **options}
    )
    return service


@transaction.atomic
def user_upsert(
    *,
    email: str,
    first_name: str,
    last_name: str,
    kinds: tuple[roles.Kind, ...] = (),
    password: str | None = None,
    superuser: bool = False,
) -> User:
    """Create or update a person's account, matched on email (case does not matter), and add their kinds.

    The username is the email, so people sign in with the address they know. ``password`` is set only
    on a new account (re-running an import or the demo never resets one); without it the account cannot
    sign in until the person sets a password through "forgotten password".
    """
    email = email.strip().lower()
    if not email:
        raise ValidationError("An email address is needed for every person.")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if User.objects.filter(username__iexact=email).exists():
            raise ValidationError(f"Another account already uses the username {email}.")
        user = User(username=email, email=email)
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    if user._state.adding:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    if superuser:
        user.is_superuser = user.is_staff = True
    user.save()
    if kinds:
        user.groups.add(*groups_for(kinds))
    return user


@transaction.atomic
def staff_upsert(
    *,
    email: str,
    first_name: str,
    last_name: str,
    service: Service,
    job_title: str,
    kinds: tuple[roles.Kind, ...] = (roles.STAFF_MEMBER,),
    line_manager: StaffProfile | None = None,
    start_date: datetime.date | None = None,
    password: str | None = None,
) -> StaffProfile:
    """Create or update a person and their staff profile, matched on email."""
    user = user_upsert(email=email, first_name=first_name, last_name=last_name, kinds=kinds, password=password)
    existing = StaffProfile.objects.filter(user=user).first()
    if line_manager is not None and existing is not None and line_manager.pk == existing.pk:
        raise ValidationError(f"{user.email} cannot be their own line manager.")
    profile, _ = StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "service": service,
            "job_title": job_title.strip(),
            "line_manager": line_manager,
            "start_date": start_date,
            "active": True,
        },
    )
    return profile
