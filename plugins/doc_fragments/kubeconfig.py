# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options of every cloud's kubeconfig module (options.kubeconfig_argument_spec)."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  dest:
    description:
      - Path of the kubeconfig file to write on the controller.
      - The file is written atomically, so a reader never sees half a file.
    type: path
    required: true
  force:
    description:
      - Whether to fetch and write a new kubeconfig even when O(dest) already holds a valid one for this cluster.
    type: bool
    default: false
  renew_before:
    description:
      - Fetch a new kubeconfig when the credentials in O(dest) expire within this many seconds.
      - V(0) renews only credentials that have already expired.
    type: int
    default: 3600
  return_content:
    description:
      - Whether to return the content of the kubeconfig in the module result.
      - A kubeconfig holds credentials; leave this V(false) unless a later task needs the content and not the file.
    type: bool
    default: false
  mode:
    description:
      - Permissions of O(dest), as an octal string such as V('0600') or a symbolic mode such as V(u=rw).
      - The default keeps the file readable by its owner only; a kubeconfig holds credentials.
    type: raw
    default: '0600'
"""
