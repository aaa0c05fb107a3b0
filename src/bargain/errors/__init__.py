"""Every error that bargain raises on purpose.

The tree::

    BargainError                 the root: catch this to catch anything bargain raises on purpose
    ├── InvalidDocument          a file or payload could not be read into a model; carries one
    │                            Problem per fault (file, field path, line, expected, found)
    ├── UnitMismatch             arithmetic or a comparison mixed amounts of different units
    │                            (a rate per order against a rate per month, say); also a TypeError
    ├── UnknownModel             a JSON Schema was asked for a name that is not a public model
    ├── UnknownAgreement         no agreement with that id is stored; also a LookupError
    ├── UnknownText              no text with that fingerprint is stored; also a LookupError
    ├── DuplicateAgreement       an agreement with that id is already stored
    ├── NotOpenable              an agreement past drafting cannot be opened; also a ValueError
    ├── HistoryMismatch          a history does not replay; also a ValueError
    ├── BrokenExport             an export's hash chain or snapshot does not verify, so it is not
    │                            imported; names what broke; also a ValueError
    ├── ConcurrencyError         someone else changed the agreement since it was read
    ├── StorageError             the database could not be used (unreachable, locked, no schema)
    │   └── NoDatabase           a store that must open an existing database found none
    ├── NoDayToJudge             validate was given no day and the agreement has no term to judge
    │                            it over; also a ValueError
    ├── DuplicateRule            two rule packs in use have a rule with the same id; also a
    │                            ValueError
    ├── InvalidRulePlugin        an entry point of the bargain.rules group gave no RulePack; also
    │                            a TypeError
    ├── UnknownPaper             no built-in document has that name; also a LookupError
    ├── PaperNotReady            the history lacks the step a document records (minutes with no
    │                            meeting); also a LookupError
    ├── TemplateError            a DOCX template could not be used; names the template
    │   ├── TemplateNotFound     no template of that name in the folders searched; also a LookupError
    │   ├── TemplateSyntaxProblem the template's Jinja tags do not parse; names where in the document
    │   ├── MissingVariable      the template uses a variable the context does not provide; names the
    │   │                        variable and the paragraph or table cell
    │   ├── UnsafeTemplate       the template reaches for Python internals; refused before it runs
    │   └── UnsupportedTemplateFeature  a docxtpl feature the fast renderer does not support
    ├── NoLibreOffice            a PDF was asked for and LibreOffice is not installed; says how to
    │                            install it
    ├── PdfConversionFailed      LibreOffice ran but gave no PDF (a broken file, a timeout)
    └── ProcedureError           a step of the legal procedure was refused; the agreement is unchanged
        ├── TransitionNotAllowed the trigger cannot be fired in the agreement's state; names the
        │                        state, the trigger and the triggers allowed now
        ├── NotAuthorised        the actor's role may not fire this trigger; also a PermissionError
        └── GuardFailed          a legal condition of the step does not hold; carries the reason
                                 and the article behind it

Each error builds its own message from the context it carries, in Chinese and in English
(``error.message(Lang.EN)``); ``str(error)`` is the Chinese message followed by the English one.
A message never holds a control or bidirectional character raw (:func:`escape_controls`): what a
user typed is shown escaped, so printing an error cannot rewrite a terminal.
Third-party errors are translated at the boundary with ``raise ... from``, so the original stays
in ``__cause__``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bargain.domain.language import Bilingual, Lang
from bargain.errors._base import BargainError, Problem, escape_controls
from bargain.errors._documents import (
    MissingVariable,
    NoLibreOffice,
    PaperNotReady,
    PdfConversionFailed,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxProblem,
    UnknownPaper,
    UnsafeTemplate,
    UnsupportedTemplateFeature,
)

if TYPE_CHECKING:
    from bargain.domain.procedure import Role, Status, Trigger
    from bargain.domain.references import LegalReference

__all__ = [
    "BargainError",
    "BrokenExport",
    "ConcurrencyError",
    "DuplicateAgreement",
    "DuplicateRule",
    "GuardFailed",
    "HistoryMismatch",
    "InvalidDocument",
    "InvalidRulePlugin",
    "MissingVariable",
    "NoDatabase",
    "NoDayToJudge",
    "NoLibreOffice",
    "NotAuthorised",
    "NotOpenable",
    "PaperNotReady",
    "PdfConversionFailed",
    "Problem",
    "ProcedureError",
    "StorageError",
    "TemplateError",
    "TemplateNotFound",
    "TemplateSyntaxProblem",
    "TransitionNotAllowed",
    "UnitMismatch",
    "UnknownAgreement",
    "UnknownModel",
    "UnknownPaper",
    "UnknownText",
    "UnsafeTemplate",
    "UnsupportedTemplateFeature",
    "escape_controls",
]


class InvalidDocument(BargainError, ValueError):
    """A document could not be read into a model.

    ``problems`` holds one :class:`Problem` per fault, in document order, so a user can fix all of
    them in one pass. The message is those problems, one per line.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InvalidDocument needs at least one problem")
        super().__init__(
            Bilingual(
                zh="\n".join(p.render(Lang.ZH) for p in self.problems),
                en="\n".join(p.render(Lang.EN) for p in self.problems),
            )
        )

    @property
    def source(self) -> str:
        """The file (or label) the first problem was found in."""
        return self.problems[0].source


