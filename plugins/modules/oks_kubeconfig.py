#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: oks_kubeconfig
short_description: Fetch the kubeconfig of an OUTSCALE OKS cluster into a file
version_added: 0.1.0
description:
  - Fetches a kubeconfig of an OKS cluster for a user and group, valid for O(ttl), and writes it to O(dest)
    atomically with mode V(0600).
  - By default the kubeconfig travels encrypted. The module makes an ephemeral Curve25519 key pair, sends the public
    key in the C(x-encrypt-nacl) header of C(POST .../kubeconfig), and opens the NaCl sealed box of the answer with
    the private key, which never leaves the process. O(encrypt=false) uses C(GET .../kubeconfig) instead.
  - Nothing is fetched when O(dest) already holds a kubeconfig of this cluster for the same user and group whose
    client certificate does not expire within O(renew_before) seconds; the task then reports no change.
  - The kubeconfig is never logged and is returned only with O(return_content=true).
author:
  - managedk8s.clusters contributors (@managedk8s)
requirements:
  - PyNaCl, when O(encrypt=true)
options:
  cluster_id:
    description:
      - ID of the cluster. Otherwise give O(name) and O(project_id) or O(project_name).
    type: str
  name:
    aliases: [cluster]
    description:
      - Name of the cluster in its project.
    type: str
  project_id:
    description:
      - ID of the project of the cluster named O(name).
    type: str
  project_name:
    description:
      - Name of the project of the cluster named O(name).
    type: str
  user:
    description:
      - Kubernetes user name of the kubeconfig's client certificate. The API's default user when not set.
      - Names starting with V(system:) or V(oks:) are reserved and refused.
    type: str
  group:
    description:
      - Kubernetes group of the kubeconfig's client certificate. The API's default group when not set.
      - Names starting with V(system:) or V(oks:) are reserved and refused.
    type: str
  ttl:
    description:
      - How long the kubeconfig's credentials are valid, as a number followed by V(s), V(m), V(h), V(d) or V(w),
        for example V(12h) or V(7d), or a whole number of seconds (V(86400)), as on every cloud's kubeconfig module.
        The API's default when not set.
    type: raw
  encrypt:
    description:
      - Whether the kubeconfig travels encrypted for a key pair made for this task (NaCl sealed box).
    type: bool
    default: true
  wait:
    description:
      - Whether to wait until the cluster is V(ready) before fetching a kubeconfig (only when one must be fetched).
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most for the cluster when O(wait=true).
    type: int
    default: 900
extends_documentation_fragment:
  - managedk8s.clusters.oks
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
    membership: [managedk8s.clusters.oks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Write an encrypted-in-transit kubeconfig for the cluster, valid one day
  managedk8s.clusters.oks_kubeconfig:
    project_name: production
    name: web
    ttl: 1d
    dest: "{{ lookup('env', 'HOME') }}/.kube/oks-web.yaml"

- name: A kubeconfig for a read-only group, renewed when it has less than two hours left
  managedk8s.clusters.oks_kubeconfig:
    cluster_id: 9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61
    user: alice
    group: viewers
    ttl: 12h
    renew_before: 7200
    dest: /etc/kubeconfigs/web-viewers.yaml

- name: Use it
  ansible.builtin.command: kubectl --kubeconfig /etc/kubeconfigs/web-viewers.yaml get nodes
  changed_when: false

- name: Add the cluster's context to ~/.kube/config, beside the contexts already there, keeping a copy of the file
  managedk8s.clusters.oks_kubeconfig:
    project_name: production
    name: web
    dest: ~/.kube/config
    merge: true
    backup: true
"""

RETURN = r"""
dest:
  description: Path of the kubeconfig file.
  returned: always
  type: str
  sample: /home/me/.kube/oks-web.yaml
backup_file:
  description: The copy of O(dest) made before it changed, with O(backup=true).
  returned: when O(backup=true) and O(dest) existed and changed
  type: str
  sample: /home/user/.kube/config.2131.2026-12-02@14:03:11~
cluster_id:
  description: ID of the cluster.
  returned: always
  type: str
  sample: 9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61
reason:
  description: Why a kubeconfig was fetched.
  returned: when changed
  type: str
  sample: /home/me/.kube/oks-web.yaml does not exist
kubeconfig:
  description: Facts about the kubeconfig in O(dest), without any credential.
  returned: always
  type: dict
  contains:
    fingerprint:
      description: A short hash of the file's content.
      type: str
      sample: sha256:1f2e3d4c5b6a7980
    context:
      description: The current context.
      type: str
      sample: kubernetes-admin@web
    cluster:
      description: The cluster entry of the current context.
      type: str
      sample: web
    server:
      description: The Kubernetes API server.
      type: str
      sample: https://9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61.eu-west-2.oks.outscale.com:6443
    user:
      description: The user entry of the current context.
      type: str
      sample: kubernetes-admin@web
    expires:
      description: When the client certificate expires.
      type: str
      sample: "2025-01-16T10:30:00+00:00"
content:
  description: The kubeconfig. It holds credentials.
  returned: when O(return_content=true)
  type: str
  sample: "apiVersion: v1\nkind: Config\n..."
diff:
  description: Facts about the kubeconfig file before and after the task, shown with C(--diff).
  returned: always
  type: dict
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import kubeconfig_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD


def argument_spec():
    spec = kubeconfig_argument_spec()
    spec.update(
        {
            "cluster_id": {"type": "str"},
            "name": {"type": "str", "aliases": ["cluster"]},
            "project_id": {"type": "str"},
            "project_name": {"type": "str"},
            "user": {"type": "str"},
            "group": {"type": "str"},
            "ttl": {"type": "raw"},
            "encrypt": {"type": "bool", "default": True},
            "wait": {"type": "bool", "default": True},
            "wait_timeout": {"type": "int", "default": 900},
        }
    )
    return spec


def main():
    module = cloud_module(
        CLOUD,
        argument_spec(),
        required_one_of=[["cluster_id", "name"]],
        mutually_exclusive=[["project_id", "project_name"], ["cluster_id", "name"]],
    )
    run(module, tasks.kubeconfig, keep=("content", "kubeconfig"))


if __name__ == "__main__":
    main()
