#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: huawei_multicloud_cluster
short_description: Register Kubernetes clusters in Huawei Cloud HSS's multi-cloud cluster registry
version_added: 0.1.0
description:
  - Registers a Kubernetes cluster that runs anywhere (another cloud, an on-premises data center) with Huawei Cloud
    Host Security Service (HSS) container security, by giving HSS the cluster's kubeconfig
    (C(POST /v5/{project_id}/container/kubernetes/multi-cloud/clusters)); unregisters it
    (C(DELETE .../clusters/{cluster_id})).
  - The registration is found by O(name), which must match at most one registered cluster. The list API has no name
    filter, so every page of it is read (200 clusters a page).
  - A registered cluster is compared with the options. A rotated kubeconfig and a new O(current_expiration_date) are
    sent in place (C(PUT .../clusters/{cluster_id})); O(provider), O(server) and O(image_repo) can only be set at
    registration, and a difference fails the task without changing anything.
  - B(Options HSS never returns.) O(image_repo_username), O(image_repo_password), O(organization),
    O(image_repo_type), O(image_arch), O(anp_proxy), O(hostguard_proxy), O(container_name), O(dns_policy) and
    O(dns_config) are sent with the registration only. HSS cannot change them afterwards, and neither its list (an
    entry has the id, name, provider, server, image repository, status, agent version and the two expiration dates)
    nor any other call shows them, so the module cannot tell whether a registered cluster has the values given.
    It changes nothing and warns, naming them; to change them, unregister the cluster (O(state=absent)) and register
    it again.
  - B(How the kubeconfig is compared.) HSS never returns a registered kubeconfig. It returns the API server
    (C(server)) and the expiry of the kubeconfig's client certificate (C(certificate_expiration_date)), which it reads
    from the kubeconfig itself at registration. The module compares a fingerprint of these two, computed the same
    way from the kubeconfig given to the task and from the registry (RV(cluster.kubeconfig_fingerprint); the diff
    shows this fingerprint, never the kubeconfig). A rotated kubeconfig has a new client certificate, so a new expiry
    and a new fingerprint, and is sent again. A kubeconfig that authenticates with a token has no certificate and is compared by
    server only; to send a rotated one, set O(force_kubeconfig_update=true) (or change O(current_expiration_date)).
  - Whether HSS reads the expiry again from a kubeconfig sent with C(PUT) is not documented. So that a rotation is
    sent once either way, the module sends the new certificate's expiry as C(current_expiration_date) when
    O(current_expiration_date) is not set, and takes a registration whose C(certificate_expiration_date) or
    C(current_expiration_date) is the certificate's expiry as holding that certificate. With O(current_expiration_date)
    set and an HSS that keeps the old date, the registration cannot show the rotation; the module warns, and sends the
    kubeconfig again on the next run.
  - The registration request is not idempotent. When its outcome is unknown (the connection was lost, or the API
    answered 5xx), the module looks the cluster up by name and adopts it if it appeared, before sending it again.
