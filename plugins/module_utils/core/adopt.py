# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creates whose answer may be lost: look the resource up by name, adopt it if it appeared, else create again.

HttpClient never sends a POST a second time once the server may have seen it (see http.py). The cloud clients
call ``create_or_adopt`` around their create POSTs instead: when the outcome is unknown (the connection dropped
after the request went out, a timeout, a 5xx), ``look_up()`` (GET calls, which HttpClient retries) tells whether
the server made the resource. Found: it is adopted, never created twice. Not found: the server did not act, and the
create is sent again, up to ``attempts`` sends in all. An answer that proves the server refused (a 4xx) is raised
at once.
"""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import (
    CONNECTION_ERROR,
    CONNECTION_LOST,
    TIMEOUT,
)

CREATE_ATTEMPTS = 3


def answer_lost(error):
    """True when a create that raised error may still have happened."""
    return error.code in (CONNECTION_LOST, TIMEOUT, CONNECTION_ERROR) or (error.status or 0) >= 500


def create_or_adopt(create, look_up, attempts=CREATE_ATTEMPTS, adopt_on_conflict=False):
    """create() -> result; after an unknown outcome, look_up() -> the resource made meanwhile or None.

    Returns what create() returned, or what look_up() found. The outcome is unknown when ``answer_lost(error)``;
    with ``adopt_on_conflict``, a 409 (the name is taken) is looked up too, for APIs whose names are unique, where
    what holds the name is what an earlier send made. Other errors, and the last attempt's, are raised.
    """
    last_error = None
    for _attempt in range(max(1, attempts)):
        try:
            return create()
        except ApiError as error:
            if not (answer_lost(error) or (adopt_on_conflict and error.status == 409)):
                raise
            found = look_up()
            if found is not None:
                return found
            last_error = error
    raise last_error
