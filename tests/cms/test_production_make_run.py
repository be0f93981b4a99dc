"""`make run`: the address it prints is the one it serves, and its demo sign-ins are fixed people."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from cms.management.commands.load_demo_data import SIGN_INS
from workforce import roles

BASE_DIR = Path(__file__).resolve().parents[2]
PEER_LABELS = {"Paid peer support worker", "Peer support volunteer"}


def load_demo(site_url="http://127.0.0.1:8000", errors=None) -> str:
    out = StringIO()
    call_command("load_demo_data", site_url=site_url, stdout=out, stderr=errors or StringIO())
    return out.getvalue()


def readme_sign_ins() -> list[tuple[str, str]]:
    section = (BASE_DIR / "README.md").read_text().split("## Demo sign-ins", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", section, re.M)
    return [(kind, email) for kind, email in rows if kind not in {"Kind of user", "---"}]


@pytest.mark.parametrize(
    ("variables", "address"), [((), "127.0.0.1:8000"), (("HOST=0.0.0.0", "PORT=8123"), "0.0.0.0:8123")]
)
def test_make_run_prints_and_serves_the_same_address(variables, address):
    plan = subprocess.run(
        ["make", "-n", "run", *variables], cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=True
    ).stdout

    assert f"load_demo_data --site-url http://{address}" in plan
    assert f"runserver {address}" in plan


def sign_ins(output: str) -> list[tuple[str, str]]:
    lines = [line.strip() for line in output.splitlines() if line.startswith("  ") and "@" in line]
    return [tuple(re.split(r"\s{2,}", line, maxsplit=1)) for line in lines]


def test_demo_data_prints_the_address_given_and_the_readme_sign_ins_each_of_its_kind(db):
    output = load_demo(site_url="http://0.0.0.0:8123")

    assert "Sign in at http://0.0.0.0:8123/accounts/login/" in output
    assert "8000" not in output
    assert sign_ins(output) == readme_sign_ins()
    users = {user.email: user for user in get_user_model().objects.filter(email__in=[e for _k, e, _n in SIGN_INS])}
    kinds = {kind.name: kind for kind in roles.KINDS}
    for label, email, _note in SIGN_INS:
        user = users[email]
        assert user.is_active and user.has_usable_password()
        if label == "Superuser":
            assert user.is_superuser
        else:
            kind = roles.PEER_WORKER if label in PEER_LABELS else kinds[label]
            assert user.groups.filter(name=kind.name).exists(), f"{email} is not a {kind.name}"


def test_the_sign_in_list_stays_the_same_as_the_demo_is_used(db):
    before = load_demo()
    # People are given more kinds and new people join, as happens when the demo is tried out.
    tom = get_user_model().objects.get(email="tom.reid@example.org")
    tom.groups.add(Group.objects.get(name=roles.LINE_MANAGER.name))
    newcomer = get_user_model().objects.create_user("new.starter@example.org", "new.starter@example.org", "x" * 16)
    newcomer.groups.add(Group.objects.get(name=roles.STAFF_MEMBER.name))
    get_user_model().objects.filter(email="priya.shah@example.org").update(is_active=False)
    errors = StringIO()

    after = load_demo(errors=errors)

    assert sign_ins(after) == sign_ins(before)
    assert ("Staff member", "tom.reid@example.org") in sign_ins(after)
    assert "new.starter@example.org" not in after
    # A demo account someone switched off is named, with what to do about it.
    assert "priya.shah@example.org" in errors.getvalue()
    assert "Switch them back on" in errors.getvalue()
