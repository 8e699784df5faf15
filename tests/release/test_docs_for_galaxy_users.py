# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Markdown pages in the tarball speak to people who installed it from Galaxy.

They have no clone: no Makefile, no scripts/, no virtual environments of ours. Those may appear only under a heading
that says the section is for developing, or in the pages written for people changing the collection.
"""

from __future__ import annotations

import re
import tarfile

import pytest

FOR_DEVELOPERS_ONLY = {"docs/architecture.md"}
CLONE_ONLY = re.compile(r"`make [a-z-]+`|\bmake (demo|test|setup|ee|docs|lint)\b|\.venv\b|\bscripts/")


def clone_only_lines(text):
    """The lines that speak of the clone outside a section whose heading (or a parent heading) says developing."""
    found = []
    headings = []
    in_code = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
        heading = re.match(r"(#+)\s+(.*)", line) if not in_code else None
        if heading:
            level = len(heading.group(1))
            headings = [item for item in headings if item[0] < level] + [(level, heading.group(2))]
            continue
        if CLONE_ONLY.search(line) and not any("develop" in title.lower() for _level, title in headings):
            found.append("%d: %s" % (number, line.strip()))
    return found


def test_the_rule_finds_a_make_command_outside_a_developing_section():
    page = "# Title\n\nRun `make demo` first.\n\n## Developing\n\n`make test` and .venv/bin/python\n"
    assert clone_only_lines(page) == ["3: Run `make demo` first."]


@pytest.fixture(scope="module")
def shipped_pages(collection_tarball):
    with tarfile.open(collection_tarball) as archive:
        return {
            member.name: archive.extractfile(member).read().decode("utf-8")
            for member in archive.getmembers()
            if member.isfile() and member.name.endswith(".md") and not member.name.startswith("tests/")
        }


def test_shipped_pages_speak_to_galaxy_users(shipped_pages):
    assert "README.md" in shipped_pages
    problems = {
        name: clone_only_lines(text)
        for name, text in sorted(shipped_pages.items())
        if name not in FOR_DEVELOPERS_ONLY and clone_only_lines(text)
    }
    assert not problems
