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
      - A missing parent directory is created, readable by its owner only (mode V(0700)), as C(~/.kube) is.
      - The module checks that O(dest) can be written before it calls the cloud, so an unwritable path fails before
        any credential is issued.
      - Without O(merge), the module refuses to replace a file that holds contexts other than this cluster's (for
        example a copy of C(~/.kube/config)), or a file that is not a kubeconfig.
    type: path
    required: true
  merge:
    description:
      - Whether to add this cluster's context to the contexts already in O(dest) (replacing the entries of the same
        names, and making it the current context, as C(aws eks update-kubeconfig) does), instead of writing a file
        with this cluster's context only.
      - The cluster, user and context entries of the other clusters are kept as they are.
    type: bool
    default: false
  backup:
    description:
      - Whether to keep a copy of O(dest) before it is changed, next to it, named with a time stamp.
      - The path of the copy is returned as RV(backup_file).
    type: bool
    default: false
  force:
    description:
      - Whether to fetch and write a new kubeconfig even when O(dest) already holds a valid one for this cluster.
    type: bool
    default: false
  renew_before:
    description:
      - Fetch a new kubeconfig when the credentials in O(dest) expire within this many seconds.
      - V(0) renews only credentials that have already expired.
      - The window is never more than half the lifetime of the credentials in O(dest), so a short-lived token (an
        EKS token lives 15 minutes) is not renewed on every run.
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
