# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated clouds: every module here that defines ``CLOUD = CloudSpec(...)`` is served by the app.

A module that fails to import stops the emulator with its error: a half-loaded emulator would only hide it.
"""

from __future__ import annotations

import importlib
import pkgutil


def discover(only=None):
    """The CloudSpec of every module in this package (or of the modules named in only), sorted by name."""
    specs = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_") or (only is not None and module_info.name not in only):
            continue
        module = importlib.import_module("%s.%s" % (__name__, module_info.name))
        spec = getattr(module, "CLOUD", None)
        if spec is not None and hasattr(spec, "blueprint") and hasattr(spec, "prefix"):
            specs.append(spec)
    return sorted(specs, key=lambda spec: spec.name)
