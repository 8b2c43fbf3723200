"""``hashlib`` on Python's own hash functions: a start-up speed trick.

Importing ``hashlib`` loads ``_hashlib``, Python's binding to OpenSSL, and with it the
OpenSSL library: about 2.3 ms of every start (benchmarks/export_speed.py, the whole
``gutskin export``). The hashes used in this process are md5 (reportlab's document ID
in every PDF), sha256 and blake2b (the project's digests of pages, images and profiles),
which Python also builds in (``_md5``, ``_sha256`` or ``_sha2``, ``_blake2``...) and which
give the same digests. :func:`import_hashlib`, called as a command-line job starts
(``cli.run``; the app imports hashlib only when it needs it, after its first paint),
imports ``hashlib`` while ``_hashlib`` is hidden, so that hashlib hands out the built-in
functions, as it does on a Python built without OpenSSL; ``_hashlib`` is visible again
right after, so ``hmac`` and ``ssl`` still use OpenSSL. It does nothing when ``hashlib``
is already imported, or when a built-in hash module is missing (a Python built without
them, as some FIPS builds are): then hashlib is imported as usual, when first needed.
What hashlib no longer offers this way is OpenSSL's extras (``pbkdf2_hmac``, ``scrypt``,
algorithms only OpenSSL has), which nothing in this process uses.
"""
from __future__ import annotations

import sys

#: The built-in modules behind hashlib's md5, sha1, sha2, blake2 and sha3 functions.
BUILT_IN = ("_md5", "_sha1", "_blake2", "_sha3",
            *(("_sha2",) if sys.version_info >= (3, 12) else ("_sha256", "_sha512")))


def import_hashlib() -> None:
    """Import ``hashlib`` on the built-in hash functions (see the module's notes)."""
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return
    try:
        for name in BUILT_IN:
            __import__(name)
    except ImportError:
        return
    sys.modules["_hashlib"] = None  # type: ignore[assignment]  # hidden: ImportError
    try:
        import hashlib  # noqa: F401
    finally:
        if sys.modules.get("_hashlib", 0) is None:
            del sys.modules["_hashlib"]
