# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Samsung Cloud Platform SKE, as the core sees it: credential options, their constraints, the client factory, the
error parser."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import plain, public, secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.client import client_from_params, parse_error
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.model import DEFAULT_API_VERSION

CLOUD = Cloud(
    "ske",
    "Samsung Cloud Platform SKE",
    credential_options={
        "access_key": public(),
        "secret_key": secret(),
        "account_id": plain(),
        "auth_token": secret(),
        "api_version": plain(default=DEFAULT_API_VERSION),
    },
    required_together=[["access_key", "secret_key"]],
    required_by={"auth_token": ["access_key"]},
    secret_keys=["scp-signature"],
    client_factory=client_from_params,
    error_parser=parse_error,
)
