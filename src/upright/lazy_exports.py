"""Package exports loaded on first use (PEP 562), so importing a package costs nothing.

A package lists each exported name with the submodule it lives in; the submodule is
imported the first time the name is asked for (``from upright.store import Store`` or
``store.open_store``), and the name is then kept on the package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


class _ExportsOverSubmodules(ModuleType):
    """A package whose exports win over its submodules of the same name.

    Importing ``pkg.analyses`` makes the import system set the attribute ``analyses`` of
    ``pkg`` to the submodule; when the package exports a function of that name (as
    ``upright.store.analyses``), the function is kept instead, as an eager
    ``from pkg.analyses import analyses`` in the package left it.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        exports: Mapping[str, str] = self.__dict__.get("_EXPORTS", {})
        if (
            isinstance(value, ModuleType)
            and exports.get(name) == name
            and value.__name__ == f"{self.__name__}.{name}"
        ):
            value = getattr(value, name)
        super().__setattr__(name, value)


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose names live in ``exports``.

    Parameters
    ----------
    package
        The package's ``__name__``.
    exports
        Each exported name and the submodule (relative to the package) it is defined in.
    """
    module = sys.modules[package]
    if any(name == sub for name, sub in exports.items()):
        module.__class__ = _ExportsOverSubmodules

    def __getattr__(name: str) -> Any:
        sub = exports.get(name)
        if sub is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{sub}"), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(module), *exports})

    return __getattr__, __dir__
