#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: kubeconfig_merge
short_description: Merge kubeconfig files into one, one context per cluster
version_added: 0.1.0
author:
  - managedk8s.clusters contributors (@managedk8s)
description:
  - Adds the current context of each kubeconfig file of O(sources) to the kubeconfig O(dest), under the context
    name given for it. The context's cluster and user entries take the same name, so kubeconfigs whose entries
    share a name (every cloud calls its user C(admin)) never overwrite each other.
  - Every other entry of O(dest) is kept as it is, so merging never loses the user's own contexts.
  - With O(state=absent), removes the contexts named in O(sources), with their cluster and user entries.
  - The file is written atomically, with O(mode), and only when its content changes.
  - Works on the controller or the managed node alike; it calls no cloud API.
options:
  dest:
    description:
      - The kubeconfig file to merge into. Created when missing, with its missing parent directories (mode V(0700)).
      - The module checks that it can be written before it reads any source.
    type: path
    default: ~/.kube/config
  sources:
    description:
      - The kubeconfigs to merge, or with O(state=absent) the contexts to remove.
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description:
          - A kubeconfig file whose current context (or only context) is merged.
          - Required with O(state=present).
        type: path
      context:
        description:
          - The name of the context, cluster and user in O(dest), for example C(eks-production).
          - Each source needs its own name; two sources with the same name are refused, since one would silently
            replace the other. Name contexts after the cloud, region and cluster (C(eks-eu-west-1-web)) when the same
            cluster name is used in several places.
        type: str
        required: true
  state:
    description:
      - Whether the contexts of O(sources) must be in O(dest) or not.
    type: str
    choices: [present, absent]
    default: present
  current_context:
    description:
      - The context to make current in O(dest). It must be one of O(sources) or already be in O(dest).
      - When not set, the current context of O(dest) is kept; a new file gets the first context of O(sources).
    type: str
  mode:
    description:
      - Permissions of O(dest), as an octal string such as V('0600').
      - The default keeps the file readable by its owner only; a kubeconfig holds credentials.
    type: raw
    default: '0600'
  backup:
    description:
      - Whether to keep a copy of O(dest) before it is changed, next to it, named with a time stamp.
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - The diff lists context names and the current context, never credentials.
  platform:
    platforms: all
notes:
  - The kubeconfig content is never returned.
"""

EXAMPLES = r"""
- name: Merge the kubeconfigs of two clusters into ~/.kube/config
  managedk8s.clusters.kubeconfig_merge:
    sources:
      - path: /tmp/kubeconfigs/eks-production.yaml
        context: eks-production
      - path: /tmp/kubeconfigs/sks-staging.yaml
        context: sks-staging
    current_context: eks-production

- name: Remove a cluster's context from a shared kubeconfig
  managedk8s.clusters.kubeconfig_merge:
    dest: /srv/ops/kubeconfig
    state: absent
    sources:
      - context: sks-staging
"""

RETURN = r"""
dest:
  description: The kubeconfig file merged into.
  returned: always
  type: str
  sample: /home/ops/.kube/config
contexts:
  description: The names of every context in O(dest) after the task.
  returned: always
  type: list
  elements: str
  sample: [eks-production, sks-staging, minikube]
current_context:
  description: The current context of O(dest) after the task.
  returned: always
  type: str
  sample: eks-production
backup_file:
  description: The copy of O(dest) made before the change, with O(backup=true).
  returned: when O(backup=true) and O(dest) existed and changed
  type: str
  sample: /home/ops/.kube/config.2131.2026-12-02@14:03:11~
diff:
  description: The context names and current context before and after, in diff mode (C(--diff), or C(diff) set on the task).
  returned: when diff mode is on
  type: dict
  sample: {before: {contexts: [minikube]}, after: {contexts: [minikube, eks-production]}}
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import KubeconfigError

ARGUMENT_SPEC = dict(
    dest=dict(type="path", default="~/.kube/config"),
    sources=dict(
        type="list",
        elements="dict",
        required=True,
        options=dict(
            path=dict(type="path"),
            context=dict(type="str", required=True),
        ),
    ),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    current_context=dict(type="str"),
    mode=dict(type="raw", default="0600"),
    backup=dict(type="bool", default=False),
)


