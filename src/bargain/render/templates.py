"""Where the built-in DOCX templates are.

The templates live in the repository's top-level ``templates/`` folder so that people can edit them
in Word; the wheel carries that folder as ``bargain/templates``. In a source checkout (an editable
install, or ``src`` on the path) the package has no such folder, and the repository's is used.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_templates_dir"]

_PACKAGE = Path(__file__).resolve().parent.parent


def builtin_templates_dir() -> Path:
    """The folder of the templates shipped with bargain.

    Raises:
        FileNotFoundError: neither the installed nor the checkout folder exists (a broken install).
    """
    installed = _PACKAGE / "templates"
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"bargain's templates are missing: looked in {installed} and {checkout}"
    )
