# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""create_or_adopt: a create whose answer is lost is looked up and adopted, sent again only when nothing appeared."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.adopt import answer_lost, create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError

LOST = ApiError(code="ConnectionLost", message="reset after the request went out")


class Script:
    """Plays outcomes in order: an exception is raised, anything else returned; counts the calls."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.mark.parametrize(
    "error, lost",
    [
        (LOST, True),
        (ApiError(code="Timeout", message="slow"), True),
        (ApiError(code="ConnectionError", message="reset"), True),
        (ApiError(status=500, message="internal"), True),
        (ApiError(status=502, message="bad gateway"), True),
        (ApiError(status=504, message="gateway timeout"), True),
        (ApiError(status=400, message="bad request"), False),
        (ApiError(status=409, message="conflict"), False),
        (ApiError(status=429, message="slow down"), False),
        (ApiError(code="TLSError", message="unknown CA"), False),
    ],
)
def test_which_failures_leave_the_outcome_unknown(error, lost):
    assert answer_lost(error) is lost


def test_a_create_that_answers_is_not_looked_up():
    create = Script({"id": "new"})
    assert create_or_adopt(create, lambda: pytest.fail("no look-up after an answer")) == {"id": "new"}
    assert create.calls == 1


def test_a_lost_create_that_happened_is_adopted_not_repeated():
    create, look_up = Script(LOST), Script({"id": "made-by-the-lost-call"})
    assert create_or_adopt(create, look_up) == {"id": "made-by-the-lost-call"}
    assert (create.calls, look_up.calls) == (1, 1)


def test_a_lost_create_that_did_not_happen_is_sent_again():
    create, look_up = Script(LOST, ApiError(status=502, message="bad gateway"), {"id": "new"}), Script(None, None)
    assert create_or_adopt(create, look_up) == {"id": "new"}
    assert (create.calls, look_up.calls) == (3, 2)


def test_the_second_attempt_can_be_adopted_too():
    create, look_up = Script(LOST, LOST), Script(None, {"id": "second"})
    assert create_or_adopt(create, look_up) == {"id": "second"}
    assert (create.calls, look_up.calls) == (2, 2)


def test_gives_up_after_the_attempts_with_the_last_error():
    last = ApiError(status=500, message="still failing")
    create, look_up = Script(LOST, LOST, last), Script(None, None, None)
    with pytest.raises(ApiError) as raised:
        create_or_adopt(create, look_up, attempts=3)
    assert raised.value is last and (create.calls, look_up.calls) == (3, 3)


def test_a_refusal_is_raised_at_once_without_a_look_up():
    create = Script(ApiError(status=400, message="name: invalid"))
    with pytest.raises(ApiError, match="name: invalid"):
        create_or_adopt(create, lambda: pytest.fail("a refused create must not be looked up"))
    assert create.calls == 1


def test_the_cloud_decides_what_is_unknown():
    conflict = ApiError(status=409, message="name taken")
    create, look_up = Script(conflict), Script({"id": "ours"})
    assert create_or_adopt(create, look_up, adopt_on_conflict=True) == {"id": "ours"}