options:
  state:
    description:
      - V(present) registers the cluster if it is not registered, and sends a changed kubeconfig or expiration date.
      - V(absent) unregisters it; a cluster that is not registered is not an error.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the registered cluster, 1 to 64 characters. It identifies the registration.
    type: str
    required: true
  provider:
    description:
      - Where the cluster runs. V(ali) is Alibaba Cloud, V(tencent) Tencent Cloud, V(azure) Microsoft Azure, V(aws)
        Amazon Web Services, V(self_built_hw) a cluster built on Huawei Cloud servers, V(self_built_idc) a cluster in
        your own data center.
      - Optional, as HSS has it. Set at registration only; when not given, it is neither sent nor compared.
    type: str
    choices: [ali, tencent, azure, aws, self_built_hw, self_built_idc]
  server:
    description:
      - URL of the cluster's API server, such as V(https://203.0.113.10:6443).
      - Defaults to the server of the kubeconfig's current context. Set at registration only.
    type: str
  kubeconfig:
    description:
      - The kubeconfig HSS uses to reach the cluster, as content (YAML text). Its current context is used.
      - Its user must hold its credentials, a client certificate (C(client-certificate-data) and C(client-key-data))
        or a long-lived bearer token (C(token)) such as a Kubernetes service account's token. HSS's agent runs no
        program, so a kubeconfig whose user runs a credential plugin (C(exec), such as the C(aws eks get-token) one
        of M(managedk8s.clusters.eks_kubeconfig)) or uses an C(auth-provider) is refused before any call. An EKS
        token kubeconfig (O(managedk8s.clusters.eks_kubeconfig#module:auth=token)) is accepted but expires within 15
        minutes.
      - One of O(kubeconfig) and O(kubeconfig_path) is required with O(state=present).
      - This value is secret; it is never logged or returned.
    type: str
  kubeconfig_path:
    description:
      - A kubeconfig file to read instead of O(kubeconfig), such as the O(managedk8s.clusters.sks_kubeconfig#module:dest)
        written by the kubeconfig modules of this collection.
    type: path
  force_kubeconfig_update:
    description:
      - Send the kubeconfig with C(PUT) even when its fingerprint matches the registration, so that a kubeconfig whose
        token changed (which the fingerprint cannot show) reaches HSS. The task then always reports a change.
    type: bool
    default: false
  current_expiration_date:
    description:
      - End of the validity period of the registration's credentials, as milliseconds since 1970-01-01 UTC (such as
        V(1814079596667)) or an ISO 8601 date or time (such as V(2027-06-30) or V(2027-06-30T12:00:00Z); without an
        offset, UTC).
      - Compared and changed in place when set. When not set, the expiry of the kubeconfig's credentials (its client
        certificate, or the expiry recorded by this collection's kubeconfig modules) is sent with the registration and
        with a rotated kubeconfig, and not compared; the module then also reads it back to tell which client
        certificate is registered (see the kubeconfig comparison above).
      - HSS requires it with every update (C(PUT)); when neither the option, the kubeconfig nor the registration gives
        one, an update fails naming this option.
    type: raw
  certificate_expiration_date:
    description:
      - Expiry of the kubeconfig's client certificate, in the same forms as O(current_expiration_date). Sent with the
        registration only.
      - Defaults to the client certificate's own expiry, which HSS reads from the kubeconfig; set it only for a
        kubeconfig without a client certificate. A value that contradicts the certificate is refused.
    type: raw
  image_repo:
    description:
      - Address of the image repository the cluster pulls the HSS agent images from, such as V(swr.example.com).
        Set at registration only.
    type: str
  image_repo_username:
    description:
      - User name for O(image_repo). Sent with the registration only.
    type: str
  image_repo_password:
    description:
      - Password of O(image_repo_username). Sent with the registration only.
      - This value is secret; it is never logged or returned.
    type: str
  organization:
    description:
      - Organization (project, namespace) of the agent images in O(image_repo). Sent with the registration only.
    type: str
  image_repo_type:
    description:
      - Kind of image repository. Sent with the registration only.
    type: str
    choices: [harbor, quay, jfrog, other]
  image_arch:
    description:
      - Processor architecture of the agent images. Sent with the registration only.
    type: str
    choices: [x86, arm]
  anp_proxy:
    description:
      - Address of the ANP proxy the agent connects through. Sent with the registration only.
    type: str
  hostguard_proxy:
    description:
      - Address of the HostGuard proxy. Sent with the registration only.
    type: str
  container_name:
    description:
      - Name of the agent container. Sent with the registration only.
    type: str
  dns_policy:
    description:
      - DNS policy of the agent. V(default) inherits the node's resolver settings, V(clusterfirst) asks the cluster's
        CoreDNS, V(clusterfirstwithhostnet) forces the ClusterFirst policy with host networking, V(none) ignores the
        cluster's settings and uses O(dns_config), which it then requires. Sent with the registration only.
    type: str
    choices: [default, clusterfirst, clusterfirstwithhostnet, none]
  dns_config:
    description:
      - DNS servers for the agent, one to three IP addresses separated by semicolons, such as V(10.0.0.10;10.0.0.11).
        Sent with the registration only.
    type: str
  enterprise_project_id:
    description:
      - Enterprise project of the registration (V(0) is the default project). Give it only when the enterprise project
        function is enabled; the cluster is then looked up in that project only.
      - V(all_granted_eps) looks the cluster up in every enterprise project the credentials may see, and is sent with
        the registration too, as the HSS API's own example does.
    type: str
  wait:
    description:
      - With O(state=absent), whether to wait until the registry no longer lists the cluster.
      - With O(state=present), the module always reads the registration back; see O(wait_for_connection).
    type: bool
    default: true
  wait_for_connection:
    description:
      - With O(state=present), ask HSS to re-check the connection (C(POST .../clusters/status-synchronize)) unless it
        is already C(connect_success), then wait until the status is C(connect_success). The status C(connect_fail)
        fails the task at once, with the cluster's id, server and status.
      - Needs O(wait=true).
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait at most for the connection (O(wait_for_connection)) or for the cluster to leave the
        registry.
    type: int
    default: 300
extends_documentation_fragment:
  - managedk8s.clusters.huawei
  - managedk8s.clusters.common
  - managedk8s.clusters.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: In check mode no request that changes anything is sent (not even the status re-check); the result shows
      what would change.
  diff_mode:
    support: full
    details: The kubeconfig shows as RV(cluster.kubeconfig_fingerprint), never as content.
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.huawei, managedk8s.clusters.all]
notes:
  - HSS is regional and project-scoped; the endpoint of each region is the one of Huawei's SDK (most are
    C(https://hss.{region}.myhuaweicloud.com), V(eu-west-101) is C(https://hss.eu-west-101.myhuaweicloud.eu)).
  - The HSS API does not say why a connection failed; the failure message names the cluster, its server and status.
author:
  - managedk8s.clusters contributors (@managedk8s)
"""

EXAMPLES = r"""
- name: Register an on-premises cluster from a kubeconfig file
  managedk8s.clusters.huawei_multicloud_cluster:
    region: cn-north-4
    project_id: 0123456789abcdef0123456789abcdef
    name: dc1-prod
    provider: self_built_idc
    kubeconfig_path: ~/.kube/dc1-prod.yaml
    wait_for_connection: true
  register: dc1

- name: Register an SKS cluster with the kubeconfig the sks_kubeconfig module wrote
  managedk8s.clusters.huawei_multicloud_cluster:
    name: web-sks
    provider: self_built_idc
    kubeconfig_path: "{{ playbook_dir }}/kubeconfigs/web-sks.yaml"
    image_repo: swr.cn-north-4.myhuaweicloud.com
    image_repo_type: other
    image_arch: x86
    dns_policy: none
    dns_config: 10.0.0.10;10.0.0.11

- name: Register a cluster from kubeconfig content, with its own expiry date
  managedk8s.clusters.huawei_multicloud_cluster:
    name: aks-west
    provider: azure
    kubeconfig: "{{ lookup('ansible.builtin.file', 'aks-west.kubeconfig') }}"
    current_expiration_date: "2027-06-30"

- name: Unregister it
  managedk8s.clusters.huawei_multicloud_cluster:
    name: aks-west
    state: absent
"""

RETURN = r"""
cluster:
  description:
    - The registration after the change (in check mode, the options that would be applied); empty after O(state=absent).
  returned: always
  type: dict
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
      description: Where the cluster runs.
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
      description: RV(cluster.current_expiration_date) as an ISO 8601 time.
      type: str
      sample: "2027-06-27T05:39:56.667000Z"
    certificate_expiration_date:
      description: Expiry of the kubeconfig's client certificate, in milliseconds since 1970-01-01 UTC.
      type: int
      sample: 1814079596667
    certificate_expiration_time:
      description: RV(cluster.certificate_expiration_date) as an ISO 8601 time.
      type: str
      sample: "2031-01-01T00:00:00Z"
    kubeconfig_fingerprint:
      description:
        - Fingerprint of the registered kubeconfig as HSS shows it (API server and certificate expiry), compared with
          the same fingerprint of the kubeconfig given to the task.
      type: str
      sample: "sha256:5f9f3336dd53a301"
diff:
  description: The compared options before and after.
  returned: always
  type: dict
  contains:
    before:
      description: The registration as it was.
      type: dict
    after:
      description: The registration as it is (or would be, in check mode).
      type: dict
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import wait_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import model, tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.cloud import CLOUD


def argument_spec():
    return dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        name=dict(type="str", required=True),
        provider=dict(type="str", choices=list(model.PROVIDERS)),
        server=dict(type="str"),
        kubeconfig=dict(type="str", no_log=True),
        kubeconfig_path=dict(type="path"),
        force_kubeconfig_update=dict(type="bool", default=False),
        current_expiration_date=dict(type="raw"),
        certificate_expiration_date=dict(type="raw"),
        image_repo=dict(type="str"),
        image_repo_username=dict(type="str"),
        image_repo_password=dict(type="str", no_log=True),
        organization=dict(type="str"),
        image_repo_type=dict(type="str", choices=list(model.IMAGE_REPO_TYPES)),
        image_arch=dict(type="str", choices=list(model.IMAGE_ARCHS)),
        anp_proxy=dict(type="str"),
        hostguard_proxy=dict(type="str"),
        container_name=dict(type="str"),
        dns_policy=dict(type="str", choices=list(model.DNS_POLICIES)),
        dns_config=dict(type="str"),
        enterprise_project_id=dict(type="str"),
        wait_for_connection=dict(type="bool", default=False),
        **wait_argument_spec(300),
    )


def main():
    module = cloud_module(
        CLOUD,
        argument_spec(),
        mutually_exclusive=[["kubeconfig", "kubeconfig_path"]],
        required_together=[["image_repo_username", "image_repo_password"]],
        required_if=[["state", "present", ["kubeconfig", "kubeconfig_path"], True]],
    )
    run(module, tasks.cluster)


if __name__ == "__main__":
    main()