def file_mode(value):
    try:
        return value if isinstance(value, int) else int(str(value), 8)
    except ValueError:
        raise KubeconfigError("mode: %r is not an octal file mode such as '0600'" % value) from None


def single_context_of(path, context_name):
    """The current context of the kubeconfig at path, with its cluster and user, all renamed context_name."""
    text = kubeconfig.read_file(path)
    if text is None:
        raise KubeconfigError("sources: %s does not exist" % path)
    config = kubeconfig.parse(text, source=path)
    context = kubeconfig.current_context(config)
    if context is None:
        raise KubeconfigError("sources: %s has no context" % path)
    body = context.get("context") or {}
    single = {
        "current-context": context["name"],
        "clusters": [entry for entry in config["clusters"] if entry.get("name") == body.get("cluster")],
        "users": [entry for entry in config.get("users") or [] if entry.get("name") == body.get("user")],
        "contexts": [context],
    }
    return kubeconfig.rename(single, context_name)


def without(config, names):
    """config without the contexts named, nor the cluster and user entries of the same names."""
    kept = dict(config)
    for section in ("clusters", "users", "contexts"):
        kept[section] = [entry for entry in config.get(section) or [] if entry.get("name") not in names]
    if kept.get("current-context") in names:
        kept["current-context"] = kept["contexts"][0]["name"] if kept["contexts"] else ""
    return kept


def check_unique_contexts(sources):
    """Two sources with one context name would leave only the last: refuse before reading anything."""
    seen = {}
    for index, source in enumerate(sources, 1):
        name = source["context"]
        if name in seen:
            raise KubeconfigError(
                "sources: entries %d and %d both name the context %s; give each source its own context name "
                "(for example <cloud>-<region>-<cluster>)" % (seen[name], index, name)
            )
        seen[name] = index


def merged_config(existing, sources):
    config = existing
    for source in sources:
        if not source.get("path"):
            raise KubeconfigError(
                "sources: the entry for context %s needs a path with state=present" % source["context"]
            )
        config = kubeconfig.merge(config, single_context_of(source["path"], source["context"]), set_current=False)
    if not config.get("current-context") and config.get("contexts"):
        config["current-context"] = sources[0]["context"]
    return config


def with_current_context(config, name):
    if name is None:
        return config
    if name not in context_names(config):
        raise KubeconfigError("current_context: %s is neither in sources nor in the kubeconfig" % name)
    config["current-context"] = name
    return config


def context_names(config):
    return [entry["name"] for entry in config.get("contexts") or []]


def summary(config):
    return {"contexts": context_names(config), "current_context": config.get("current-context") or ""}


def read_existing(dest):
    text = kubeconfig.read_file(dest)
    if text is None or not text.strip():
        return None
    return kubeconfig.parse(text, source=dest)


def desired_config(params, existing):
    start = dict(
        existing
        or {"apiVersion": "v1", "kind": "Config", "preferences": {}, "clusters": [], "users": [], "contexts": []}
    )
    if params["state"] == "absent":
        desired = without(start, {source["context"] for source in params["sources"]})
    else:
        desired = merged_config(start, params["sources"])
    return with_current_context(desired, params["current_context"])


def mode_differs(dest, mode):
    return os.path.exists(dest) and (os.stat(dest).st_mode & 0o7777) != mode


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    params = module.params
    dest = params["dest"]
    try:
        mode = file_mode(params["mode"])
        check_unique_contexts(params["sources"])
        kubeconfig.check_destination(dest)
        existing = read_existing(dest)
        desired = desired_config(params, existing)
        content_changes = desired != existing and not (existing is None and params["state"] == "absent")
        changed = content_changes or mode_differs(dest, mode)
        saved = None
        if changed and not module.check_mode:
            if content_changes:
                if params["backup"] and existing is not None:
                    saved = kubeconfig.backup_file(dest)
                kubeconfig.write_atomic(dest, kubeconfig.dump(desired), mode)
            else:
                os.chmod(dest, mode)
    except (KubeconfigError, OSError) as error:
        module.fail_json(msg=str(error), dest=dest)
    result = dict(changed=changed, dest=dest, **summary(desired))
    if saved:
        result["backup_file"] = saved
    if module._diff:
        result["diff"] = {"before": summary(existing or {}), "after": summary(desired)}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
