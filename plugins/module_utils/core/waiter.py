# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Poll until a resource settles: capped exponential backoff with jitter, fail fast, never sleep past the deadline.

The jitter ("equal jitter": each sleep between half the interval and the whole of it) keeps hosts that started
waiting together (a fleet, playbooks/provision.yml with --forks) from polling one API in step; a sleep never exceeds
the capped interval, so a task still returns within one interval after its resource settles.
"""

from __future__ import annotations

import random
import time

FIRST_DELAY = 1.0
BACKOFF_FACTOR = 1.5
MAX_DELAY = 12.0


class WaitError(Exception):
    """Base of the two ways a wait ends badly; `last` is the last value seen."""

    def __init__(self, message, last=None):
        super().__init__(message)
        self.last = last


class WaitFailed(WaitError):
    """The resource reached a failed state."""


class WaitTimeout(WaitError):
    """The deadline passed before the resource settled."""


_UNSET = object()


def wait_for(
    fetch,
    ready,
    failed=None,
    timeout=900,
    what="the resource",
    describe=None,
    initial=_UNSET,
    first_delay=FIRST_DELAY,
    max_delay=MAX_DELAY,
    sleep=time.sleep,
    clock=time.monotonic,
    jitter=random.random,
):
    """Call fetch() until ready(value) is true and return that value.

    failed(value) returns a message when the value is in a failed state, which ends the wait at once.
    describe(value) gives the state shown in the timeout message.
    initial, when given, is judged first, so an already settled resource costs no extra call.
    jitter() returns a number in [0, 1): each sleep is delay * (0.5 + jitter() / 2).
    """
    deadline = clock() + max(timeout, 0)
    delay = first_delay
    value = initial
    while True:
        if value is _UNSET:
            value = fetch()
        message = failed(value) if failed else None
        if message:
            raise WaitFailed("%s failed: %s" % (what, message), last=value)
        if ready(value):
            return value
        remaining = deadline - clock()
        if remaining <= 0:
            state = describe(value) if describe else None
            suffix = " (last state: %s)" % state if state else ""
            raise WaitTimeout("timed out after %ss waiting for %s%s" % (timeout, what, suffix), last=value)
        sleep(min(delay * (0.5 + jitter() / 2), remaining))
        delay = min(delay * BACKOFF_FACTOR, max_delay)
        value = _UNSET


def status_waiter(get_status, settled, failed_states=(), transient=None):
    """Build ready/failed predicates from a status vocabulary.

    get_status(value) returns the status string (None when the value is None, i.e. gone).
    A status outside settled, failed_states and transient (when given) is treated as failed, so an
    unexpected state never makes a task wait until its deadline.
    """
    settled = frozenset(settled)
    failed_states = frozenset(failed_states)
    transient = frozenset(transient) if transient is not None else None

    def ready(value):
        return get_status(value) in settled

    def failed(value):
        status = get_status(value)
        if status in failed_states:
            return "status is %s" % status
        if transient is not None and status is not None and status not in settled and status not in transient:
            return "unexpected status %s" % status
        return None

    return ready, failed
