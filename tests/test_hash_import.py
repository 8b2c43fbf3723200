"""hashlib on Python's built-in hash functions (hash_import.py): the same digests, without
loading OpenSSL, and OpenSSL still there for hmac and ssl."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONTENT = Path(__file__).resolve().parent.parent / "gutskin_desktop" / "data" / "content.json"


def fresh(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout.split()


def test_a_command_line_job_imports_hashlib_without_openssl_with_the_same_digests() -> None:
    out = fresh(f"""
import sys
from gutskin_desktop import cli
cli._exit_now = lambda code: None
sys.argv = ["gutskin", "check", {str(CONTENT)!r}]
cli.run()
import hashlib
print("_hashlib" in sys.modules)
print(hashlib.md5(b"abc", usedforsecurity=False).hexdigest(), hashlib.sha256(b"abc").hexdigest(),
      hashlib.blake2b(b"abc", digest_size=16).hexdigest(), hashlib.sha1(b"abc").hexdigest())
import hmac
print(hmac.new(b"key", b"abc", "sha256").hexdigest(), "_hashlib" in sys.modules)
""")
    import hashlib
    import hmac

    assert out[-7:] == [  # after what `check` printed
        "False",
        hashlib.md5(b"abc", usedforsecurity=False).hexdigest(),
        hashlib.sha256(b"abc").hexdigest(),
        hashlib.blake2b(b"abc", digest_size=16).hexdigest(),
        hashlib.sha1(b"abc").hexdigest(),
        hmac.new(b"key", b"abc", "sha256").hexdigest(), "True"]


def test_hashlib_imported_before_is_left_as_it_is() -> None:
    out = fresh("""
import sys, hashlib
from gutskin_desktop import hash_import
hash_import.import_hashlib()
print(hashlib.__name__ in sys.modules, "_hashlib" in sys.modules)
""")
    assert out == ["True", "True"]


def test_the_app_and_scripts_leave_hashlib_alone() -> None:
    out = fresh("""
import sys
from gutskin_desktop import cli
cli.main(["layouts"])
import hashlib
print("_hashlib" in sys.modules)
""")
    assert out[-1] == "True"


def test_an_export_writes_the_same_pdf_with_either_hashlib(tmp_path: Path) -> None:
    code = """
import sys
{first}
from gutskin_desktop import cli
cli._exit_now = lambda code: None
out = sys.argv[1]
sys.argv = ["gutskin", "export", "--layout", "a4-handout", "--out", out, "--deterministic"]
cli.run()
print("_hashlib" in sys.modules)
"""
    built_in, openssl = tmp_path / "built-in.pdf", tmp_path / "openssl.pdf"
    for first, out, loaded in (("", built_in, "False"), ("import hashlib", openssl, "True")):
        done = subprocess.run([sys.executable, "-c", code.format(first=first), str(out)],
                              capture_output=True, text=True, check=True, timeout=120)
        assert done.stdout.split()[-1] == loaded
    assert built_in.read_bytes() == openssl.read_bytes()
