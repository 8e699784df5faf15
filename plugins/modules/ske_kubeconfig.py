#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ske_kubeconfig
short_description: Write the user kubeconfig of a Samsung Cloud Platform SKE cluster
version_added: 0.1.0
description:
  - Downloads the user kubeconfig of a Samsung Cloud Platform Kubernetes Engine (SKE) cluster with
    C(GET /v1/clusters/{cluster_id}/user-kubeconfig) and writes it to O(dest) atomically, readable by its owner only.
  - The cluster is given by O(cluster_id), or by O(cluster_name), which is looked up with C(GET /v1/clusters?name=).
  - Idempotent. The file records which cluster, kubeconfig type and endpoint it came from; while O(dest) holds a
    kubeconfig for the same cluster and O(kubeconfig_type) whose client certificate is not about to expire
    (O(renew_before)), the module makes no API call and reports no change. O(force=true) fetches it again.
  - "The API does not document the form of its answer; the module accepts the kubeconfig as raw YAML, and as a JSON
    document holding it (for example C({\"kubeconfig\": \"apiVersion: v1 ...\"}), also base64 encoded). Any other
    answer fails with a message saying what was received, never the content itself."
  - The content of the kubeconfig is returned only with O(return_content=true).
options:
  cluster_id:
    description:
      - Id of the cluster, 32 lowercase hexadecimal digits.
      - Exactly one of O(cluster_id) and O(cluster_name) is required.
    type: str
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the cluster. It must match exactly one cluster.
    type: str
  kubeconfig_type:
    description:
      - Which kubeconfig to get. V(private) points at the cluster's private endpoint (reachable from its VPC),
        V(public) at its public endpoint, which the cluster must have.
    type: str
    required: true
    choices: [private, public]
  api_version:
    description:
      - Value of the C(Scp-API-Version) header. V(ske 1.1), V(ske 1.2) and V(ske 1.3) are accepted, also written
        V(1.1), V(1.2), V(1.3). V(ske 1.0) is refused, because the vendor documents this path for it as
        deprecated and no longer supported from its "not before" date, 2025-12-31.
      - The vendor stops supporting a version from its "not before" date (ske 1.1 on 2026-09-19, ske 1.2 on
        2026-10-14); after that date the module warns.
    type: str
    default: ske 1.3
extends_documentation_fragment:
  - managedk8s.clusters.ske
  - managedk8s.clusters.common
  - managedk8s.clusters.kubeconfig
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: In check mode nothing is fetched or written; the module reports whether it would fetch.
  diff_mode:
    support: full
    details: The diff shows non-secret facts of the file (fingerprint, server, user, context, expiry) before and after.
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.ske, managedk8s.clusters.all]
notes:
  - SKE has no single public endpoint; set O(endpoint) (the vendor pattern is
    C(https://ske.{region}.{env}.samsungsdscloud.com)) or one of the places it describes.
  - Requests are signed with C(Scp-Signature) (HMAC-SHA256 of the method, URL, timestamp, access key and account id).
author:
  - managedk8s.clusters contributors (@managedk8s)
"""

EXAMPLES = r"""
- name: Write the private kubeconfig of a cluster found by name
  managedk8s.clusters.ske_kubeconfig:
    endpoint: https://ske.kr-west1.e.samsungsdscloud.com
    cluster_name: web-prod
    kubeconfig_type: private
    dest: ~/.kube/web-prod.yaml

- name: The public kubeconfig by id, with credentials from SCP_ACCESS_KEY / SCP_SECRET_KEY, refetched every run
  managedk8s.clusters.ske_kubeconfig:
    cluster_id: 70a599e031e749b7b260868f441e862b
    kubeconfig_type: public
    dest: /etc/ci/kubeconfig
    force: true

- name: Use the kubeconfig content in a later task
  managedk8s.clusters.ske_kubeconfig:
    cluster_name: web-prod
    kubeconfig_type: public
    dest: /tmp/web-prod.yaml
    return_content: true
  register: web_prod
  no_log: true

- name: Add the cluster's context to ~/.kube/config, beside the contexts already there, keeping a copy of the file
  managedk8s.clusters.ske_kubeconfig:
    endpoint: https://ske.kr-west1.e.samsungsdscloud.com
    cluster_name: web-prod
    kubeconfig_type: private
    dest: ~/.kube/config
    merge: true
    backup: true
"""

RETURN = r"""
dest:
  description: Path of the kubeconfig file.
  returned: always
  type: str
  sample: /home/me/.kube/web-prod.yaml
backup_file:
  description: The copy of O(dest) made before it changed, with O(backup=true).
  returned: when O(backup=true) and O(dest) existed and changed
  type: str
  sample: /home/user/.kube/config.2131.2026-12-02@14:03:11~
cluster_id:
  description: Id of the cluster; null in check mode when the cluster was given by name and nothing was fetched.
  returned: always
  type: str
  sample: 70a599e031e749b7b260868f441e862b
kubeconfig_type:
  description: The kubeconfig type asked for.
  returned: always
  type: str
  sample: private
api_version:
  description: The C(Scp-API-Version) the module used.
  returned: always
  type: str
  sample: ske 1.3
reason:
  description: Why the kubeconfig was (or, in check mode, would be) fetched.
  returned: when changed
  type: str
  sample: /home/me/.kube/web-prod.yaml does not exist
kubeconfig:
  description: Non-secret facts about the kubeconfig in O(dest).
  returned: always
  type: dict
  contains:
    fingerprint:
      description: Short SHA-256 fingerprint of the file content.
      type: str
      sample: sha256:5d41402abc4b2a76
    context:
      description: Current context.
      type: str
      sample: scp-user-1a2b3c4d5e@web-prod-private
    cluster:
      description: Cluster entry of the current context.
      type: str
      sample: web-prod-private
    server:
      description: API server URL.
      type: str
      sample: https://web-prod-1a2b3c.private.ske.example:6443
    user:
      description: User entry of the current context.
      type: str
      sample: scp-user-1a2b3c4d5e
    expires:
      description: When the client certificate expires (ISO 8601), if known.
      type: str
      sample: "2027-11-22T19:52:10+00:00"
content:
  description: The kubeconfig (YAML). It holds credentials.
  returned: when O(return_content=true)
  type: str
  sample: "apiVersion: v1\nkind: Config\n..."
diff:
  description: The kubeconfig facts before and after.
  returned: always
  type: dict
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import kubeconfig_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.model import KUBECONFIG_TYPES


def argument_spec():
    return dict(
        cluster_id=dict(type="str"),
        cluster_name=dict(type="str", aliases=["cluster"]),
        kubeconfig_type=dict(type="str", required=True, choices=list(KUBECONFIG_TYPES)),
        **kubeconfig_argument_spec(),
    )


def main():
    module = cloud_module(
        CLOUD,
        argument_spec(),
        mutually_exclusive=[["cluster_id", "cluster_name"]],
        required_one_of=[["cluster_id", "cluster_name"]],
    )
    run(module, tasks.kubeconfig, keep=("content", "kubeconfig"))


if __name__ == "__main__":
    main()
