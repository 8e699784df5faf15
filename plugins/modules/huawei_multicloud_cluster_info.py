#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: huawei_multicloud_cluster_info
short_description: List the clusters registered in Huawei Cloud HSS's multi-cloud cluster registry
version_added: 0.1.0
description:
  - Lists the Kubernetes clusters registered with Huawei Cloud Host Security Service (HSS) container security,
    walking every page of C(GET /v5/{project_id}/container/kubernetes/multi-cloud/clusters), optionally only the
    one with a given id or name.
  - Each cluster comes with the connection status and version of its agent, its provider, API server and dates.
options:
  name:
    description:
      - Only the clusters with exactly this name. The API has no name filter, so every page is read.
    type: str
  cluster_id:
    description:
      - Only the cluster with this id (the API filters it).
    type: str
  enterprise_project_id:
    description:
      - Only the clusters of this enterprise project (V(0) is the default project); V(all_granted_eps) lists those of
        every enterprise project you may see. Give it only when the enterprise project function is enabled.
    type: str
  page_size:
    description:
      - How many clusters to ask for in each page of the list (10 to 200).
    type: int
    default: 200
extends_documentation_fragment:
  - managedk8s.clusters.huawei
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
    membership: [managedk8s.clusters.huawei, managedk8s.clusters.all]
author:
  - managedk8s.clusters contributors (@managedk8s)
"""

EXAMPLES = r"""
- name: Every registered cluster of the project
  managedk8s.clusters.huawei_multicloud_cluster_info:
    region: cn-north-4
    project_id: 0123456789abcdef0123456789abcdef
  register: registered

- name: The clusters whose agent is not connected
  ansible.builtin.debug:
    msg: "{{ registered.clusters | rejectattr('status', 'equalto', 'connect_success') | map(attribute='name') }}"

- name: One cluster by name, in every enterprise project
  managedk8s.clusters.huawei_multicloud_cluster_info:
    name: dc1-prod
    enterprise_project_id: all_granted_eps
"""

RETURN = r"""
clusters:
  description: The registered clusters found.
  returned: always
  type: list
  elements: dict
  contains:
    cluster_id:
      description: Id of the registration.
      type: str
      sample: 6f2b5593-7855-4dbd-aebe-4f736708b8db
    name:
      description: Name of the registered cluster.
      type: str
      sample: dc1-prod
    provider:
      description: Where the cluster runs, one of C(ali), C(tencent), C(azure), C(aws), C(self_built_hw),
        C(self_built_idc).
      type: str
      sample: self_built_idc
    server:
      description: API server of the cluster.
      type: str
      sample: https://203.0.113.10:6443
    image_repo:
      description: Image repository of the agent images, when one was given.
      type: str
      sample: "swr.cn-north-4.myhuaweicloud.com"
    status:
      description: Connection status of the agent, one of C(not_connect), C(connect_success), C(connect_fail),
        C(connect_disruption).
      type: str
      sample: connect_success
    version:
      description: Version of the anp-agent, once it connected.
      type: str
      sample: 1.3.2
    current_expiration_date:
      description: End of the validity period of the registration's credentials, in milliseconds since 1970-01-01 UTC.
      type: int
      sample: 1814079596667
    current_expiration_time:
      description: RV(clusters[].current_expiration_date) as an ISO 8601 time.
      type: str
      sample: "2027-06-27T05:39:56.667000Z"
    certificate_expiration_date:
      description: Expiry of the kubeconfig's client certificate, in milliseconds since 1970-01-01 UTC.
      type: int
      sample: 1814079596667
    certificate_expiration_time:
      description: RV(clusters[].certificate_expiration_date) as an ISO 8601 time.
      type: str
      sample: "2031-01-01T00:00:00Z"
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.cloud import CLOUD


def argument_spec():
    return dict(
        name=dict(type="str"),
        cluster_id=dict(type="str"),
        enterprise_project_id=dict(type="str"),
        page_size=dict(type="int", default=200),
    )


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.cluster_info)


if __name__ == "__main__":
    main()
