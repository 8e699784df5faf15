# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of the inventory plugins (plugin_utils/inventory.py).

This fragment holds what every inventory plugin has. managedk8s.clusters.inventory_oks, _sks, _eks, _ske and
_huawei add each cloud's locations and filters, and the environment variables of its connection options. List the
cloud's fragment first, then this fragment, then the cloud's module fragment
(managedk8s.clusters.oks, ...) and managedk8s.clusters.common, which describe those same options: Ansible merges
an option's keys from every fragment that names it.

Ansible reads the env entries to show a value; the plugin ignores values that came from the environment and lets
the cloud's credentials resolver read the environment itself, so an inventory source resolves credentials exactly
as a module does (options, then the vendor's environment variables, then the vendor's files).
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
notes:
  - C(ansible-inventory) and C(ansible-playbook) only warn when an inventory source fails and go on without its
    hosts. Set E(ANSIBLE_INVENTORY_UNPARSED_FAILED=true) (C(unparsed_is_failed) in the C([inventory]) section of
    C(ansible.cfg)), as AWX does, so that a cloud that cannot be listed stops the run.
  - Connection options resolve as in the modules; options set in the configuration file, then the vendor's
    environment variables (listed under each option, in the order the modules read them), then the vendor's
    configuration files.
  - B(The same variables on every cloud.) C(k8s_version) is the Kubernetes version without a leading C(v), as
    precise as the cloud gives it (V(1.31.8), V(1.33)), so that C(k8s_version is version('1.32', '<')) works on every
    cloud; it is null only when the cloud does not give it (always on Huawei's registry, which returns only its
    agent's version). With O(strict=true), guard a version test against null in a source that may hold such hosts,
    C(k8s_version is not none and k8s_version is version('1.32', '<')).
  - C(k8s_status) is one word of one vocabulary on every cloud, V(creating), V(running), V(updating),
    V(deleting), V(error), or V(unknown) (no status, or one the plugin does not know). Each plugin's description
    says which of its cloud's statuses maps to which; the cloud's own status stays in its prefixed variable
    (C(oks_statuses), C(sks_state), C(eks_status), C(ske_status), C(huawei_status)).
  - C(k8s_nodepools) is the cluster's node pools as a list of C({name, size}) (size is the wanted number of nodes),
    sorted by name; an empty list on a cloud or a cluster without node pools.
  - B(Host names.) A host name does not change when another cluster appears, since AWX keys its host records on
    host names. Without O(hostname), it is the cluster name when the source lists one region or zone (or none, the
    default one), and V(name.region) for every cluster when it lists several. Within one region or zone, the
    clusters that share a name (which some clouds allow) are told apart by age, the one created first keeps the
    name and each later one becomes V(name.id) with its cluster id; on a cloud that does not say when a cluster was
    created (Huawei's registry), each of them becomes V(name.id). A name another inventory source already added
    becomes V(name.region), else V(name.region.id); to keep several sources of the same cloud stable, give each one
    its own O(hostname) or list every region in one source.
options:
  hostname:
    description:
      - A Jinja2 expression (as in O(compose)) giving each cluster's host name, evaluated with the host's variables
        (the C(k8s_*) variables and the cloud's prefixed record), for example V(k8s_cluster_name ~ '-' ~ k8s_region).
      - When not set, the host name is the cluster name, or V(name.region) when the source lists several regions or
        zones.
      - Clusters that would get the same host name are told apart as the notes above say, the oldest keeping it
        and the others getting V(.id).
    type: str
  names:
    description:
      - Keep only the clusters whose name matches one of these shell patterns (C(*), C(?), C([...])).
    type: list
    elements: str
  statuses:
    description:
      - Keep only the clusters whose status is one of these, as the cloud names it (such as V(ACTIVE) on EKS) or in
        the uniform vocabulary of C(k8s_status) (such as V(running) on every cloud). Case does not matter.
    type: list
    elements: str
  tags:
    description:
      - Keep only the clusters with all these tags (labels on SKS). Each value is a shell pattern, a list of
        patterns (any may match), or V(null) for "the tag is set, whatever its value".
    type: dict
  skip_unavailable:
    description:
      - When a region, a zone or the whole cloud cannot be listed (wrong credentials, API errors after the retries),
        warn and build the inventory from what answered.
      - When V(false), such a failure makes the inventory source fail with the API's message, so that a broken
        cloud never looks like a cloud without clusters.
    type: bool
    default: false
  max_workers:
    description:
      - How many API calls run at once (regions or zones listed in parallel, clusters described in parallel).
    type: int
    default: 4
  page_size:
    description:
      - Number of clusters asked for per page of a list call, on the APIs that page their lists.
      - When not set, each API's usual page size.
    type: int
  record_vars:
    description:
      - Give every host the cloud's full record as variables (C(oks_*), C(sks_*), C(eks_*), C(ske_*), C(huawei_*)).
      - When V(false), hosts carry only C(ansible_connection) and the C(k8s_*) variables, which takes less than
        half the time for thousands of clusters (see the README's figures).
        O(hostname), O(compose), O(groups) and O(keyed_groups) still see the whole record, so
        O(compose) can keep the few fields a playbook needs, such as C(eks_resources_vpc_config.vpcId).
    type: bool
    default: true
  default_groups:
    description:
      - Add every host to a group named after the provider (V(oks), V(sks), V(eks), V(ske), V(huawei)) and to a
        group per region or zone (V(eks_us_east_1)).
    type: bool
    default: true
"""
