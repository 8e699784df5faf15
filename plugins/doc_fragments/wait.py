# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""wait and wait_timeout (options.wait_argument_spec). A module may give wait_timeout another default in its own
documentation (options: wait_timeout: default: 1800) and pass the same default to wait_argument_spec()."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Whether to wait until the resource reaches a settled state (ready, running, active, or gone after a delete)
        before returning.
      - Waiting fails at once when the resource reaches a failed state.
      - With V(false), the module returns as soon as the API accepted the request.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most when O(wait=true).
    type: int
    default: 900
"""
