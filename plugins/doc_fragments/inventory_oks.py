# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OUTSCALE OKS inventory plugin's own options, and the environment variables of its connection options.

See managedk8s.clusters.inventory for the order of the fragments.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  regions:
    description:
      - OUTSCALE regions to list the clusters of, in parallel.
      - When not set, the one region the modules use (O(region), E(OSC_REGION), E(OKS_REGION), the profile's, then
        V(eu-west-2)).
      - With O(endpoint) set (or found), every region uses that endpoint.
    type: list
    elements: str
  projects:
    description:
      - Keep only the clusters of these projects, given by id or by name.
    type: list
    elements: str
  endpoint:
    env:
      - name: OSC_ENDPOINT_OKS
      - name: OKS_ENDPOINT
  access_key:
    env:
      - name: OSC_ACCESS_KEY
      - name: OKS_ACCESS_KEY
  secret_key:
    env:
      - name: OSC_SECRET_KEY
      - name: OKS_SECRET_KEY
  username:
    env:
      - name: OSC_LOGIN
      - name: OKS_USERNAME
  password:
    env:
      - name: OSC_PASSWORD
      - name: OKS_PASSWORD
  otp_code:
    env:
      - name: OKS_OTP_CODE
  region:
    env:
      - name: OSC_REGION
      - name: OKS_REGION
  profile:
    env:
      - name: OSC_PROFILE
"""
