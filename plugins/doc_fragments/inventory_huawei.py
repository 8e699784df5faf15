# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Huawei Cloud HSS inventory plugin's own options, and the environment variables of its connection options.

See managedk8s.clusters.inventory for the order of the fragments.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  regions:
    description:
      - Huawei Cloud regions whose registry to list, in parallel.
      - When not set, the one region the modules use (O(region), E(HW_REGION_NAME)).
      - With O(endpoint) set, every region uses that endpoint.
    type: list
    elements: str
  enterprise_project_id:
    description:
      - List only the clusters of this enterprise project; V(all_granted_eps) for every enterprise project you
        have access to.
    type: str
  access_key:
    env:
      - name: HUAWEICLOUD_SDK_AK
      - name: HW_ACCESS_KEY
  secret_key:
    env:
      - name: HUAWEICLOUD_SDK_SK
      - name: HW_SECRET_KEY
  security_token:
    env:
      - name: HUAWEICLOUD_SDK_SECURITY_TOKEN
      - name: HW_SECURITY_TOKEN
  auth_token:
    env:
      - name: HW_AUTH_TOKEN
  project_id:
    env:
      - name: HUAWEICLOUD_SDK_PROJECT_ID
      - name: HW_PROJECT_ID
  region:
    env:
      - name: HW_REGION_NAME
"""
