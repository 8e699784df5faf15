# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""mockcloud: the embedded emulator of the five cloud APIs (a test tool, not part of the collection).

Import it with ``tests/`` on sys.path; run it with ``python -m mockcloud`` from ``tests/``. See README.md.
"""
