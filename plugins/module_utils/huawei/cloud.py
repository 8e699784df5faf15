# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei Cloud (the HSS multi-cloud cluster registry), as the core sees it: credential options, their constraints,
the client factory, the error parser."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import plain, public, secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.client import client_from_params, parse_error

CLOUD = Cloud(
    "huawei",
    "Huawei Cloud",
    credential_options={
        "access_key": public(),
        "secret_key": secret(),
        "security_token": secret(),
        "auth_token": secret(),
        "project_id": plain(),
        "region": plain(),
    },
    required_together=[["access_key", "secret_key"]],
    mutually_exclusive=[["access_key", "auth_token"]],
    required_by={"security_token": ["access_key"]},
    secret_keys=["image_repo_password", "repo_password", "x-encrypt-nacl-private"],
    client_factory=client_from_params,
    error_parser=parse_error,
)
