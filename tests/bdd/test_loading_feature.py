"""Steps of features/loading.feature: reading agreement files, and what a bad file reports."""

from __future__ import annotations

from pathlib import Path

from pytest_bdd import given, parsers, scenarios, then, when

from bargain import Agreement, InvalidDocument, Lang, load_agreement
from bargain.domain.clauses import ClauseKind
from tests.conftest import EXAMPLES

scenarios("loading.feature")


@given(parsers.parse('集体合同文件 "{name}"'), target_fixture="document")
def document(name: str, tmp_path: Path) -> Path:
    copy = tmp_path / name
    copy.write_bytes((EXAMPLES / name).read_bytes())
    return copy


@given(parsers.parse('把其中的 "{before}" 改为 "{after}"'))
def edit(document: Path, before: str, after: str) -> None:
    text = document.read_text(encoding="utf-8")
    assert text.count(before) == 1, f"{before!r} should appear once in {document.name}"
    document.write_text(text.replace(before, after), encoding="utf-8")


@when("读取该文件", target_fixture="outcome")
def read(document: Path) -> Agreement | InvalidDocument:
    try:
        return load_agreement(document)
    except InvalidDocument as error:
        return error


@then(parsers.parse('合同类型为 "{label}"'))
def kind_is(outcome: Agreement | InvalidDocument, label: str) -> None:
    assert isinstance(outcome, Agreement), outcome
    assert outcome.kind.label.zh == label


@then(parsers.parse('条款 "{clause_id}" 的{field_label}为 "{shown}"'))
def clause_field_is(
    outcome: Agreement | InvalidDocument, clause_id: str, field_label: str, shown: str
) -> None:
    assert isinstance(outcome, Agreement), outcome
    field = {"计件单价": "piece_rate", "日保底收入": "daily_floor"}[field_label]
    assert getattr(outcome.clause(clause_id), field).format(Lang.ZH) == shown


@then("每一类条款都至少有一条")
def every_kind_present(outcome: Agreement | InvalidDocument) -> None:
    assert isinstance(outcome, Agreement), outcome
    assert {c.kind for c in outcome.clauses} == set(ClauseKind)


@then(parsers.parse("报告 {count:d} 个问题"))
def problem_count(outcome: Agreement | InvalidDocument, count: int) -> None:
    assert isinstance(outcome, InvalidDocument), outcome
    assert len(outcome.problems) == count, outcome.problems


@then(parsers.parse('问题指向字段 "{path}" 及其所在行'))
def problem_at(outcome: Agreement | InvalidDocument, document: Path, path: str) -> None:
    assert isinstance(outcome, InvalidDocument), outcome
    matching = [p for p in outcome.problems if p.path == path]
    assert matching, [p.path for p in outcome.problems]
    problem = matching[0]
    assert problem.source == str(document)
    assert problem.line is not None
    leaf = path.rsplit(".", 1)[-1]
    assert leaf in document.read_text(encoding="utf-8").splitlines()[problem.line - 1]


@then(parsers.parse('问题说明包含 "{text}"'))
def problem_says(outcome: Agreement | InvalidDocument, text: str) -> None:
    assert isinstance(outcome, InvalidDocument), outcome
    assert any(text in p.render(Lang.EN) for p in outcome.problems), outcome.problems
