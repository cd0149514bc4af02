"""Keep the tests' signing keys and witnesses out of the home directory.

Imported by the shared test support modules: the XDG directories where the signing key and the
witness go by default point to one temporary directory per test run (removed at exit), inherited
by the servers, commands and child processes the tests start.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_ROOT = os.environ.get("OCOP_TEST_TRAIL_ROOT", "")
if not _ROOT:  # the test run itself; the processes it starts inherit its directory (a killed one leaves none)
    _ROOT = os.environ["OCOP_TEST_TRAIL_ROOT"] = tempfile.mkdtemp(prefix="ocop-trail-")
    atexit.register(shutil.rmtree, _ROOT, True)
os.environ["XDG_CONFIG_HOME"] = os.path.join(_ROOT, "config")
os.environ["XDG_STATE_HOME"] = os.path.join(_ROOT, "state")
