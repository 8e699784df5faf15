# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE emulator, run in-process, for the tests of this folder that talk to an API."""

from __future__ import annotations

import json
import os

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


@pytest.fixture
def ske_catalog(start_mockcloud, monkeypatch, tmp_path):
    """SKE and the IAM endpoint catalog (mockcloud/clouds/ske_iam.py), and a standard Terraform ~/.scpconf with
    auth-url and default-region but no endpoint; params without endpoint. HOME and SCP_* point nowhere else."""
    pytest.importorskip("flask")
    pytest.importorskip("cryptography")
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import ske as ske_cloud, ske_iam  # pylint: disable=import-outside-toplevel

    emulator = start_mockcloud(extra_clouds=[ske_cloud.CLOUD, ske_iam.CLOUD], config={"speed": 200}, discover=False)
    for name in list(os.environ):
        if name.startswith("SCP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    creds = mock_credentials.for_cloud("ske")
    (tmp_path / ".scpconf").mkdir()
    (tmp_path / ".scpconf" / "config.json").write_text(
        json.dumps({"auth-url": emulator.cloud_url("ske_iam") + "/v1", "default-region": ske_iam.SKE_REGION}),
        encoding="utf-8",
    )
    (tmp_path / ".scpconf" / "credentials.json").write_text(
        json.dumps({"access-key": creds["access_key"], "secret-key": creds["secret_key"]}), encoding="utf-8"
    )
    emulator.params = dict(
        account_id=creds["account_id"], api_version="ske 1.3", validate_certs=True, ca_path=None, request_timeout=10
    )
    emulator.home = tmp_path
    return emulator