class UnitMismatch(BargainError, TypeError):
    """Two amounts of different units were combined or compared.

    A piece rate per order and a guaranteed income per day cannot be added or compared without a
    conversion that only the caller can know (orders per day, hours per month).
    """

    def __init__(self, operation: str, left: str, right: str) -> None:
        self.operation = operation
        self.left = left
        self.right = right
        super().__init__(
            Bilingual(
                zh=f"不能对不同计量单位的金额做“{operation}”运算：{left} 与 {right}",
                en=f"cannot {operation} amounts of different units: {left} and {right}",
            )
        )


class UnknownModel(BargainError, LookupError):
    """A schema was asked for a name that is not one of the public models."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        listing = ", ".join(self.known)
        super().__init__(
            Bilingual(
                zh=f"没有名为“{name}”的公开模型；可用的模型：{listing}",
                en=f"no public model named {name!r}; known models: {listing}",
            )
        )


class UnknownAgreement(BargainError, LookupError):
    """No agreement with this id is stored."""

    def __init__(self, agreement_id: str) -> None:
        self.agreement_id = agreement_id
        super().__init__(
            Bilingual(
                f"没有标识为“{agreement_id}”的集体合同", f"no agreement with id {agreement_id!r}"
            )
        )


class UnknownText(BargainError, LookupError):
    """No text with this fingerprint is stored."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        super().__init__(
            Bilingual(
                f"没有指纹为 {fingerprint} 的合同文本", f"no text with fingerprint {fingerprint!r}"
            )
        )


class DuplicateAgreement(BargainError, ValueError):
    """An agreement with this id is already stored."""

    def __init__(self, agreement_id: str) -> None:
        self.agreement_id = agreement_id
        super().__init__(
            Bilingual(
                f"标识为“{agreement_id}”的集体合同已经存在",
                f"an agreement with id {agreement_id!r} is already stored",
            )
        )


class NotOpenable(BargainError, ValueError):
    """An agreement cannot be opened: it already carries a procedure record."""

    def __init__(self, agreement_id: str) -> None:
        self.agreement_id = agreement_id
        super().__init__(
            Bilingual(
                f"集体合同 {agreement_id} 已有程序记录，只能从“拟定要约”开始登记",
                f"agreement {agreement_id} already has a procedure record; only an agreement "
                f"in drafting with no history can be opened",
            )
        )


class HistoryMismatch(BargainError, ValueError):
    """A history does not replay: an event is out of sequence or does not fit the state."""

    def __init__(self, agreement_id: str, sequence: int, reason: Bilingual) -> None:
        self.agreement_id = agreement_id
        self.sequence = sequence
        super().__init__(
            Bilingual(
                f"集体合同 {agreement_id} 的第{sequence}个事件无法重放：{reason.zh}",
                f"event {sequence} of agreement {agreement_id} does not replay: {reason.en}",
            )
        )


