"""msgspec imported without typing_extensions (gutskin_desktop/msgspec_import.py): the
app's and the commands' modules load without it and without `inspect`, msgspec reads
every record type as it does with typing_extensions, and a later import of
typing_extensions gets the real module."""
from __future__ import annotations

import subprocess
import sys
import typing

import pytest

from gutskin_desktop import msgspec_import
from gutskin_desktop.model.records import Record

NEW_ENOUGH = pytest.mark.skipif(sys.version_info < (3, 11),
                                reason="on 3.10 msgspec imports typing_extensions as usual")


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, stdin=subprocess.DEVNULL)
    return done.stdout


@NEW_ENOUGH
def test_an_export_loads_neither() -> None:
    said = _fresh(
        "import sys\n"
        "import gutskin_desktop.cli as cli\n"
        "cli._exit_now = lambda code: None\n"
        "import os\n"
        "cli.main(['export', '--layout', 'a4-handout', '--out', os.devnull])\n"
        "print('LOADED', 'typing_extensions' in sys.modules, 'inspect' in sys.modules)\n")
    assert said.splitlines()[-1] == "LOADED False False"


@NEW_ENOUGH
def test_typing_extensions_is_the_real_one_afterwards() -> None:
    said = _fresh("import gutskin_desktop.model.layout\n"
                  "import typing_extensions as te\n"
                  "print(te.__file__.endswith('.py'), hasattr(te, 'TypedDict'))\n")
    assert said.split() == ["True", "True"]


@NEW_ENOUGH
def test_the_stand_in_gives_what_msgspec_takes() -> None:
    te = pytest.importorskip("typing_extensions")
    module = msgspec_import.stand_in()
    assert module.Required is te.Required
    assert module.NotRequired is te.NotRequired
    assert module.TypedDict is te.TypedDict  # any other name: the real module's


def _records() -> list[type]:
    import gutskin_desktop.model.clinic
    import gutskin_desktop.model.layout
    import gutskin_desktop.model.recovery_files
    import gutskin_desktop.model.theme_files  # noqa: F401

    out, todo = [], [Record]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo += cls.__subclasses__()
    return out


@NEW_ENOUGH
@pytest.mark.parametrize("record", _records(), ids=lambda cls: cls.__qualname__)
def test_type_hints_as_typing_extensions_gives_them(record: type) -> None:
    te = pytest.importorskip("typing_extensions")
    assert (typing.get_type_hints(record, include_extras=True)
            == te.get_type_hints(record, include_extras=True))


def test_msgspec_inspect_and_json_schema_load_on_first_use() -> None:
    # an export loads neither; once asked for, they give what msgspec alone gives
    probe = (
        "import sys, os, json\n"
        "{first}\n"
        "import msgspec\n"
        "loaded = [n in sys.modules for n in ('msgspec.inspect', 'msgspec._json_schema',"
        " 'textwrap')]\n"
        "from gutskin_desktop.model.layout import Layout\n"
        "from msgspec import inspect as mi\n"
        "info = mi.type_info(Layout)\n"
        "print(json.dumps({{'loaded': loaded, 'fields': [f.name for f in info.fields],"
        " 'schema': msgspec.json.schema(Layout),"
        " 'real': type(sys.modules['msgspec.inspect']).__name__}}, sort_keys=True))\n")
    tricked = _fresh(probe.format(first="import gutskin_desktop"))
    plain = _fresh(probe.format(first="import msgspec"))
    import json

    with_trick, without = json.loads(tricked), json.loads(plain)
    assert with_trick["loaded"] == [False, False, False]
    assert without["loaded"] == [True, True, True]
    for key in ("fields", "schema", "real"):
        assert with_trick[key] == without[key], key
    assert with_trick["real"] == "module" and with_trick["fields"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="uuid imports no platform there")
def test_uuid_learns_the_system_without_platform_loaded() -> None:
    out = _fresh("import sys\n"
                 "import gutskin_desktop\n"  # msgspec, with uuid
                 "import uuid\n"
                 "print('platform' in sys.modules, uuid._LINUX, uuid._AIX)\n"
                 "import platform\n"
                 "print(platform.system() == ('Linux' if uuid._LINUX else platform.system()),"
                 " platform is sys.modules['platform'], hasattr(platform, 'libc_ver'),"
                 " uuid.platform.python_version() == platform.python_version())\n"
                 "print(uuid.uuid4().version, uuid.UUID(int=5).int)")
    asked = "import platform\nprint(platform.system() == 'Linux', platform.system() == 'AIX')"
    real = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True,
                          check=True).stdout.split()
    first, second, third = out.splitlines()[-3:]
    assert first.split() == ["False", *real]
    assert second.split() == ["True", "True", "True", "True"]
    assert third.split() == ["4", "5"]


def test_the_platform_stand_in_answers_as_platform_does() -> None:
    import platform

    from gutskin_desktop.stand_ins import platform_stand_in

    stand_in = platform_stand_in("for this test")
    assert stand_in.system() == platform.system()
    assert stand_in.python_implementation() == platform.python_implementation()
    assert stand_in.machine() == platform.machine()  # anything else: the real module's
