#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: oks_cluster
short_description: Create, update, upgrade and delete OUTSCALE OKS clusters
version_added: 0.1.0
description:
  - Creates, updates, upgrades and deletes a Kubernetes cluster of OUTSCALE Kubernetes as a Service (OKS).
  - A cluster lives in a project (M(managedk8s.clusters.oks_project)), given by O(project_id) or O(project_name).
    The cluster is found by O(cluster_id) when given, else by O(name) in that project.
  - A cluster can only be created in a V(ready) project; the module waits for the project first (at most
    O(wait_timeout) seconds).
  - O(description), O(admission_flags), O(tags), O(auto_maintenances), O(admin_whitelist), O(quirks) and
    O(disable_api_termination) are changed in place (C(PATCH)).
  - A new O(version) or O(control_planes) is applied as the API intends, with a C(PATCH) of the cluster, a wait
    until it is V(ready) again, then C(PATCH .../upgrade); with O(wait=true) the module then waits until the cluster
    is V(ready) with the new version. C(PATCH .../upgrade) takes the cluster to the latest version OKS offers for it
    (RV(cluster.available_upgrade)), so O(version) must name that version, and a O(control_planes) change is refused
    while an upgrade is available unless O(version) names it too; both are refused before any change, naming the
    version OKS offers.
  - A O(version) below the cluster's (OKS upgrades clusters itself in their maintenance windows) is reported with a
    warning and changes nothing; a version cannot go down.
  - Options left out at creation take the values of the cluster template of OKS (C(GET /templates/cluster)), as the
    OKS CLI does; the API chooses the rest.
  - O(name), O(project_id), O(cidr_pods), O(cidr_service), O(cluster_dns), O(admin_lbu) and O(cp_subregions) can only
    be set at creation; the module refuses to change them and lists the differences.
  - Every value is checked before any API call (names, CIDR blocks, hours, week days, versions).
  - A create whose answer was lost (a reset connection, a time-out, a server error) is never repeated blindly; the
    module looks the cluster up by name and adopts it.
  - A cluster that reaches the V(failed) status fails the task at once, with the API's explanation when it gives one.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the cluster or brings it to the options given; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  cluster_id:
    description:
      - ID of the cluster to manage. With O(cluster_id), O(name) and the project are not needed to find it, and a
        different O(name) or project is refused (they cannot change).
    type: str
  name:
    description:
      - Name of the cluster, unique in its project; 1 to 40 lowercase letters, digits and hyphens, starting with a
        letter and ending with a letter or a digit (V(^[a-z][a-z0-9-]*[a-z0-9]$)).
      - One of O(cluster_id) and O(name) is required.
    type: str
  project_id:
    description:
      - ID of the project of the cluster.
      - Unless O(cluster_id) is given, one of O(project_id) and O(project_name) is required.
    type: str
  project_name:
    description:
      - Name of the project of the cluster (one more API call than O(project_id) to find it).
    type: str
  description:
    description:
      - Description of the cluster.
    type: str
  cp_subregions:
    description:
      - Subregions where the control plane runs, for example V([2a]) or V([2a, 2b, 2c]); order does not matter.
      - One subregion makes a mono-AZ control plane; several make a multi-AZ one (C(cp_multi_az) is sent), which
        OKS builds on at least 3 subregions, so two subregions are refused before any call.
      - When left out, the API chooses (V([2a]) for the clusters it was seen to create). Cannot change after
        creation.
    type: list
    elements: str
  version:
    aliases: [kubernetes_version]
    description:
      - Kubernetes version, as V(X.Y), for example V('1.31').
      - Defaults to the version of the cluster template of OKS when the cluster is created; not managed afterwards
        unless given.
      - On an existing cluster, the version OKS offers (RV(cluster.available_upgrade)) upgrades it; any other higher
        version is refused before any change, naming the version offered. A lower version changes nothing and warns.
    type: str
  admin_lbu:
    description:
      - Whether load balancer administration is enabled for cluster management.
      - Defaults to the cluster template's value when the cluster is created. Cannot change after creation.
    type: bool
  admission_flags:
    description:
      - Kubernetes admission plugins to enable or disable on top of the default ones. Lists are compared as sets.
      - A list left out keeps the cluster's current value.
    type: dict
    suboptions:
      disable_admission_plugins:
        description:
          - Admission plugins to disable.
        type: list
        elements: str
      enable_admission_plugins:
        description:
          - Admission plugins to enable.
        type: list
        elements: str
  cidr_pods:
    description:
      - CIDR block of the pods' network, a private (RFC 1918) IPv4 range.
      - Defaults to the cluster template's value (V(10.91.0.0/16) when last seen) when the cluster is created. Cannot
        change after creation.
    type: str
  cidr_service:
    description:
      - CIDR block of the services' network, a private (RFC 1918) IPv4 range.
      - Defaults to the cluster template's value (V(10.92.0.0/16) when last seen) when the cluster is created. Cannot
        change after creation.
    type: str
  cluster_dns:
    description:
      - IP address of the cluster's DNS service, inside O(cidr_service).
      - Defaults to the cluster template's value when O(cidr_service) is left out too; otherwise the API chooses it
        (the tenth address of O(cidr_service) in the clusters it was seen to create). Cannot change after creation.
    type: str
  tags:
    description:
      - Tags of the cluster, as a dictionary of strings. The cluster gets exactly these tags.
    type: dict
  auto_maintenances:
    description:
      - Windows in which OKS applies minor and patch Kubernetes upgrades automatically.
      - When the cluster is created without this option, the API sets its default windows. Settings left out of a
        window given at creation take the cluster template's values.
      - Only the settings given are compared; the others keep the cluster's current values.
    type: dict
    suboptions:
      minor_upgrade_maintenance:
        description:
          - Window of the minor version upgrades.
        type: dict
        suboptions:
          enabled:
            description:
              - Whether the window is enabled.
            type: bool
          duration_hours:
            description:
              - Length of the window, in hours, from 0 to 23.
            type: int
          start_hour:
            description:
              - Hour at which the window starts, from 0 to 23.
            type: int
          week_day:
            description:
              - Day on which the window starts.
            type: str
            choices: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
          tz:
            description:
              - Time zone of O(auto_maintenances.minor_upgrade_maintenance.start_hour), for example V(UTC) or V(Europe/Paris).
            type: str
      patch_upgrade_maintenance:
        description:
          - Window of the patch version upgrades. Same settings as O(auto_maintenances.minor_upgrade_maintenance).
        type: dict
        suboptions:
          enabled:
            description:
              - Whether the window is enabled.
            type: bool
          duration_hours:
            description:
              - Length of the window, in hours, from 0 to 23.
            type: int
          start_hour:
            description:
              - Hour at which the window starts, from 0 to 23.
            type: int
          week_day:
            description:
              - Day on which the window starts.
            type: str
            choices: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
          tz:
            description:
              - Time zone of O(auto_maintenances.patch_upgrade_maintenance.start_hour).
            type: str
  control_planes:
    description:
      - Size of the control plane, for example V(cp.mono.master), V(cp.3.masters.small), V(cp.3.masters.medium) or
        V(cp.3.masters.large) (M(managedk8s.clusters.oks_cluster_info) lists the plans of the region).
      - Defaults to the cluster template's plan when the cluster is created. A change is applied by an upgrade, which
        also takes the cluster to the latest version OKS offers (see O(version)).
    type: str
  admin_whitelist:
    description:
      - Public IPv4 addresses or CIDR blocks allowed to reach the cluster's Kubernetes API; order does not matter.
      - Required to create a cluster. Private (RFC 1918), loopback and IPv6 addresses are refused.
    type: list
    elements: str
  quirks:
    description:
      - Special configurations or behaviours of the cluster, as OUTSCALE support gives them.
      - The API does not report quirks back, so on an existing cluster they are compared with what this option
        said, as the vendor's Terraform provider does.
    type: list
    elements: str
  disable_api_termination:
    description:
      - Whether deleting the cluster through the API is refused.
      - Defaults to V(false) when the cluster is created; not managed afterwards unless given.
      - With O(state=absent), a protected cluster is deleted only when this is V(false); the protection is lifted
        first (C(PATCH)), then the cluster is deleted. Otherwise the delete is refused before any call, naming this
        option.
    type: bool
  wait_timeout:
    description:
      - How many seconds to wait at most when O(wait=true) (and for the project to be ready before a create).
      - An upgrade takes longest; the vendor's Terraform provider allows 30 minutes for it.
    type: int
    default: 1800
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
- name: Create a cluster in the production project
  managedk8s.clusters.oks_cluster:
    project_name: production
    name: web
    version: "1.31"
    cp_subregions: [2a, 2b, 2c]
    control_planes: cp.3.masters.small
    admin_whitelist:
      - 203.0.113.0/24
    tags:
      team: platform
    auto_maintenances:
      minor_upgrade_maintenance:
        week_day: Sun
        start_hour: 3
        duration_hours: 2
      patch_upgrade_maintenance:
        week_day: Wed
        start_hour: 3
  register: web

