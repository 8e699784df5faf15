#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sks_kubeconfig
short_description: Write a kubeconfig for an Exoscale SKS cluster
version_added: 0.1.0
description:
  - Asks the SKS API for a kubeconfig with a client certificate for O(user) in O(groups), valid for O(ttl) seconds,
    and writes it atomically to O(dest) with mode V(0600).
  - Idempotent. The API is not called again while O(dest) holds a kubeconfig written by this module for the same
    cluster, user and groups whose certificate does not expire within O(renew_before) seconds, unless O(force=true).
  - With the cluster given by ID, a run that keeps the file makes no API call at all; by name, it makes one.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  cluster:
    description:
      - The cluster, by ID or by name.
    type: str
    required: true
  user:
    description:
      - User name in the kubeconfig, the common name (CN) of its client certificate.
    type: str
    default: admin
  groups:
    description:
      - Kubernetes groups of the user, the organizations (O) of its client certificate.
    type: list
    elements: str
    default: [system:masters]
  ttl:
    description:
      - Validity of the client certificate, in seconds (V(86400)) or as a number followed by V(s), V(m), V(h), V(d) or
        V(w) (V(12h), V(7d)), as on every cloud's kubeconfig module; more than 0.
      - When not set, the API's default applies (30 days).
      - Must be greater than O(renew_before), or every run would fetch a new kubeconfig.
    type: raw
extends_documentation_fragment:
  - managedk8s.clusters.sks
  - managedk8s.clusters.common
  - managedk8s.clusters.kubeconfig
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
- name: Write an administrator kubeconfig valid for one day
  managedk8s.clusters.sks_kubeconfig:
    zone: ch-gva-2
    cluster: production
    dest: ~/.kube/production.yaml
    ttl: 86400

- name: Write a read-only kubeconfig for a group bound to the view role
  managedk8s.clusters.sks_kubeconfig:
    zone: ch-gva-2
    cluster: 8561ee34-09f0-42da-a765-abde807f944b
    user: auditor
    groups: [auditors]
    dest: /etc/kubeconfigs/auditor.yaml

- name: Fetch a new one whatever the file holds
  managedk8s.clusters.sks_kubeconfig:
    zone: ch-gva-2
    cluster: production
    dest: ~/.kube/production.yaml
    force: true

- name: Add the cluster's context to ~/.kube/config, beside the contexts already there, keeping a copy of the file
  managedk8s.clusters.sks_kubeconfig:
    zone: ch-gva-2
    cluster: production
    dest: ~/.kube/config
    merge: true
    backup: true
"""

RETURN = r"""
dest:
  description: Path of the kubeconfig file.
  returned: always
  type: str
  sample: /home/user/.kube/production.yaml
backup_file:
  description: The copy of O(dest) made before it changed, with O(backup=true).
  returned: when O(backup=true) and O(dest) existed and changed
  type: str
  sample: /home/user/.kube/config.2131.2026-12-02@14:03:11~
cluster_id:
  description: ID of the cluster.
  returned: always
  type: str
  sample: 8561ee34-09f0-42da-a765-abde807f944b
reason:
  description: Why a new kubeconfig was fetched.
  returned: changed
  type: str
  sample: /home/user/.kube/production.yaml does not exist
kubeconfig:
  description: Facts about the kubeconfig in O(dest), without credentials.
  returned: always
  type: dict
  contains:
    fingerprint:
      description: SHA-256 fingerprint of the file's content.
      type: str
      sample: sha256:2f1c0d9e8a7b6c5d
    context:
      description: Current context.
      type: str
      sample: admin@production
    cluster:
      description: Cluster entry of the current context.
      type: str
      sample: production
    server:
      description: URL of the Kubernetes API server.
      type: str
      sample: https://8561ee34-09f0-42da-a765-abde807f944b.sks-ch-gva-2.exo.io:443
    user:
      description: User entry of the current context.
      type: str
      sample: admin
    expires:
      description: When the client certificate expires (ISO 8601).
      type: str
      sample: "2024-05-02T10:00:00+00:00"
content:
  description: The kubeconfig, only with O(return_content=true).
  returned: when return_content is true
  type: str
  sample: "apiVersion: v1\nkind: Config\n..."
diff:
  description: Facts about the file before and after (never its content).
  returned: always
  type: dict
  sample: {"before": {}, "after": {"fingerprint": "sha256:2f1c0d9e8a7b6c5d"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import kubeconfig_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.cloud import CLOUD


def argument_spec():
    spec = kubeconfig_argument_spec()
    spec.update(
        {
            "cluster": {"type": "str", "required": True},
            "user": {"type": "str", "default": "admin"},
            "groups": {"type": "list", "elements": "str", "default": ["system:masters"]},
            "ttl": {"type": "raw"},
        }
    )
    return spec


def main():
    module = cloud_module(CLOUD, argument_spec())
    # "kubeconfig" holds only facts about the file (no credentials), but its name is on the redaction list.
    run(module, tasks.kubeconfig, keep=("content", "kubeconfig"))


if __name__ == "__main__":
    main()
