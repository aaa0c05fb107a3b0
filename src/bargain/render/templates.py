"""Where templates are found, the Jinja environment they run in, and checking a template.

The built-in templates live in the repository's top-level ``templates/`` folder so that people can
edit them in Word; the wheel carries that folder as ``bargain/templates``. In a source checkout (an
editable install, or ``src`` on the path) the package has no such folder, and the repository's is
used. A :class:`TemplateSet` searches user folders first, by name, then the built-in folder.

Templates run in a sandboxed Jinja environment (:func:`environment`): autoescape on, undefined
variables are errors, and what a template prints passes through :func:`visible_controls`, so
that no control character ever reaches the XML:

>>> env = environment()
>>> str(env.from_string("{{ text }}").render(text="a < b & c\\x07"))
'a &lt; b &amp; c␇'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "TemplateProblem",
    "TemplateSet",
    "builtin_templates_dir",
    "check_template",
    "environment",
    "unsafe_constructs",
    "visible_controls",
]

_PACKAGE = Path(__file__).resolve().parent.parent
SUFFIX = ".docx"


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


class TemplateSet:
    """Templates found by name: in the user folders, in the order given, then the built-in folder.

    A user's ``offer.docx`` replaces the built-in offer; a name no folder holds is
    :class:`~bargain.errors.TemplateNotFound`.
    """

    def __init__(self, *folders: Path, builtin: bool = True) -> None:
        self.folders: tuple[Path, ...] = tuple(Path(f) for f in folders)
        if builtin:
            self.folders = (*self.folders, builtin_templates_dir())

    def find(self, name: str) -> Path:
        """The template ``name`` (``"offer"`` or ``"offer.docx"``) from the first folder holding it."""
        from bargain.errors import TemplateNotFound

        stem = name.removesuffix(SUFFIX)
        if stem and "/" not in stem and "\\" not in stem and stem not in {".", ".."}:
            for folder in self.folders:
                candidate = folder / f"{stem}{SUFFIX}"
                if candidate.is_file():
                    return candidate
        raise TemplateNotFound(name, [str(f) for f in self.folders], self.names())

    def names(self) -> list[str]:
        """Every template name the folders hold, sorted (Word's ``~$`` lock files left out)."""
        found: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                found.update(
                    p.stem for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("~$")
                )
        return sorted(found)


# --- what a template prints ------------------------------------------------------------------

_C0 = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_INVALID = re.compile("[\x80-\x9f\ud800-\udfff\ufffe\uffff]")
_C0_BUT_LISTING = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\x7f]")
_ANY = re.compile(f"{_C0.pattern}|{_INVALID.pattern}")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def visible_controls(text: str, *, keep_listing: bool = False) -> str:
    """``text`` with every character XML 1.0 cannot hold, or that Word would not show, made visible.

    C0 controls (but tab, line feed and carriage return) and DEL become their Unicode Control
    Pictures (U+2400 + code: ``\\x07`` prints as ␇); C1 controls, lone surrogates and the
    non-characters U+FFFE/U+FFFF become U+FFFD. ``keep_listing`` keeps ``\\a`` and ``\\f``, which
    docxtpl's ``Listing`` turns into a new paragraph and a page break.

    >>> visible_controls("a\\x00b\\x1bc\\td\\u0085")
    'a␀b␛c\\td�'
    """
    pattern = _C0_BUT_LISTING if keep_listing else _C0
    return _INVALID.sub("\ufffd", pattern.sub(_picture, text))


def _finalize(value: Any) -> Any:
    """What every ``{{ ... }}`` prints, before autoescape: control characters made visible."""
    if isinstance(value, str):
        if _ANY.search(value) is None:
            return value
        cleaned = visible_controls(value)
        return type(value)(cleaned) if hasattr(value, "__html__") else cleaned
    html = getattr(value, "__html__", None)
    if html is None:
        return value
    kind = type(value)
    if kind.__module__.startswith("docxtpl"):
        if kind.__name__ not in {"RichText", "Listing", "RichTextParagraph"}:
            from bargain.errors import UnsupportedTemplateFeature

            raise UnsupportedTemplateFeature(
                "?", Bilingual(f"docxtpl 的 {kind.__name__}", f"docxtpl's {kind.__name__}")
            )
        from markupsafe import Markup

        return Markup(visible_controls(str(html()), keep_listing=kind.__name__ == "Listing"))
    return value


def _filters() -> dict[str, Callable[..., Any]]:
    """bargain's filters (``FILTERS``), each remembering its recent answers.

    The filters are pure functions of their arguments, and a template calls the same ones with
    the same arguments in every document (``3|article_number``): remembering the answer is what
    makes numerals cost nothing in a batch. Arguments that cannot be hashed go straight through.
    """
    from bargain.render import filters

    declared = getattr(filters, "FILTERS", None)
    if declared is None:
        declared = {name: getattr(filters, name) for name in filters.__all__}
    return {name: _remembering(function) for name, function in declared.items()}


_REMEMBERED = 4096


