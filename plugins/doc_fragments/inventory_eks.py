# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS EKS inventory plugin's own options, and the environment variables of its connection options.

See managedk8s.clusters.inventory for the order of the fragments.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  regions:
    description:
      - AWS regions to list the clusters of, in parallel. Each region's clusters are described in parallel too.
      - When not set, the one region the modules use (O(region), E(AWS_REGION), E(AWS_DEFAULT_REGION), then the
        profile's).
    type: list
    elements: str
  endpoint:
    env:
      - name: AWS_URL
      - name: AWS_ENDPOINT_URL_EKS
      - name: AWS_ENDPOINT_URL
  access_key:
    env:
      - name: AWS_ACCESS_KEY_ID
  secret_key:
    env:
      - name: AWS_SECRET_ACCESS_KEY
  session_token:
    env:
      - name: AWS_SESSION_TOKEN
  profile:
    env:
      - name: AWS_PROFILE
      - name: AWS_DEFAULT_PROFILE
  region:
    env:
      - name: AWS_REGION
      - name: AWS_DEFAULT_REGION
  ca_path:
    env:
      - name: AWS_CA_BUNDLE
"""
