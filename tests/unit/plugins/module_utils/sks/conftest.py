# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An SKS emulator in-process and a client of it (over real HTTP and real EXO2-HMAC-SHA256 signatures)."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.client import client_from_params


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import sks as sks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[sks_cloud.CLOUD], config={"speed": 200}, discover=False)


@pytest.fixture
def client(emulator):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    credentials = for_cloud("sks")
    made = client_from_params(
        {
            "endpoint": emulator.cloud_url("sks"),
            "zone": "ch-gva-2",
            "api_key": credentials["api_key"],
            "api_secret": credentials["api_secret"],
            "validate_certs": True,
            "request_timeout": 10,
        }
    )
    return made
