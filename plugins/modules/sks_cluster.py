#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sks_cluster
short_description: Create, update, upgrade and delete Exoscale SKS clusters
version_added: 0.1.0
description:
  - Creates, updates, upgrades and deletes a Kubernetes cluster of Exoscale's Scalable Kubernetes Service (SKS)
    in one zone.
  - Names are not unique on Exoscale. The cluster is found by O(id) when given, else by O(name); the module fails
    when several clusters have that name. A create whose answer was lost (a reset connection, a time-out, a server
    error) is never repeated blindly; the module looks the cluster up by name and adopts it.
  - Every change is an asynchronous operation of the API; the module follows each one until it succeeds and fails
    with the operation's reason and message otherwise.
  - O(description), O(labels), O(auto_upgrade), O(oidc), O(addons) (within the limits given there) and O(name)
    (when O(id) is given) are changed in place. A newer O(version) upgrades the control plane, one minor version
    at a time. O(level=pro) on a starter cluster upgrades its service level. A pro cluster cannot go back to
    starter, a version cannot go down and O(cni) cannot change; the module refuses these before any change.
  - O(feature_gates) and O(audit) are changed in place; O(cni), O(create_default_security_group) and
    O(enable_kube_proxy) can only be set at creation (the API's update does not take them), and the module refuses
    to change them.
  - O(rotate_credentials) is an action, not a setting. It runs each time it is given and then reports a change;
    a run without it changes nothing, so give it for one run (for example with C(--extra-vars)) rather than
    leaving it in a playbook that runs repeatedly.
  - Node pools are managed by M(managedk8s.clusters.sks_nodepool).
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the cluster or brings it to the options given; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - ID of the cluster to manage. With O(id), O(name) renames the cluster.
      - One of O(id) and O(name) is required.
    type: str
  name:
    description:
      - Name of the cluster, 1 to 255 characters.
      - Used to find the cluster when O(id) is not given.
    type: str
  description:
    description:
      - Description of the cluster, at most 255 characters.
    type: str
  labels:
    description:
      - Labels of the cluster, as a dictionary of strings. The cluster gets exactly these labels.
    type: dict
  level:
    description:
      - Service level. Defaults to V(pro) when the cluster is created.
      - A starter cluster can be upgraded to pro; a pro cluster cannot go back to starter.
    type: str
    choices: [starter, pro]
  cni:
    description:
      - Container network interface, set when the cluster is created. Defaults to V(calico).
      - It cannot change afterwards.
    type: str
    choices: [calico, cilium]
  auto_upgrade:
    description:
      - Whether the control plane is upgraded automatically to the latest patch version of its minor version.
    type: bool
  oidc:
    description:
      - OpenID Connect configuration of the Kubernetes API server.
    type: dict
    suboptions:
      client_id:
        description:
          - OpenID client ID, 1 to 255 characters.
        type: str
        required: true
      issuer_url:
        description:
          - OpenID provider URL, an C(https://) URL of at most 255 characters.
        type: str
        required: true
      username_claim:
        description:
          - JWT claim to use as the user name.
        type: str
      username_prefix:
        description:
          - Prefix prepended to user name claims.
        type: str
      groups_claim:
        description:
          - JWT claim to use as the user's groups.
        type: str
      groups_prefix:
        description:
          - Prefix prepended to group claims.
        type: str
      required_claim:
        description:
          - Claims the ID token must hold, as a dictionary of claim names to values.
        type: dict
  addons:
    description:
      - Addons of the cluster. The cluster gets exactly these addons.
      - Defaults to V(exoscale-cloud-controller) and V(metrics-server) when the cluster is created, as the exo CLI and
        the Terraform provider do (without the cloud controller, nodes stay C(NotReady)). Give V([]) for none.
      - V(exoscale-cloud-controller) and V(metrics-server) can only be chosen at creation. Afterwards,
        V(exoscale-container-storage-interface) can be added but never removed, and V(karpenter) can be added or
        removed; the module refuses other changes before any call.
      - V(karpenter) needs V(exoscale-cloud-controller).
    type: list
    elements: str
    choices: [exoscale-cloud-controller, exoscale-container-storage-interface, karpenter, metrics-server]
  version:
    aliases: [kubernetes_version]
    description:
      - Kubernetes version of the control plane, such as V(1.33.2).
      - Defaults to the newest version the zone offers when the cluster is created; not managed afterwards unless given.
      - A newer version than the cluster's upgrades it. The API upgrades one minor version at a time, so a version
        several minor versions ahead is reached through the newest version the zone offers of each minor version in
        between, one upgrade after the other.
      - An older version than the cluster's is refused, except when O(auto_upgrade) is on and the cloud moved the
        cluster to a newer patch of the same minor version; then the module warns and changes nothing.
    type: str
  feature_gates:
    description:
      - Kubernetes feature gates to enable on the API server (alpha features), such as V(InPlacePodVerticalScaling).
        The cluster gets exactly these feature gates; V([]) removes them all.
    type: list
    elements: str
  create_default_security_group:
    description:
      - Whether the API creates a security group for the nodes, with the rules the chosen O(cni) needs.
      - Can only be set at creation. On an existing cluster, V(true) means it has such a security group
        (RV(cluster.default_security_group_id)).
    type: bool
  enable_kube_proxy:
    description:
      - Whether the Kubernetes network proxy is deployed. The API's default is V(true), unless O(cni=cilium).
      - Can only be set at creation.
    type: bool
  audit:
    description:
      - Kubernetes audit logging of the control plane to a webhook.
      - The settings given are compared with the cluster's; the ones left out are left as they are.
      - The API never returns the bearer token, so a new O(audit.bearer_token) alone is not seen as a change; it is
        sent with every change of the audit settings, and it is required to create a cluster with audit logging or
        to turn it on.
    type: dict
    suboptions:
      enabled:
        description:
          - Whether audit logging is on.
        type: bool
        default: true
      endpoint:
        description:
          - URL of the webhook that receives the audit events, at most 2000 characters.
          - Required to turn audit logging on.
        type: str
      bearer_token:
        description:
          - Bearer token the control plane sends to the webhook, at most 2000 characters. Never returned.
        type: str
      initial_backoff:
        description:
          - How long to wait before retrying a failed delivery, as a duration such as V(10s) (the API's default).
        type: str
  rotate_credentials:
    description:
      - Credentials to rotate after the cluster has its other options, one after the other, each followed
        through its asynchronous operation; RV(rotated) names them.
      - V(ccm) rotates the credentials of the Exoscale cloud controller (needs the V(exoscale-cloud-controller)
        addon), V(csi) those of the storage driver (needs V(exoscale-container-storage-interface)), V(karpenter)
        those of Karpenter (needs V(karpenter)), V(operators_ca) the operators' certificate authority. A rotation
        whose addon the cluster does not have is refused before any change.
      - An action, not a setting. It runs each time it is given, and the task then reports a change. In check mode
        it is reported without being run.
    type: list
    elements: str
    choices: [ccm, csi, karpenter, operators_ca]
  delete_nodepools:
    description:
      - With O(state=absent), whether to delete the cluster's node pools first.
      - When V(false), the module refuses to delete a cluster that still has node pools.
    type: bool
    default: false
extends_documentation_fragment:
  - managedk8s.clusters.sks
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
    membership: [managedk8s.clusters.sks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Create a pro cluster with the newest Kubernetes version
  managedk8s.clusters.sks_cluster:
    zone: ch-gva-2
    name: production
    description: Production workloads
    labels:
      team: platform
    cni: cilium
    addons:
      - exoscale-cloud-controller
      - exoscale-container-storage-interface
      - metrics-server

- name: Upgrade the cluster to a newer Kubernetes version
  managedk8s.clusters.sks_cluster:
    zone: ch-gva-2
    name: production
    version: 1.33.2

- name: Move a starter cluster to the pro service level and configure OpenID Connect
  managedk8s.clusters.sks_cluster:
    zone: de-fra-1
    name: staging
    level: pro
    oidc:
      client_id: kubernetes
      issuer_url: https://login.example.com
      username_claim: email
      groups_claim: groups
      required_claim:
        hd: example.com

- name: Send the audit log of the control plane to a webhook and enable a feature gate
  managedk8s.clusters.sks_cluster:
    zone: ch-gva-2
    name: production
    feature_gates:
      - InPlacePodVerticalScaling
    audit:
      endpoint: https://audit.example.com/sks
      bearer_token: "{{ audit_token }}"
      initial_backoff: 30s

- name: Rotate the cloud controller's credentials and the operators' CA (an action, run each time it is given)
  managedk8s.clusters.sks_cluster:
    zone: ch-gva-2
    name: production
    rotate_credentials:
      - ccm
      - operators_ca
  register: rotation

- name: Delete a cluster and its node pools
  managedk8s.clusters.sks_cluster:
    zone: ch-gva-2
    name: production
    state: absent
    delete_nodepools: true
"""

RETURN = r"""
cluster:
  description: The cluster as it is after the task; empty after a delete.
  returned: always
  type: dict
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
      description: OpenID Connect configuration, with the option names of O(oidc).
      type: dict
      sample: {"client_id": "kubernetes", "issuer_url": "https://login.example.com"}
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
      description: State of the cluster (creating, running, updating, upgrading, deleting, error, ...).
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
    create_default_security_group:
      description: Whether the API created a security group for the cluster (RV(cluster.default_security_group_id)).
      type: bool
      sample: false
    feature_gates:
      description: Kubernetes feature gates enabled on the API server, sorted.
      type: list
      elements: str
      sample: []
    audit:
      description: Audit logging settings (never the bearer token).
      type: dict
      sample: {"enabled": true, "endpoint": "https://audit.example.com/sks", "initial_backoff": "10s"}
    nodepools:
      description: Summary of the cluster's node pools.
      type: list
      elements: dict
      sample: [{"id": "2b0f5c0d-4c8e-4e6c-9f4a-0d2d3c1c9b1e", "name": "workers", "state": "running", "size": 3,
                "instance_type": "b6e9d1e8-89fc-4db3-aaa4-9b4c5b1d0844", "disk_size": 50, "version": "1.33.2"}]
    zone:
      description: Zone of the cluster.
      type: str
      sample: ch-gva-2
rotated:
  description: The credentials rotated (in check mode, to be rotated), in the order they were.
  returned: when O(rotate_credentials) is given
  type: list
  elements: str
  sample: ["ccm", "operators_ca"]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {"version": "1.32.6"}, "after": {"version": "1.33.2"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.model import ADDONS, CNIS, LEVELS, ROTATIONS


def argument_spec():
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "id": {"type": "str"},
        "name": {"type": "str"},
        "description": {"type": "str"},
        "labels": {"type": "dict"},
        "level": {"type": "str", "choices": list(LEVELS)},
        "cni": {"type": "str", "choices": list(CNIS)},
        "auto_upgrade": {"type": "bool"},
        "oidc": {
            "type": "dict",
            "options": {
                "client_id": {"type": "str", "required": True},
                "issuer_url": {"type": "str", "required": True},
                "username_claim": {"type": "str"},
                "username_prefix": {"type": "str"},
                "groups_claim": {"type": "str"},
                "groups_prefix": {"type": "str"},
                "required_claim": {"type": "dict"},
            },
        },
        "addons": {"type": "list", "elements": "str", "choices": list(ADDONS)},
        "version": {"type": "str", "aliases": ["kubernetes_version"]},
        "feature_gates": {"type": "list", "elements": "str"},
        "create_default_security_group": {"type": "bool"},
        "enable_kube_proxy": {"type": "bool"},
        "audit": {
            "type": "dict",
            "options": {
                "enabled": {"type": "bool", "default": True},
                "endpoint": {"type": "str"},
                "bearer_token": {"type": "str", "no_log": True},
                "initial_backoff": {"type": "str"},
            },
        },
        "rotate_credentials": {"type": "list", "elements": "str", "choices": sorted(ROTATIONS)},
        "delete_nodepools": {"type": "bool", "default": False},
    }


def main():
    module = cloud_module(CLOUD, argument_spec(), wait=True, required_one_of=[["id", "name"]])
    run(module, tasks.cluster)


if __name__ == "__main__":
    main()
