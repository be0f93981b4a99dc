"""Development plans: the person's own and their managers' (line and service); 404 for everyone else.

Only the person signs up to a session or uses it as evidence from their plan; their managers are refused.
"""

from tests.competencies.assessments.url_table import MANAGERS, SEEN_BY_OWNER_AND_MANAGERS, cases, own_draft
from tests.factories.assessments import PlanActionFactory
from tests.url_table import FORBIDDEN, REDIRECT

PLANNERS_REDIRECTED = {"staff_member": REDIRECT, **dict.fromkeys(MANAGERS, REDIRECT)}
OWNER_ONLY = {"staff_member": REDIRECT, **dict.fromkeys(MANAGERS, FORBIDDEN)}


def action(world):
    return world.once("action", lambda: PlanActionFactory(assessment=own_draft(world)))


def action_kwargs(world):
    return {"action_pk": action(world).pk}


ROUTES = {
    "competencies:assessment-plan": cases(SEEN_BY_OWNER_AND_MANAGERS),
    "competencies:plan-action-status": cases(
        PLANNERS_REDIRECTED,
        method="post",
        data=lambda world: {f"a{action(world).pk}-status": "done"},
        extra_kwargs=action_kwargs,
    ),
    "competencies:plan-action-edit": cases(SEEN_BY_OWNER_AND_MANAGERS, extra_kwargs=action_kwargs),
    # Removing is asked first (the page), then done by a post; the post is tried on another team's plan only,
    # so the action is still there for every kind that asks.
    "competencies:plan-action-remove": [
        *cases(SEEN_BY_OWNER_AND_MANAGERS, extra_kwargs=action_kwargs),
        cases({}, method="post", extra_kwargs=action_kwargs)[1],
    ],
    # The action names no session, so its owner is sent back to the plan with the reason.
    "competencies:plan-action-sign-up": cases(OWNER_ONLY, method="post", extra_kwargs=action_kwargs),
    "competencies:plan-action-evidence": cases(OWNER_ONLY, method="post", extra_kwargs=action_kwargs),
}
