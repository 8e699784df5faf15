# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS EKS, as the core sees it: credential options, their constraints, the client factory, the error parser."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import plain, public, secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.client import client_from_params, parse_error

CLOUD = Cloud(
    "eks",
    "AWS EKS",
    credential_options={
        "access_key": public(aliases=["aws_access_key_id"]),
        "secret_key": secret(aliases=["aws_secret_access_key"]),
        "session_token": secret(aliases=["aws_session_token"]),
        "profile": plain(aliases=["aws_profile"]),
        "region": plain(aliases=["aws_region"]),
    },
    endpoint_aliases=["endpoint_url", "aws_endpoint_url"],
    required_together=[["access_key", "secret_key"]],
    mutually_exclusive=[["profile", "access_key"]],
    required_by={"session_token": ["access_key"]},
    secret_keys=["aws_secret_access_key", "x-amz-security-token"],
    client_factory=client_from_params,
    error_parser=parse_error,
)