class BrokenExport(BargainError, ValueError):
    """An export does not verify: its hash chain is broken, or its events do not lead to its
    snapshot. Nothing of it was stored.

    ``reason`` names what broke (an event by number, the opening, the head, the snapshot).
    """

    def __init__(self, agreement_id: str, reason: Bilingual) -> None:
        self.agreement_id = agreement_id
        self.reason = reason
        super().__init__(
            Bilingual(
                f"集体合同 {agreement_id} 的导出文件未通过校验：{reason.zh}；未导入任何内容",
                f"the export of agreement {agreement_id} does not verify: {reason.en}; "
                "nothing was imported",
            )
        )


class ConcurrencyError(BargainError):
    """The agreement changed since it was read: the write was refused, nothing was overwritten.

    Read the agreement again and retry the step.
    """

    def __init__(self, agreement_id: str, expected: int, found: int) -> None:
        self.agreement_id = agreement_id
        self.expected = expected
        self.found = found
        super().__init__(
            Bilingual(
                f"集体合同 {agreement_id} 已被他人修改（读取时为第{expected}版，现为第{found}版），"
                f"请重新读取后再试",
                f"agreement {agreement_id} was changed by someone else (read at version "
                f"{expected}, now {found}); read it again and retry",
            )
        )


class StorageError(BargainError):
    """The database could not be used: unreachable, locked too long, or without bargain's tables.

    The original driver error stays in ``__cause__``; nothing was written.
    """

    def __init__(self, url: str, detail: str | Bilingual) -> None:
        self.url = url
        said = detail if isinstance(detail, Bilingual) else Bilingual(detail, detail)
        self.detail = said.en
        super().__init__(
            Bilingual(
                f"无法使用数据库 {url}：{said.zh}",
                f"the database {url} could not be used: {said.en}",
            )
        )


class NoDayToJudge(BargainError, ValueError):
    """An agreement without a term was given to ``validate`` without a day to judge it on.

    The law in force changes with the date (a minimum wage rises), so a rule needs a day: the
    term's days, or the one the caller names.
    """

    def __init__(self, agreement_id: str) -> None:
        self.agreement_id = agreement_id
        super().__init__(
            Bilingual(
                f"集体合同 {agreement_id} 没有期限（term），请给出评判日期"
                "（validate(..., on=日期)；命令行 --on YYYY-MM-DD）",
                f"agreement {agreement_id} has no term: give the day to judge it on "
                "(validate(..., on=day); on the command line --on YYYY-MM-DD)",
            )
        )


class DuplicateRule(BargainError, ValueError):
    """Two rule packs in use have a rule with the same id, so findings could not be told apart."""

    def __init__(self, rule_id: str, first_pack: str, second_pack: str) -> None:
        self.rule_id = rule_id
        self.first_pack = first_pack
        self.second_pack = second_pack
        super().__init__(
            Bilingual(
                f"规则编号“{rule_id}”同时出现在{first_pack}和{second_pack}两个规则包中；"
                "规则编号不得重复",
                f"rule id {rule_id!r} is in both the {first_pack} and {second_pack} packs; "
                "rule ids must be unique",
            )
        )


class InvalidRulePlugin(BargainError, TypeError):
    """An entry point of the rule-plugin group gave something other than a rule pack.

    Attributes:
        entry_point: the entry point's name.
        group: the entry-point group (``bargain.rules``).
        found: the type name of what it gave.
    """

    def __init__(self, entry_point: str, group: str, found: str) -> None:
        self.entry_point = entry_point
        self.group = group
        self.found = found
        super().__init__(
            Bilingual(
                f"{group} 入口点“{entry_point}”给出的是{found}，"
                "不是规则包（RulePack）或返回规则包的函数",
                f"the entry point {entry_point!r} in the {group} group gave {found}, not a "
                "RulePack (or a function returning one)",
            )
        )


