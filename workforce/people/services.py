import datetime
from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from workforce import roles
from workforce.models import Region, Service, StaffProfile

User = get_user_model()

# Said to someone who may change only some services, whatever the other account is: which service it is in,
# or whether it is in one at all, is not theirs to know.
OUTSIDE_YOUR_SERVICE = (
    "Someone with this email already has an account outside your service. You can only add or change people in "
    "your own service. If they are joining your team, ask an administrator to move them."
)
NOT_YOUR_SERVICE = "You cannot add staff to {service}."
OWN_LINE_MANAGER = "{person} cannot be their own line manager. Leave the line manager blank or choose someone else."
LINE_MANAGER_LOOP = (
    "{person} cannot report to {manager}, because {manager} already reports to {chain}. "
    "Choose a different line manager for one of them."
)


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
    superuser: bool | None = None,
) -> User:
    """Create or update a person's account, matched on email (case does not matter), and add their kinds.

    Kinds are only ever added, never taken away: re-running an import that leaves a kind out (or that was made
    by someone who may not give it, such as a service manager) keeps the kinds the person already has.

    The username is the email, so people sign in with the address they know. ``password`` is set only
    on a new account (re-running an import or the demo never resets one); without it the account cannot
    sign in until the person sets a password through "forgotten password". ``superuser`` True or False sets
    whether the account is a superuser; left out, it is unchanged.
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
    if superuser is not None:
        user.is_superuser = user.is_staff = superuser
    user.save()
    if kinds:
        user.groups.add(*groups_for(kinds))
    return user


def _name(user) -> str:
    return user.get_full_name() or user.email


def _refuse_line_manager_loop(*, person, profile: StaffProfile | None, line_manager: StaffProfile | None) -> None:
    """Line management is a tree: nobody may report to themselves, directly or through other people.

    Walking up from the new line manager is enough: a loop can only be closed by this person, so it shows as
    reaching them. ``seen`` stops the walk on a loop that is already saved (from before this rule).
    """
    if line_manager is None:
        return
    if line_manager.user_id == person.pk:
        raise ValidationError(OWN_LINE_MANAGER.format(person=_name(person)))
    if profile is None:
        return  # someone new has nobody reporting to them yet
    above, seen, chain = line_manager.line_manager_id, {line_manager.pk}, []
    while above is not None and above not in seen:
        if above == profile.pk:
            raise ValidationError(
                LINE_MANAGER_LOOP.format(
                    person=_name(person),
                    manager=_name(line_manager.user),
                    chain=", who reports to ".join([*(_name(step.user) for step in chain), _name(person)]),
                )
            )
        seen.add(above)
        step = StaffProfile.objects.select_related("user").get(pk=above)
        chain.append(step)
        above = step.line_manager_id


def _refuse_outside(*, email: str, service: Service, services_allowed: Collection[Service]) -> None:
    if service not in services_allowed:
        raise ValidationError(NOT_YOUR_SERVICE.format(service=service.name))
    # Matched the way user_upsert matches (email), and on username too, so a clash is refused the same way.
    accounts = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if accounts.exclude(staff_profile__service__in=services_allowed).exists():
        raise ValidationError(OUTSIDE_YOUR_SERVICE)


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
    services_allowed: Collection[Service] | None = None,
) -> StaffProfile:
    """Create or update a person and their staff profile, matched on email.

    ``services_allowed`` is for someone who may change only some services (a service manager): the person must
    end up in one of them and, if they already have an account, already be a staff member of one of them.
    Leave it out (administrators, the demo data) to let a person be moved between services.
    """
    email = email.strip().lower()
    if services_allowed is not None and email:
        _refuse_outside(email=email, service=service, services_allowed=services_allowed)
    user = user_upsert(email=email, first_name=first_name, last_name=last_name, kinds=kinds, password=password)
    existing = StaffProfile.objects.filter(user=user).first()
    _refuse_line_manager_loop(person=user, profile=existing, line_manager=line_manager)
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