def _remembering(function: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(function, "jinja_pass_arg", None) is not None:
        return function  # it reads the context or the environment: not a function of its args
    answers: dict[Any, Any] = {}

    def remembered(*args: Any, **kwargs: Any) -> Any:
        try:
            key = (args, tuple(map(type, args)), tuple(sorted(kwargs.items())))
            return answers[key]
        except KeyError:
            pass
        except TypeError:  # an argument that cannot be hashed
            return function(*args, **kwargs)
        answer = function(*args, **kwargs)
        if len(answers) >= _REMEMBERED:
            answers.clear()
        answers[key] = answer
        return answer

    remembered.__name__ = getattr(function, "__name__", "filter")
    remembered.__doc__ = function.__doc__
    remembered.__wrapped__ = function  # type: ignore[attr-defined]
    return remembered


def environment() -> SandboxedEnvironment:
    """A new sandboxed Jinja environment: autoescape, ``StrictUndefined``, bargain's filters.

    Python internals are out of reach (the sandbox refuses ``__class__`` and the like at run
    time; :func:`unsafe_constructs` refuses them before a template runs), printed values pass
    through :func:`visible_controls`, and the globals hold only ``range`` and ``namespace``.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    env.filters.update(_filters())
    env.globals = {name: env.globals[name] for name in ("range", "namespace")}
    return env


# --- unsafe constructs -----------------------------------------------------------------------

_UNSAFE_NAMES = frozenset(
    {"mro", "func_globals", "func_code", "gi_frame", "gi_code", "cr_frame", "f_globals"}
)
_FORMATTERS = frozenset({"format", "format_map"})


def _unsafe_name(name: object) -> bool:
    return isinstance(name, str) and (name.startswith("_") or name in _UNSAFE_NAMES)


def unsafe_constructs(tree: nodes.Template) -> Iterator[str]:
    """The constructs of a parsed template that reach for Python internals, in source order.

    An attribute or item whose name starts with ``_`` (``__class__``, ``__globals__``,
    ``_TemplateReference__context``), the ``attr`` filter with such a name or with a name computed
    at run time, ``self`` (the template's own internals), and ``format`` strings that reach into
    attributes (``"{0.__class__}"``).
    """
    from jinja2 import nodes

    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Name)):
        if isinstance(node, nodes.Getattr):
            if _unsafe_name(node.attr):
                yield f".{node.attr}"
            elif node.attr in _FORMATTERS:
                yield f".{node.attr}(...)"
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and _unsafe_name(node.arg.value):
                yield f"[{node.arg.value!r}]"
        elif isinstance(node, nodes.Filter):
            if node.name == "attr":
                arg = node.args[0] if node.args else None
                if not isinstance(arg, nodes.Const) or _unsafe_name(arg.value):
                    shown = arg.value if isinstance(arg, nodes.Const) else "..."
                    yield f"|attr({shown!r})"
            elif (
                node.name == "format"
                and isinstance(node.node, nodes.Const)
                and re.search(r"\{[^}]*[.\[]", str(node.node.value))
            ):
                yield f"{node.node.value!r}|format"
        elif isinstance(node, nodes.Name) and node.name == "self" and node.ctx == "load":
            yield "self"


# --- checking a template ---------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template, found by :func:`check_template`.

    Attributes:
        template: the template's file name.
        kind: ``"syntax"``, ``"unsafe"``, ``"missing"`` (a variable the context lacks) or
            ``"unsupported"``.
        message: what is wrong, in both languages (the error's own message).
        where: the place in the document, when known.
        variable: the missing variable, for ``"missing"``.
    """

    template: str
    kind: str
    message: Bilingual
    where: Bilingual | None = None
    variable: str | None = None

    def render(self, lang: Lang = Lang.ZH) -> str:
        """The message in one language."""
        return self.message.get(lang)


def check_template(path: Path, provided: Mapping[str, Any] | None = None) -> list[TemplateProblem]:
    """Everything wrong with the template at ``path``, in document order, without raising.

    Syntax errors and unsafe constructs, with the template's name and where in the document they
    are; with ``provided`` (a sample context), the variables the template uses that it lacks: the
    top-level names Jinja's static analysis finds, and whatever rendering against the sample
    then finds missing (an attribute of an item, say).
    """
    from bargain.errors import MissingVariable, TemplateError, UnsupportedTemplateFeature
    from bargain.render.docx import PreparedTemplate, template_problems

    found, prepared = template_problems(Path(path))
    if prepared is None or provided is None:
        return found
    problems = list(found)
    reported: set[str] = set()
    for name, where in prepared.undeclared(provided):
        error = MissingVariable(prepared.name, name, where)
        problems.append(_problem(error, "missing", name))
        reported.add(name)
    if not reported:
        try:
            PreparedTemplate.render(prepared, provided)
        except MissingVariable as error:
            problems.append(_problem(error, "missing", error.variable))
        except UnsupportedTemplateFeature as error:
            problems.append(_problem(error, "unsupported"))
        except TemplateError as error:
            problems.append(_problem(error, "syntax"))
    return problems


def _problem(error: Any, kind: str, variable: str | None = None) -> TemplateProblem:
    return TemplateProblem(error.template, kind, error.text, error.where, variable)