class NoDatabase(StorageError):
    """A store opened with ``must_exist=True`` found no database, and created none.

    ``path`` is the SQLite file that does not exist; it is ``None`` when the database exists but
    holds none of bargain's tables (an empty PostgreSQL schema, another program's SQLite file).
    """

    def __init__(self, url: str, path: str | None = None) -> None:
        self.url = url
        self.path = path
        if path is not None:
            text = Bilingual(
                f"数据库文件 {path} 不存在（未新建）",
                f"there is no database file {path} (none was created)",
            )
        else:
            text = Bilingual(
                f"数据库 {url} 中没有 bargain 的数据表（可用 bargain db upgrade 或 bargain import 建立）",
                f"the database {url} holds no bargain tables "
                "(create them with bargain db upgrade or bargain import)",
            )
        self.detail = text.en
        BargainError.__init__(self, text)


class ProcedureError(BargainError):
    """A step of the legal procedure was refused; the agreement is left as it was.

    Attributes:
        agreement_id: the agreement the step was tried on.
        state: where the agreement stands.
        trigger: the step tried.
    """

    def __init__(self, agreement_id: str, state: Status, trigger: Trigger, text: Bilingual) -> None:
        self.agreement_id = agreement_id
        self.state = state
        self.trigger = trigger
        super().__init__(text)


class TransitionNotAllowed(ProcedureError):
    """The trigger cannot be fired in the agreement's current state.

    ``allowed`` lists the triggers that can be fired now (by someone), so a caller can offer them.
    """

    def __init__(
        self, agreement_id: str, state: Status, trigger: Trigger, allowed: Sequence[Trigger]
    ) -> None:
        self.allowed: tuple[Trigger, ...] = tuple(allowed)
        zh_allowed = "、".join(f"{t.label.zh}（{t.value}）" for t in self.allowed) or "无"
        en_allowed = ", ".join(t.value for t in self.allowed) or "none"
        super().__init__(
            agreement_id,
            state,
            trigger,
            Bilingual(
                f"集体合同 {agreement_id} 处于“{state.label.zh}”状态，不能“{trigger.label.zh}”"
                f"（{trigger.value}）；当前可进行：{zh_allowed}",
                f"agreement {agreement_id} is {state.label.en} ({state.value}); {trigger.value} "
                f"is not allowed now; allowed now: {en_allowed}",
            ),
        )


class NotAuthorised(ProcedureError, PermissionError):
    """The actor's role may not fire this trigger (or not in this case)."""

    def __init__(
        self,
        agreement_id: str,
        state: Status,
        trigger: Trigger,
        role: Role,
        allowed: Iterable[Role],
    ) -> None:
        self.role = role
        self.allowed_roles: tuple[Role, ...] = tuple(allowed)
        zh_roles = "、".join(r.label.zh for r in self.allowed_roles) or "无人"
        en_roles = ", ".join(r.value for r in self.allowed_roles) or "nobody"
        super().__init__(
            agreement_id,
            state,
            trigger,
            Bilingual(
                f"{role.label.zh}无权对集体合同 {agreement_id} 进行“{trigger.label.zh}”；"
                f"此时只有{zh_roles}可以进行",
                f"the {role.label.en} may not {trigger.label.en} on agreement {agreement_id}; "
                f"only {en_roles} may do so now",
            ),
        )


class GuardFailed(ProcedureError):
    """A legal condition of the step does not hold.

    Attributes:
        reason: what does not hold, in both languages.
        citation: the article that sets the condition.
    """

    def __init__(
        self,
        agreement_id: str,
        state: Status,
        trigger: Trigger,
        reason: Bilingual,
        citation: LegalReference,
    ) -> None:
        self.reason = reason
        self.citation = citation
        super().__init__(
            agreement_id,
            state,
            trigger,
            Bilingual(
                f"集体合同 {agreement_id} 不能“{trigger.label.zh}”：{reason.zh}"
                f"（{citation.format(Lang.ZH)}）",
                f"agreement {agreement_id} cannot {trigger.label.en}: {reason.en} "
                f"({citation.format(Lang.EN)})",
            ),
        )
