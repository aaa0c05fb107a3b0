"""The errors of the documents: papers, templates and their conversion to PDF.

Private: import these from :mod:`bargain.errors`, whose docstring draws the whole tree.
"""

from __future__ import annotations

from collections.abc import Sequence

from bargain.domain.language import Bilingual
from bargain.errors._base import BargainError

__all__ = [
    "MissingVariable",
    "NoLibreOffice",
    "PaperNotReady",
    "PdfConversionFailed",
    "TemplateError",
    "TemplateNotFound",
    "TemplateSyntaxProblem",
    "UnknownPaper",
    "UnsafeTemplate",
    "UnsupportedTemplateFeature",
]


class UnknownPaper(BargainError, LookupError):
    """No built-in document (paper) has this name."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(
            Bilingual(
                f"没有名为“{name}”的文书；可用的有：{'、'.join(self.known)}",
                f"no paper named {name!r}; the papers are: {', '.join(self.known)}",
            )
        )


class PaperNotReady(BargainError, LookupError):
    """The history lacks the step whose facts a document records.

    Attributes:
        paper: the document's name (``minutes``).
        step: the step it needs, in both languages.
    """

    def __init__(self, agreement_id: str, paper: str, title: Bilingual, step: Bilingual) -> None:
        self.agreement_id = agreement_id
        self.paper = paper
        self.step = step
        super().__init__(
            Bilingual(
                f"集体合同 {agreement_id} 还不能生成《{title.zh}》（{paper}）：历史中没有{step.zh}",
                f"agreement {agreement_id} has no {title.en} ({paper}) yet: its history has no "
                f"{step.en}",
            )
        )


class TemplateError(BargainError):
    """A DOCX template could not be used.

    Attributes:
        template: the template's file name (``final_text.docx``) or the name asked for.
        where: the place in the document (第3段 / paragraph 3; 表1第2行第1格 / table 1, row 2,
            cell 1; 页眉 / header ...), when it is known.
    """

    def __init__(self, template: str, text: Bilingual, where: Bilingual | None = None) -> None:
        self.template = template
        self.where = where
        super().__init__(text)


def _at(template: str, where: Bilingual | None) -> Bilingual:
    if where is None:
        return Bilingual(f"模板 {template}", f"template {template}")
    return Bilingual(f"模板 {template} {where.zh}", f"template {template}, {where.en}")


class TemplateNotFound(TemplateError, LookupError):
    """No template of that name is in the folders searched (user folders first, then built-in)."""

    def __init__(self, name: str, folders: Sequence[str], known: Sequence[str] = ()) -> None:
        self.name = name
        self.folders = tuple(folders)
        self.known = tuple(known)
        where = "、".join(self.folders) or "（无）"
        listing_zh = "、".join(self.known) or "无"
        listing_en = ", ".join(self.known) or "none"
        super().__init__(
            name,
            Bilingual(
                f"找不到名为“{name}”的模板（查找了：{where}）；可用的模板：{listing_zh}",
                f"no template named {name!r} (looked in: {', '.join(self.folders) or 'none'}); "
                f"known templates: {listing_en}",
            ),
        )


class TemplateSyntaxProblem(TemplateError):
    """The template's Jinja tags do not parse (an unclosed ``{% for %}``, a stray ``}}`` ...)."""

    def __init__(self, template: str, detail: str, where: Bilingual | None = None) -> None:
        self.detail = detail
        at = _at(template, where)
        super().__init__(
            template,
            Bilingual(
                f"{at.zh} 有模板语法错误：{detail}", f"{at.en}: template syntax error: {detail}"
            ),
            where,
        )


class MissingVariable(TemplateError):
    """The template uses a variable the context does not provide: strict, never a silent blank."""

    def __init__(self, template: str, variable: str, where: Bilingual | None = None) -> None:
        self.variable = variable
        at = _at(template, where)
        super().__init__(
            template,
            Bilingual(
                f"{at.zh} 使用了变量“{variable}”，但上下文中没有提供",
                f"{at.en} uses the variable {variable!r}, which the context does not provide",
            ),
            where,
        )


class UnsafeTemplate(TemplateError):
    """The template reaches for Python internals (``__class__``, ``__globals__`` ...).

    It is refused before anything of it runs.
    """

    def __init__(self, template: str, construct: str, where: Bilingual | None = None) -> None:
        self.construct = construct
        at = _at(template, where)
        super().__init__(
            template,
            Bilingual(
                f"{at.zh} 试图访问 Python 内部对象（{construct}），出于安全考虑拒绝渲染；"
                "模板只能使用上下文中的数据和过滤器",
                f"{at.en} reaches for Python internals ({construct}) and is refused for "
                "safety; a template may only use the context's data and the filters",
            ),
            where,
        )


class UnsupportedTemplateFeature(TemplateError):
    """The template (or a context value) uses a docxtpl feature the fast renderer does not support.

    ``feature`` names it (sub-document, inline image ...); render such a document with docxtpl
    itself.
    """

    def __init__(self, template: str, feature: Bilingual, where: Bilingual | None = None) -> None:
        self.feature = feature
        at = _at(template, where)
        super().__init__(
            template,
            Bilingual(
                f"{at.zh} 使用了快速渲染不支持的功能：{feature.zh}；请改用 docxtpl 直接渲染",
                f"{at.en} uses a feature the fast renderer does not support: {feature.en}; "
                "render it with docxtpl itself",
            ),
            where,
        )


class NoLibreOffice(BargainError):
    """A PDF was asked for, and neither ``soffice`` nor ``libreoffice`` could be found.

    The DOCX documents need nothing but bargain; the PDF is LibreOffice's work. The message says how
    to install it, with the free Chinese fonts the documents fall back to.
    """

    INSTALL = "apt-get install libreoffice-writer-nogui fonts-noto-cjk"

    def __init__(self) -> None:
        super().__init__(
            Bilingual(
                "未找到 LibreOffice（soffice），无法转换为 PDF；请先安装，例如 "
                f"{self.INSTALL}（Debian/Ubuntu），或从 https://www.libreoffice.org 下载",
                "LibreOffice (soffice) was not found, so no PDF can be made; install it, e.g. "
                f"{self.INSTALL} (Debian/Ubuntu), or from https://www.libreoffice.org",
            )
        )


class PdfConversionFailed(BargainError):
    """LibreOffice ran but gave no PDF: the document could not be read, or it took too long.

    Attributes:
        document: the DOCX file that was being converted.
        detail: what LibreOffice said (its last lines of output), or that the time ran out.
    """

    def __init__(self, document: str, detail: str | Bilingual) -> None:
        self.document = document
        said = detail if isinstance(detail, Bilingual) else Bilingual(detail, detail)
        self.detail = said.en
        super().__init__(
            Bilingual(
                f"{document}: LibreOffice 未能转换为 PDF：{said.zh}",
                f"{document}: LibreOffice could not convert it to PDF: {said.en}",
            )
        )
