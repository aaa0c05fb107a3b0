"""Use cases of the sides' private playbooks (协商预案): save, read, delete, assess.

A playbook (:mod:`bargain.domain.playbook`) is one side's opening, target and walk-away per clause
field. It is kept by the store apart from the shared record (the ``playbooks`` of a unit of work):
no step, event, document or export ever reads it. Each use case is one unit of work:

>>> import datetime as dt
>>> from bargain.domain.calendar import FixedClock
>>> from bargain.files import load_agreement
>>> from bargain.services import Workflow
>>> from bargain.store.memory import MemoryStore
>>> store = MemoryStore()
>>> workflow = Workflow(store.unit_of_work, clock=FixedClock(dt.date(2019, 11, 6)))
>>> agreement = workflow.open(load_agreement("examples/bengbu-delivery-sector-agreement.yaml"))
>>> playbooks = Playbooks(store.unit_of_work)
>>> saved = playbooks.save(Playbook(agreement_id=agreement.id, side=Side.UNION, entries=[
...     {"clause_id": "pay-levels", "kind": "PAY", "field": "piece_rate",
...      "opening": "6/order", "target": "5.5/order", "walk_away": "5/order", "priority": 1}]))
>>> [item.verdict.value for item in playbooks.assess(agreement.id, Side.UNION).items]
['past_walk_away']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from bargain._reading import Lines, load_tree, validate_tree
from bargain.domain.agreement import Text
from bargain.domain.language import Bilingual
from bargain.domain.parties import Side
from bargain.domain.playbook import Assessment, Playbook, assess
from bargain.domain.problems import FieldPath, format_path
from bargain.errors import BargainError, InvalidDocument, Problem
from bargain.ports import UnitOfWork

__all__ = ["NoPlaybook", "Playbooks", "read_playbook"]


class NoPlaybook(BargainError, LookupError):
    """The side keeps no playbook for the agreement."""

    def __init__(self, agreement_id: str, side: Side) -> None:
        self.agreement_id = agreement_id
        self.side = side
        super().__init__(
            Bilingual(
                f"{side.label.zh}没有集体合同 {agreement_id} 的协商预案",
                f"the {side.label.en} keeps no playbook for agreement {agreement_id}",
            )
        )


class Playbooks:
    """The sides' playbooks on one store.

    Args:
        uow_factory: makes a new unit of work (``store.unit_of_work``), as for
            :class:`~bargain.services.Workflow`.
    """

    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow = uow_factory

    def save(self, playbook: Playbook) -> Playbook:
        """Keep the side's playbook for its agreement, replacing the one it had.

        An entry about a clause of the agreement's current text must give that clause's kind; an
        entry about a clause not (yet) in it is kept, for a clause a side means to propose.

        Raises:
            UnknownAgreement: no agreement has the playbook's id; nothing is stored.
            InvalidDocument: an entry's kind is not that of its clause in the text.
        """
        with self._uow() as uow:
            text = uow.agreements.get(playbook.agreement_id).text
            _check_kinds(playbook, text, f"<{playbook.agreement_id}>", {})
            uow.playbooks.save(playbook)
            uow.commit()
        return playbook

    def save_file(self, agreement_id: str, side: Side, path: str | Path) -> Playbook:
        """Read a playbook file (:func:`read_playbook`) against the agreement's current text and
        keep it, replacing the side's earlier one; all in one unit of work.

        Raises:
            UnknownAgreement: no agreement has that id; nothing is stored.
            InvalidDocument: the file cannot be read; one problem per fault; nothing is stored.
        """
        with self._uow() as uow:
            text = uow.agreements.get(agreement_id).text
            playbook = read_playbook(path, agreement_id=agreement_id, side=side, text=text)
            uow.playbooks.save(playbook)
            uow.commit()
        return playbook

    def get(self, agreement_id: str, side: Side) -> Playbook | None:
        """The side's playbook for the agreement, if it keeps one.

        Raises:
            UnknownAgreement: no agreement has that id.
        """
        with self._uow() as uow:
            uow.agreements.get(agreement_id)
            return uow.playbooks.get(agreement_id, side)

    def sides(self, agreement_id: str) -> tuple[Side, ...]:
        """The sides that keep a playbook for the agreement (``UnknownAgreement`` if none)."""
        with self._uow() as uow:
            uow.agreements.get(agreement_id)
            return uow.playbooks.sides(agreement_id)

    def delete(self, agreement_id: str, side: Side) -> bool:
        """Remove the side's playbook; whether it had one.

        Raises:
            UnknownAgreement: no agreement has that id.
        """
        with self._uow() as uow:
            uow.agreements.get(agreement_id)
            had = uow.playbooks.delete(agreement_id, side)
            uow.commit()
        return had

    def assess(self, agreement_id: str, side: Side, text: Text | None = None) -> Assessment:
        """Measure a text against the side's playbook: the agreement's current text, or ``text``
        (an offer's, or a version from ``Workflow.text_at``).

        Raises:
            UnknownAgreement: no agreement has that id.
            NoPlaybook: the side keeps no playbook for it.
        """
        with self._uow() as uow:
            current = uow.agreements.get(agreement_id).text
            playbook = uow.playbooks.get(agreement_id, side)
        if playbook is None:
            raise NoPlaybook(agreement_id, side)
        return assess(playbook, current if text is None else text)


def read_playbook(path: str | Path, *, agreement_id: str, side: Side, text: Text) -> Playbook:
    """Read a side's playbook from a YAML or JSON file, against the agreement's text.

    The file holds ``entries`` (and may repeat ``agreement_id`` and ``side``, which must then be
    those given). An entry may leave out ``kind`` when its clause is in ``text``; an entry about
    a clause not in it must give it.

    Raises:
        InvalidDocument: the file cannot be read, an entry names a clause the text does not have
            without a kind, or a value is not of its field's type; one problem per fault, with its
            field path and line.
    """
    data, lines, source = load_tree(path)
    tree = dict(data)
    problems = []
    for key, given in (("agreement_id", agreement_id), ("side", side.value)):
        if key in tree and tree[key] != given:
            problems.append(
                _problem(
                    source,
                    (key,),
                    lines,
                    Bilingual(f"应为 {given}（或省略）", f"expected {given} (or left out)"),
                    repr(tree[key]),
                )
            )
        tree[key] = given
    entries = tree.get("entries")
    if isinstance(entries, list):
        kinds = {clause.id: clause.kind.value for clause in text.clauses}
        filled: list[Any] = []
        for index, entry in enumerate(entries):
            if isinstance(entry, Mapping) and "kind" not in entry:
                clause_id = entry.get("clause_id")
                if isinstance(clause_id, str) and clause_id in kinds:
                    entry = {**entry, "kind": kinds[clause_id]}
                elif isinstance(clause_id, str):
                    known = ", ".join(kinds) or "—"
                    problems.append(
                        _problem(
                            source,
                            ("entries", index, "clause_id"),
                            lines,
                            Bilingual(
                                f"应为本集体合同文本中的条款标识（{known}）；"
                                "文本中尚无的条款须同时给出 kind",
                                f"expected a clause id of the agreement's text ({known}); "
                                "for a clause not in it, give its kind too",
                            ),
                            repr(clause_id),
                        )
                    )
            filled.append(entry)
        tree["entries"] = filled
    if problems:
        raise InvalidDocument(problems)
    playbook = validate_tree(Playbook, tree, lines, source)
    _check_kinds(playbook, text, source, lines)
    return playbook


def _check_kinds(playbook: Playbook, text: Text, source: str, lines: Lines) -> None:
    kinds = {clause.id: clause.kind for clause in text.clauses}
    problems = []
    for index, entry in enumerate(playbook.entries):
        kind = kinds.get(entry.clause_id)
        if kind is not None and kind is not entry.kind:
            problems.append(
                _problem(
                    source,
                    ("entries", index, "kind"),
                    lines,
                    Bilingual(
                        f"条款 {entry.clause_id} 在文本中是 {kind.value} 类条款",
                        f"clause {entry.clause_id} is a {kind.value} clause in the text",
                    ),
                    entry.kind.value,
                )
            )
    if problems:
        raise InvalidDocument(problems)


def _problem(
    source: str, path: FieldPath, lines: Lines, expected: Bilingual, found: str | None
) -> Problem:
    line = lines.get(path) or lines.get(path[:-1])
    return Problem(source, format_path(path), expected, found, line)
