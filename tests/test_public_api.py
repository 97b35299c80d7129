"""Each package states its public names, and every exception we raise on purpose has one root."""

from __future__ import annotations

import builtins
import importlib
import inspect
import pkgutil
import types

import pytest

import voice_contracts
from voice_contracts import VoiceContractsError

PACKAGES = [
    "voice_contracts",
    "voice_contracts.settings",
    "voice_contracts.spec",
    "voice_contracts.mock",
    "voice_contracts.suite",
    "voice_contracts.client",
    "voice_contracts.cli",
]


def _all_modules() -> list[types.ModuleType]:
    names = [voice_contracts.__name__] + [
        info.name
        for info in pkgutil.walk_packages(voice_contracts.__path__, prefix="voice_contracts.")
        if not info.name.endswith("__main__")
    ]
    return [importlib.import_module(name) for name in names]


@pytest.mark.parametrize("name", PACKAGES)
def test_each_package_exports_exactly_its_all(name: str) -> None:
    package = importlib.import_module(name)
    exported = package.__all__
    for public in exported:
        assert hasattr(package, public), f"{name}.__all__ names {public}, which does not exist"
    # Everything public at the package's top level (apart from its submodules) is in __all__.
    stray = {
        attr
        for attr, value in vars(package).items()
        if not attr.startswith("_") and not isinstance(value, types.ModuleType) and attr not in exported
    }
    assert stray == set(), f"{name} exposes names missing from __all__: {sorted(stray)}"


def test_every_exception_of_ours_has_the_root_a_builtin_base_and_a_docstring() -> None:
    found = []
    for module in _all_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, BaseException):
                continue
            found.append(cls)
            assert cls.__doc__ and cls.__doc__.strip(), f"{cls.__qualname__} has no docstring"
            if cls is VoiceContractsError:
                continue
            assert issubclass(cls, VoiceContractsError), f"{module.__name__}.{cls.__qualname__} lacks the root"
            builtin_bases = {
                base
                for base in cls.__mro__
                if base.__module__ == "builtins" and base not in (Exception, BaseException, object)
            }
            assert builtin_bases, f"{cls.__qualname__} keeps no builtin base (ValueError, OSError, …)"
            assert all(getattr(builtins, base.__name__) is base for base in builtin_bases)
    assert len(found) >= 8
