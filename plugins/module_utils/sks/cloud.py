# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exoscale SKS, as the core sees it: credential options, their constraints, the client factory, the error parser."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import plain, public, secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.client import client_from_params, parse_error

CLOUD = Cloud(
    "sks",
    "Exoscale SKS",
    credential_options={
        "api_key": public(),
        "api_secret": secret(),
        "zone": plain(),
        "profile": plain(),
    },
    required_together=[["api_key", "api_secret"]],
    mutually_exclusive=[["profile", "api_key"]],
    # The audit webhook's bearer token (sks_cluster audit.bearer_token, the API's bearer-token).
    secret_keys=("bearer_token",),
    client_factory=client_from_params,
    error_parser=parse_error,
)
