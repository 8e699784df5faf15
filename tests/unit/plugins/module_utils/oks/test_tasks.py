# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS tasks refuse bad input before they build a client (no network); the flows run in test_adapters.py."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD


@pytest.fixture(autouse=True)
def no_client(monkeypatch):
    def refuse(params, warn=None):
        raise AssertionError("a client was built for input that should have been refused")

    monkeypatch.setattr(CLOUD, "client_factory", refuse)


@pytest.mark.parametrize(
    "task, params, message",
    [
        (tasks.project, {"state": "present", "name": None, "project_id": None}, "name: required to manage a project"),
        (tasks.project, {"state": "present", "name": "Bad_Name"}, "name: 'Bad_Name' is not a valid OKS name"),
        (tasks.cluster, {"state": "present", "name": "c1", "version": "1.30.1"}, "version: '1.30.1'"),
        (tasks.kubeconfig, {"name": "c1"}, "name: give the project of cluster 'c1'"),
        (tasks.kubeconfig, {"cluster_id": "c-1", "ttl": "forever"}, "ttl: 'forever' is not a duration"),
        (tasks.project_info, {"name": "-x"}, "name: '-x' is not a valid OKS name"),
        (tasks.cluster_info, {"project_name": "UP"}, "project_name: 'UP' is not a valid OKS name"),
    ],
)
def test_bad_input_is_refused_before_any_call(task, params, message):
    with pytest.raises(InputError, match=message):
        task(params)
