# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE emulator, run in-process, for the tests of this folder that talk to an API."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import client as ske_client


@pytest.fixture
def ske(start_mockcloud):
    pytest.importorskip("flask")
    pytest.importorskip("cryptography")
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    # Only SKE: the other clouds are not needed here (and stay independent of these tests).
    emulator = start_mockcloud(extra_clouds=[ske_cloud.CLOUD], config={"speed": 200}, discover=False)
    params = dict(
        mock_credentials.for_cloud("ske"),
        endpoint=emulator.cloud_url("ske"),
        api_version="ske 1.3",
        validate_certs=True,
        ca_path=None,
        request_timeout=10,
    )
    emulator.params = params
    emulator.client = ske_client.client_from_params(params)
    return emulator
