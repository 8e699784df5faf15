# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Samsung Cloud Platform SKE inventory plugin's own options, and the environment variables of its connection options.

See managedk8s.clusters.inventory for the order of the fragments.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  describe_clusters:
    description:
      - Read each cluster's full record (one call per cluster, in parallel), for its endpoint URLs, network and
        security groups. The list call alone gives id, name, status, version, node count and subnet.
    type: bool
    default: true
  endpoint:
    env:
      - name: SCP_ENDPOINT
      - name: SCP_TF_ENDPOINT_OVERRIDE
  access_key:
    env:
      - name: SCP_ACCESS_KEY
      - name: SCP_TF_ACCESS_KEY
  secret_key:
    env:
      - name: SCP_SECRET_KEY
      - name: SCP_TF_SECRET_KEY
  account_id:
    env:
      - name: SCP_ACCOUNT_ID
      - name: SCP_TF_ACCOUNT_ID
  auth_token:
    env:
      - name: SCP_AUTH_TOKEN
      - name: SCP_TF_AUTH_TOKEN
"""
