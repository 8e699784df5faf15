#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: oks_project
short_description: Create, update and delete OUTSCALE OKS projects
version_added: 0.1.0
description:
  - Creates, updates and deletes a project of OUTSCALE Kubernetes as a Service (OKS). A project holds the Net in
    which its clusters run; clusters are managed by M(managedk8s.clusters.oks_cluster).
  - The project is found by O(project_id) when given, else by O(name) (names are unique in an account).
  - O(description), O(tags), O(quirks) and O(disable_api_termination) are changed in place. O(name), O(cidr) and
    the project's region can only be set at creation; the module refuses to change them and lists the differences.
  - A create whose answer was lost (a reset connection, a time-out, a server error) is never repeated blindly; the
    module looks the project up by name and adopts it.
  - The API refuses to delete a project that still has clusters, or whose O(disable_api_termination) is V(true);
    the module then fails with the API's reason.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the project or brings it to the options given; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  project_id:
    description:
      - ID of the project to manage. With O(project_id), a different O(name) is refused (names cannot change).
      - One of O(project_id) and O(name) is required.
    type: str
  name:
    description:
      - Name of the project, unique in the account; 1 to 40 lowercase letters, digits and hyphens, starting with a
        letter and ending with a letter or a digit (V(^[a-z][a-z0-9-]*[a-z0-9]$)).
      - Checked before any API call. Cannot change after creation.
    type: str
  description:
    description:
      - Description of the project.
    type: str
  cidr:
    description:
      - CIDR block of the project's Net, a private (RFC 1918) IPv4 range with a prefix length from V(/16) to V(/23),
        for example V(10.50.0.0/16).
      - Required to create a project. Cannot change after creation.
    type: str
  tags:
    description:
      - Tags of the project, as a dictionary of strings. The project gets exactly these tags.
    type: dict
  quirks:
    description:
      - Special configurations or behaviours of the project, as OUTSCALE support gives them.
      - The API does not report quirks back, so on an existing project they are compared with what this option
        said, as the vendor's Terraform provider does; set them to apply a change.
    type: list
    elements: str
  disable_api_termination:
    description:
      - Whether deleting the project through the API is refused.
      - Defaults to V(false) when the project is created; not managed afterwards unless given.
    type: bool
notes:
  - The project is created in O(region) (its default is the API's region).
  - With O(wait=true), the module waits until the project is V(ready) after a create or an update, and until it is
    gone after a delete. A project that reaches the V(failed) status fails the task at once.
extends_documentation_fragment:
  - managedk8s.clusters.oks
  - managedk8s.clusters.common
  - managedk8s.clusters.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.oks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Create a project and wait until it is ready
  managedk8s.clusters.oks_project:
    name: production
    description: Production clusters
    cidr: 10.50.0.0/16
    region: eu-west-2
    tags:
      team: platform
  register: project

- name: Protect the project against deletion through the API
  managedk8s.clusters.oks_project:
    name: production
    disable_api_termination: true

- name: Delete a project (its clusters must be deleted first)
  managedk8s.clusters.oks_project:
    name: staging
    state: absent
"""

RETURN = r"""
project:
  description:
    - The project after the task; empty after a delete.
    - In check mode, the options given for a project that would be created; an existing project as it is now (the diff
      shows what would change).
  returned: always
  type: dict
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
    quirks:
      description: Quirks of the project, as configured (the API does not report them).
      type: list
      elements: str
      sample: []
    disable_api_termination:
      description: Whether deleting the project through the API is refused.
      type: bool
      sample: false
    status:
      description: Status of the project (V(pending), V(deploying), V(ready), V(updating), V(failed), V(deleting)...).
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
diff:
  description: The project's options before and after the task, shown with C(--diff).
  returned: always
  type: dict
  sample: {"before": {"description": "old"}, "after": {"description": "new"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD


def argument_spec():
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "project_id": {"type": "str"},
        "name": {"type": "str"},
        "description": {"type": "str"},
        "cidr": {"type": "str"},
        "tags": {"type": "dict"},
        "quirks": {"type": "list", "elements": "str"},
        "disable_api_termination": {"type": "bool"},
    }


def main():
    module = cloud_module(CLOUD, argument_spec(), wait=True, required_one_of=[["project_id", "name"]])
    run(module, tasks.project)


if __name__ == "__main__":
    main()