- name: Upgrade the cluster to the version OKS offers for it
  managedk8s.clusters.oks_cluster:
    project_id: "{{ web.cluster.project_id }}"
    name: web
    version: "{{ web.cluster.available_upgrade }}"
  when: web.cluster.available_upgrade | length > 0

- name: Enable an admission plugin and allow one more address
  managedk8s.clusters.oks_cluster:
    cluster_id: "{{ web.cluster.id }}"
    admission_flags:
      enable_admission_plugins: [AlwaysPullImages]
    admin_whitelist:
      - 203.0.113.0/24
      - 198.51.100.7

- name: Delete the cluster
  managedk8s.clusters.oks_cluster:
    project_name: production
    name: web
    state: absent
"""

RETURN = r"""
cluster:
  description:
    - The cluster after the task; empty after a delete.
    - In check mode, the options given for a cluster that would be created; an existing cluster as it is now (the diff
      shows what would change).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the cluster.
      type: str
      sample: 9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61
    name:
      description: Name of the cluster.
      type: str
      sample: web
    project_id:
      description: ID of the project of the cluster.
      type: str
      sample: 3a6ea1f4-2c91-4d0e-9b5e-53f8d7d0c2a1
    description:
      description: Description of the cluster.
      type: str
      sample: Web front ends
    cp_subregions:
      description: Subregions of the control plane.
      type: list
      elements: str
      sample: [2a]
    version:
      description: Kubernetes version, as X.Y.
      type: str
      sample: "1.30"
    full_version:
      description: Kubernetes version as the API reports it.
      type: str
      sample: "1.30"
    admin_lbu:
      description: Whether load balancer administration is enabled.
      type: bool
      sample: false
    admission_flags:
      description: Admission plugins enabled and disabled on top of the defaults (sorted).
      type: dict
      sample: {"disable_admission_plugins": [], "enable_admission_plugins": ["AlwaysPullImages"]}
    applied_admission_plugins:
      description: Admission plugins applied to the cluster.
      type: list
      elements: str
      sample: [NamespaceLifecycle, PodSecurity]
    cidr_pods:
      description: CIDR block of the pods' network.
      type: str
      sample: 10.91.0.0/16
    cidr_service:
      description: CIDR block of the services' network.
      type: str
      sample: 10.92.0.0/16
    cluster_dns:
      description: IP address of the cluster's DNS service.
      type: str
      sample: 10.92.0.10
    tags:
      description: Tags of the cluster.
      type: dict
      sample: {"team": "platform"}
    auto_maintenances:
      description: Automatic upgrade windows.
      type: dict
      sample: {"minor_upgrade_maintenance": {"enabled": true, "duration_hours": 2, "start_hour": 3, "week_day": "Sun",
               "tz": "UTC"}, "patch_upgrade_maintenance": {"enabled": true, "duration_hours": 0, "start_hour": 3,
               "week_day": "Wed", "tz": "UTC"}}
    control_planes:
      description: Size of the control plane.
      type: str
      sample: cp.3.masters.small
    admin_whitelist:
      description: Addresses allowed to reach the Kubernetes API, as CIDR blocks.
      type: list
      elements: str
      sample: [203.0.113.0/24]
    quirks:
      description: Quirks of the cluster, as configured (the API does not report them).
      type: list
      elements: str
      sample: []
    disable_api_termination:
      description: Whether deleting the cluster through the API is refused.
      type: bool
      sample: false
    status:
      description: Status of the cluster (V(pending), V(deploying), V(ready), V(updating), V(upgrading), V(failed), V(deleting)).
      type: str
      sample: ready
    available_upgrade:
      description: The Kubernetes version the cluster can be upgraded to, or an empty string.
      type: str
      sample: "1.31"
    cni:
      description: Container network interface of the cluster.
      type: str
      sample: cilium
    cp_multi_az:
      description: Whether the control plane is a multi-AZ one (several subregions), as the API reports it.
      type: bool
      sample: false
    created_at:
      description: When the cluster was created.
      type: str
      sample: "2025-01-15T10:30:00Z"
    updated_at:
      description: When the cluster was last updated.
      type: str
      sample: "2025-01-15T10:45:12Z"
