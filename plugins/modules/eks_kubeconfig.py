#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_kubeconfig
short_description: Write a kubeconfig for an Amazon EKS cluster
version_added: 0.1.0
description:
  - Writes a kubeconfig for the EKS cluster O(name) to O(dest), atomically and with mode V(0600), built from the
    cluster's endpoint and certificate authority as C(aws eks update-kubeconfig) writes it; its cluster, user and
    context are named by the cluster's ARN.
  - With O(auth=exec), the user runs C(aws eks get-token) (with the region and, when one is used, the AWS profile)
    each time kubectl needs a token; the AWS CLI must be installed where kubectl runs.
  - With O(auth=token), the user carries a bearer token (C(k8s-aws-v1.)) made from a presigned STS
    GetCallerIdentity URL, as C(aws eks get-token) makes it, for hosts without the AWS CLI. The token is valid for
    14 minutes; its expiry is recorded in the file, and a new one is written when it expires within
    O(renew_before) seconds (set O(renew_before) below 840 to keep a token between runs).
  - Idempotent. While O(dest) holds a kubeconfig written by this module for the same region, cluster, mode and
    profile that does not expire within O(renew_before) seconds, nothing is written and no API call is made, unless
    O(force=true).
  - The cluster must be C(ACTIVE); use M(managedk8s.clusters.eks_cluster) with O(managedk8s.clusters.eks_cluster#module:wait=true) first.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  name:
    aliases: [cluster]
    description:
      - Name of the EKS cluster.
    type: str
    required: true
  auth:
    description:
      - How kubectl authenticates; V(exec) runs the AWS CLI, V(token) writes a short-lived bearer token.
    type: str
    choices: [exec, token]
    default: exec
extends_documentation_fragment:
  - managedk8s.clusters.eks
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
    membership: [managedk8s.clusters.eks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Add the cluster to ~/.kube/config, using the AWS CLI for tokens
  managedk8s.clusters.eks_kubeconfig:
    region: eu-west-1
    name: production
    dest: "{{ lookup('env', 'HOME') }}/.kube/config"
    merge: true

- name: Write a kubeconfig with a bearer token for a host without the AWS CLI, reused for 10 minutes
  managedk8s.clusters.eks_kubeconfig:
    region: eu-west-1
    name: production
    auth: token
    dest: /tmp/production.kubeconfig
    renew_before: 240
"""

RETURN = r"""
dest:
  description: Path of the kubeconfig file.
  returned: always
  type: str
  sample: /home/user/.kube/config
backup_file:
  description: The copy of O(dest) made before it changed, with O(backup=true).
  returned: when O(backup=true) and O(dest) existed and changed
  type: str
  sample: /home/user/.kube/config.2131.2026-12-02@14:03:11~
reason:
  description: Why the file was (or in check mode, would be) written.
  returned: when changed
  type: str
  sample: /tmp/production.kubeconfig does not exist
kubeconfig:
  description: Facts about the kubeconfig in O(dest) after the task; never its credentials.
  returned: always
  type: dict
  contains:
    fingerprint:
      description: Short SHA-256 fingerprint of the file's content.
      type: str
      sample: sha256:5f9f3336dd53a301
    context:
      description: Current context, the cluster's ARN.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:cluster/production
    cluster:
      description: Cluster entry of the current context.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:cluster/production
    server:
      description: URL of the Kubernetes API server.
      type: str
      sample: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
    user:
      description: User entry of the current context.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:cluster/production
    expires:
      description: When the token expires (O(auth=token)); null with O(auth=exec).
      type: str
      sample: "2025-05-01T10:14:00+00:00"
content:
  description: The kubeconfig, only when O(return_content=true). It may hold a bearer token.
  returned: when O(return_content=true)
  type: str
  sample: "apiVersion: v1\nkind: Config\n..."
diff:
  description: Facts about the file before and after the task.
  returned: always
  type: dict
  sample: {"before": {}, "after": {"context": "arn:aws:eks:eu-west-1:123456789012:cluster/production"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import kubeconfig_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.kubeconfig import AUTH_MODES


def argument_spec():
    spec = kubeconfig_argument_spec()
    spec.update(
        {
            "name": {"type": "str", "aliases": ["cluster"], "required": True},
            "auth": {"type": "str", "choices": list(AUTH_MODES), "default": "exec"},
        }
    )
    return spec


def main():
    module = cloud_module(CLOUD, argument_spec())
    # "kubeconfig" holds only facts about the file (no credentials), but its name is on the redaction list.
    run(module, tasks.kubeconfig, keep=("content", "kubeconfig"))


if __name__ == "__main__":
    main()
