# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: oks
short_description: OUTSCALE OKS clusters as inventory hosts
version_added: 0.1.0
description:
  - One host per OKS cluster of every project, in one or more regions, grouped by provider and region and as
    O(keyed_groups) and O(groups) say.
  - Every host has the variables C(k8s_provider) (V(oks)), C(k8s_cluster_id), C(k8s_cluster_name), C(k8s_version)
    (such as V(1.30)), C(k8s_status) (V(creating) for C(pending) and C(deploying), V(running) for C(ready),
    V(updating) for C(updating) and C(upgrading), V(deleting), V(error) for C(failed); C(oks_statuses) keeps OKS's
    own), C(k8s_endpoint) (null, the OKS API does not return it), C(k8s_region), C(k8s_tags), C(k8s_nodepools)
    (an empty list, OKS node pools are not read yet),
    every field of the cluster record prefixed with C(oks_) (plus C(oks_project_name)), and
    C(ansible_connection=local) unless O(compose) sets another.
  - The configuration file is named C(managedk8s_oks.yml) or C(managedk8s_oks.yaml), or its name ends with
    C(.managedk8s_oks.yml) or C(.managedk8s_oks.yaml) (for example C(prod.managedk8s_oks.yml)); other files are left to other
    plugins.
  - Credentials resolve as in the modules (options, then environment variables, then the OUTSCALE and OKS CLI files).
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [managedk8s.clusters.oks]
extends_documentation_fragment:
  - managedk8s.clusters.inventory_oks
  - managedk8s.clusters.inventory
  - managedk8s.clusters.oks
  - managedk8s.clusters.common
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
"""

EXAMPLES = r"""
# clusters.managedk8s_oks.yml: every cluster of the default region, credentials from OSC_* variables
plugin: managedk8s.clusters.oks

---
# prod.managedk8s_oks.yml: ready clusters of two projects, grouped by Kubernetes version and by tag
plugin: managedk8s.clusters.oks
regions: [eu-west-2, cloudgouv-eu-west-1]
projects: [web-prod, 4f6a1a7e-3d1c-4d3e-9a0b-4c2d1e5f6a7b]
statuses: [ready]
keyed_groups:
  - key: k8s_version
    prefix: k8s
  - key: k8s_tags.env | default('none')
    prefix: env
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-inventory
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.plugin_utils.inventory import ClusterInventory


class InventoryModule(ClusterInventory):
    NAME = "managedk8s.clusters.oks"
    CONFIG_SUFFIX = "managedk8s_oks"
    PROVIDER = "oks"
    PREFIX = "oks_"
    LOCATIONS_OPTION = "regions"
    LOCATION_PARAM = "region"
    CLOUD = CLOUD
    # the cluster statuses of the OKS API (module_utils/oks/model.py STATUSES)
    STATUS_MAP = {
        "pending": "creating",
        "deploying": "creating",
        "ready": "running",
        "updating": "updating",
        "upgrading": "updating",
        "deleting": "deleting",
        "failed": "error",
    }

    def location_of(self, client, location, params):
        return location or client.region

    def list_records(self, client, location):
        page_size = self.get_option("page_size")
        project_names = {
            project.get("id"): project.get("name") for project in client.list_projects(page_size=page_size)
        }
        records = []
        for record in client.list_clusters(page_size=page_size):
            record = dict(record)
            record.setdefault("project_name", project_names.get(record.get("project_id")))
            records.append(record)
        return records

    def cluster_facts(self, record, region):
        return {
            "id": record.get("id"),
            "name": record.get("name"),
            "version": record.get("version"),
            "status": model.cluster_status(record),
            "endpoint": record.get("endpoint"),
            "region": region,
            "tags": record.get("tags"),
            "project_id": record.get("project_id"),
            "project_name": record.get("project_name"),
            "created": (record.get("statuses") or {}).get("created_at"),
        }

    def cluster_nodepools(self, client, record):
        """Node pools of an OKS cluster: none read yet, so k8s_nodepools is []. The hook for them: return
        [{name, size}] of the record (or of a call on client), and set NODEPOOLS_NEED_CALLS when it calls the API."""
        return []
