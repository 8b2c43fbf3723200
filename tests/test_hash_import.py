"""hashlib on Python's built-in hash functions (hash_import.py): the same digests, without
loading OpenSSL, and OpenSSL still there for hmac and ssl."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def fresh(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout.split()


def test_the_package_imports_hashlib_without_openssl_and_the_digests_are_the_same() -> None:
    out = fresh("""
import sys
import gutskin_desktop
import hashlib
print("_hashlib" in sys.modules)
print(hashlib.md5(b"abc", usedforsecurity=False).hexdigest(), hashlib.sha256(b"abc").hexdigest(),
      hashlib.blake2b(b"abc", digest_size=16).hexdigest(), hashlib.sha1(b"abc").hexdigest())
import hmac
print(hmac.new(b"key", b"abc", "sha256").hexdigest(), "_hashlib" in sys.modules)
""")
    import hashlib
    import hmac

    assert out == [
        "False",
        hashlib.md5(b"abc", usedforsecurity=False).hexdigest(),
        hashlib.sha256(b"abc").hexdigest(),
        hashlib.blake2b(b"abc", digest_size=16).hexdigest(),
        hashlib.sha1(b"abc").hexdigest(),
        hmac.new(b"key", b"abc", "sha256").hexdigest(), "True"]


def test_hashlib_imported_before_the_package_is_left_as_it_is() -> None:
    out = fresh("""
import sys, hashlib
import gutskin_desktop
print(hashlib.__name__ in sys.modules, "_hashlib" in sys.modules)
""")
    assert out == ["True", "True"]


def test_an_export_writes_the_same_pdf_with_either_hashlib(tmp_path: Path) -> None:
    code = """
import sys
{first}
from gutskin_desktop import cli
cli.main(["export", "--layout", "a4-handout", "--out", sys.argv[1], "--deterministic"])
print("_hashlib" in sys.modules)
"""
    built_in, openssl = tmp_path / "built-in.pdf", tmp_path / "openssl.pdf"
    for first, out, loaded in (("", built_in, "False"), ("import hashlib", openssl, "True")):
        done = subprocess.run([sys.executable, "-c", code.format(first=first), str(out)],
                              capture_output=True, text=True, check=True, timeout=120)
        assert done.stdout.split()[-1] == loaded
    assert built_in.read_bytes() == openssl.read_bytes()
