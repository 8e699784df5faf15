#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sks_cluster_info
short_description: List Exoscale SKS clusters, their node pools and the available Kubernetes versions
version_added: 0.1.0
description:
  - Returns the SKS clusters of a zone with their node pools, optionally only the one with an ID or a name,
    and the Kubernetes versions the zone offers for new clusters.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  id:
    description:
      - Return only the cluster with this ID (an empty list when there is none).
    type: str
  name:
    description:
      - Return only the clusters with this name (names are not unique on Exoscale).
    type: str
  include_deprecated_versions:
    description:
      - Whether RV(versions) also lists the deprecated Kubernetes versions.
    type: bool
    default: false
extends_documentation_fragment:
  - managedk8s.clusters.sks
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
    membership: [managedk8s.clusters.sks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: List the clusters of a zone
  managedk8s.clusters.sks_cluster_info:
    zone: ch-gva-2
  register: sks

- name: Show the newest Kubernetes version on offer
  ansible.builtin.debug:
    msg: "{{ sks.versions | first }}"

- name: Get one cluster by name
  managedk8s.clusters.sks_cluster_info:
    zone: ch-gva-2
    name: production
  register: production
"""

RETURN = r"""
clusters:
  description: The clusters, each with its node pools.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the cluster.
      type: str
      sample: 8561ee34-09f0-42da-a765-abde807f944b
    name:
      description: Name of the cluster.
      type: str
      sample: production
    description:
      description: Description of the cluster.
      type: str
      sample: Production workloads
    labels:
      description: Labels of the cluster.
      type: dict
      sample: {"team": "platform"}
    level:
      description: Service level.
      type: str
      sample: pro
    cni:
      description: Container network interface.
      type: str
      sample: calico
    auto_upgrade:
      description: Whether the control plane is upgraded automatically.
      type: bool
      sample: false
    oidc:
      description: OpenID Connect configuration.
      type: dict
      sample: null
    addons:
      description: Addons of the cluster, sorted.
      type: list
      elements: str
      sample: ["exoscale-cloud-controller", "metrics-server"]
    version:
      description: Kubernetes version of the control plane.
      type: str
      sample: 1.33.2
    state:
      description: State of the cluster.
      type: str
      sample: running
    endpoint:
      description: URL of the Kubernetes API server.
      type: str
      sample: https://8561ee34-09f0-42da-a765-abde807f944b.sks-ch-gva-2.exo.io:443
    created_at:
      description: When the cluster was created.
      type: str
      sample: "2024-05-01T10:00:00.000Z"
    default_security_group_id:
      description: ID of the security group the API created for the cluster, if any.
      type: str
      sample: null
    enable_kube_proxy:
      description: Whether kube-proxy is deployed.
      type: bool
      sample: true
    feature_gates:
      description: Kubernetes feature gates enabled on the API server.
      type: list
      elements: str
      sample: []
    nodepools:
      description: The cluster's node pools (id, name, state, size, instance_type, disk_size, version).
      type: list
      elements: dict
      sample: [{"id": "2b0f5c0d-4c8e-4e6c-9f4a-0d2d3c1c9b1e", "name": "workers", "state": "running", "size": 3,
                "instance_type": "b6e9d1e8-89fc-4db3-aaa4-9b4c5b1d0844", "disk_size": 50, "version": "1.33.2"}]
    zone:
      description: Zone of the cluster.
      type: str
      sample: ch-gva-2
versions:
  description: Kubernetes versions offered for new clusters, newest first.
  returned: always
  type: list
  elements: str
  sample: ["1.33.2", "1.32.6", "1.31.10"]
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.cloud import CLOUD


def argument_spec():
    return {
        "id": {"type": "str"},
        "name": {"type": "str"},
        "include_deprecated_versions": {"type": "bool", "default": False},
    }


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.cluster_info)


if __name__ == "__main__":
    main()