diff:
  description: The cluster's options before and after the task, shown with C(--diff).
  returned: always
  type: dict
  sample: {"before": {"version": "1.30"}, "after": {"version": "1.31"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.model import WEEK_DAYS


def window_spec():
    return {
        "type": "dict",
        "options": {
            "enabled": {"type": "bool"},
            "duration_hours": {"type": "int"},
            "start_hour": {"type": "int"},
            "week_day": {"type": "str", "choices": list(WEEK_DAYS)},
            "tz": {"type": "str"},
        },
    }


def argument_spec():
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "cluster_id": {"type": "str"},
        "name": {"type": "str"},
        "project_id": {"type": "str"},
        "project_name": {"type": "str"},
        "description": {"type": "str"},
        "cp_subregions": {"type": "list", "elements": "str"},
        "version": {"type": "str", "aliases": ["kubernetes_version"]},
        "admin_lbu": {"type": "bool"},
        "admission_flags": {
            "type": "dict",
            "options": {
                "disable_admission_plugins": {"type": "list", "elements": "str"},
                "enable_admission_plugins": {"type": "list", "elements": "str"},
            },
        },
        "cidr_pods": {"type": "str"},
        "cidr_service": {"type": "str"},
        "cluster_dns": {"type": "str"},
        "tags": {"type": "dict"},
        "auto_maintenances": {
            "type": "dict",
            "options": {
                "minor_upgrade_maintenance": window_spec(),
                "patch_upgrade_maintenance": window_spec(),
            },
        },
        "control_planes": {"type": "str"},
        "admin_whitelist": {"type": "list", "elements": "str"},
        "quirks": {"type": "list", "elements": "str"},
        "disable_api_termination": {"type": "bool"},
        "wait_timeout": {"type": "int", "default": 1800},
    }


def main():
    module = cloud_module(
        CLOUD,
        argument_spec(),
        wait=True,
        mutually_exclusive=[["project_id", "project_name"]],
        required_one_of=[["cluster_id", "name"], ["cluster_id", "project_id", "project_name"]],
    )
    run(module, tasks.cluster)


if __name__ == "__main__":
    main()
