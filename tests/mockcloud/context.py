# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a cloud's views use to reach the running emulator: the store, the clock, the current cloud."""

from __future__ import annotations

import dataclasses
import typing as t

from flask import current_app, g

from .faults import FaultInjector
from .reqlog import RequestLog
from .spec import CloudSpec
from .store import Store

EXTENSION = "mockcloud"


@dataclasses.dataclass
class MockState:
    """Everything one emulator app holds; app.extensions["mockcloud"]."""

    store: Store
    faults: FaultInjector
    log: RequestLog
    clouds: t.Dict[str, CloudSpec]

    def cloud_for(self, path):
        """The cloud whose prefix owns path (the longest prefix wins), or None."""
        owners = [spec for spec in self.clouds.values() if spec.owns(path)]
        return max(owners, key=lambda spec: len(spec.prefix)) if owners else None


def state(app=None) -> MockState:
    return (app or current_app).extensions[EXTENSION]


def store() -> Store:
    return state().store


def clock():
    return state().store.clock


def current_cloud() -> t.Optional[CloudSpec]:
    return g.get("mockcloud_cloud")
