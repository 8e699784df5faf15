#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: oks_project_info
short_description: List OUTSCALE OKS projects
version_added: 0.1.0
description:
  - Lists the OKS projects of the account, optionally filtered by name or status, optionally with each project's
    quotas.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  project_id:
    description:
      - ID of the one project to return. An unknown ID returns an empty list.
    type: str
  name:
    description:
      - Return only the project with this exact name.
    type: str
  status:
    description:
      - Return only the projects with this status.
    type: str
    choices: [pending, deploying, ready, updating, upgrading, failed, deleting]
  deleted:
    description:
      - V(true) returns deleted projects instead of the current ones.
    type: bool
  quotas:
    description:
      - Whether to return each project's quotas (one more API call per project).
    type: bool
    default: false
extends_documentation_fragment:
  - managedk8s.clusters.oks
  - managedk8s.clusters.common
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: This module only reads.
  diff_mode:
    support: none
    details: This module changes nothing.
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.oks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: List every project
  managedk8s.clusters.oks_project_info:
  register: all_projects

- name: Get one project by name, with its quotas
  managedk8s.clusters.oks_project_info:
    name: production
    quotas: true
  register: production

- name: Show the quotas
  ansible.builtin.debug:
    msg: "{{ production.projects[0].quotas | items2dict(key_name='Name', value_name='UsedValue') }}"
"""

RETURN = r"""
projects:
  description: The projects found, oldest first.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the project.
      type: str
      sample: 3a6ea1f4-2c91-4d0e-9b5e-53f8d7d0c2a1
    name:
      description: Name of the project.
      type: str
      sample: production
    description:
      description: Description of the project.
      type: str
      sample: Production clusters
    cidr:
      description: CIDR block of the project's Net.
      type: str
      sample: 10.50.0.0/16
    region:
      description: Region of the project.
      type: str
      sample: eu-west-2
    tags:
      description: Tags of the project.
      type: dict
      sample: {"team": "platform"}
    disable_api_termination:
      description: Whether deleting the project through the API is refused.
      type: bool
      sample: false
    status:
      description: Status of the project.
      type: str
      sample: ready
    created_at:
      description: When the project was created.
      type: str
      sample: "2025-01-15T10:20:30Z"
    updated_at:
      description: When the project was last updated.
      type: str
      sample: "2025-01-15T10:24:02Z"
    deleted_at:
      description: When the project was deleted, if it was.
      type: str
      sample: null
    quotas:
      description: The project's quotas, as the API returns them.
      returned: when O(quotas=true)
      type: list
      elements: dict
      sample: [{"Name": "clusters_per_project", "ShortDescription": "Clusters per project", "QuotaCollection": "OKS",
                "AccountId": "123456789012", "Description": "The maximum number of clusters in a project.",
                "MaxValue": 2, "UsedValue": 1}]
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.model import STATUSES


def argument_spec():
    return {
        "project_id": {"type": "str"},
        "name": {"type": "str"},
        "status": {"type": "str", "choices": list(STATUSES)},
        "deleted": {"type": "bool"},
        "quotas": {"type": "bool", "default": False},
    }


def main():
    module = cloud_module(CLOUD, argument_spec(), mutually_exclusive=[["project_id", "name"]])
    run(module, tasks.project_info)


if __name__ == "__main__":
    main()
