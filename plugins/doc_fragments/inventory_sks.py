# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Exoscale SKS inventory plugin's own options, and the environment variables of its connection options.

See managedk8s.clusters.inventory for the order of the fragments.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  zones:
    description:
      - Exoscale zones to list the clusters of, in parallel.
      - When not set, the one zone the modules use (O(zone), E(EXOSCALE_ZONE), the account's C(defaultZone), then
        V(ch-gva-2)).
      - Put C({zone}) in O(endpoint) to reach each zone's endpoint; an endpoint without it serves every zone.
    type: list
    elements: str
  endpoint:
    env:
      - name: EXOSCALE_API_ENDPOINT
  api_key:
    env:
      - name: EXOSCALE_API_KEY
  api_secret:
    env:
      - name: EXOSCALE_API_SECRET
  zone:
    env:
      - name: EXOSCALE_ZONE
  profile:
    env:
      - name: EXOSCALE_ACCOUNT
"""
