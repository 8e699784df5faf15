# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OUTSCALE OKS, as the core sees it: credential options, their constraints, the client factory, the error parser."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import plain, public, secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.client import client_from_params, parse_error

CLOUD = Cloud(
    "oks",
    "OUTSCALE OKS",
    credential_options={
        "access_key": public(),
        "secret_key": secret(),
        "username": plain(),
        "password": secret(),
        "access_token": secret(),
        "refresh_token": secret(),
        "otp_code": secret(),
        "region": plain(),
        "profile": plain(),
    },
    required_together=[["access_key", "secret_key"], ["username", "password"]],
    mutually_exclusive=[
        ["access_key", "username", "access_token"],
        ["profile", "access_key"],
        ["profile", "username"],
        ["profile", "access_token"],
    ],
    required_by={"refresh_token": ["access_token"]},
    client_factory=client_from_params,
    error_parser=parse_error,
)
