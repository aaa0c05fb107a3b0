"""The docs run as written: every Python block, every transcript, every ``bargain`` command they show.

Each page runs in a fresh folder holding a copy of ``examples/`` and the files the page shows with a
``<!-- file: NAME -->`` marker (see ``tests/fenced_blocks.py``). Its Python blocks run in order in
one namespace; a failure names the page and the block's line. A block marked
``<!-- not run: REASON -->`` is skipped and must be listed in ``NOT_RUN`` below.

A few pages assume names their reader supplies (the body of an HTTP request, the reader's own
``notify``); ``GIVEN`` provides them, and nothing else is injected.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import runpy
import shlex
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

import bargain
import bargain.cli
import bargain.cli.app  # registers every command on the app
from bargain.cli import main
from bargain.cli.root import app
from bargain.domain.clauses import ClauseKind
from bargain.domain.lifecycle import AcceptOffer, SendOffer
from bargain.law.parameters import default_parameters, load_parameters
from tests.conftest import ROOT
from tests.fenced_blocks import Block, fenced_blocks

PYTHON = {"python", "py", "python3"}
SHELL = {"sh", "bash", "shell", "console"}
TRANSCRIPT = {"text", "console"}
"""Blocks whose ``$ bargain ...`` lines are run, the lines after them being the output shown."""

PAGES = sorted(
    path.relative_to(ROOT).as_posix()
    for path in [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("docs/decisions/*.md")]
)

NOT_RUN: dict[str, list[str]] = {
    "docs/adding-a-step.md": ["it declares a step that does not exist, to show the shape"],
    "docs/storage.md": [
        "it needs a PostgreSQL server at the host db; tests/contract/test_schemas.py runs the "
        "same on the test server"
    ],
}
"""The Python blocks the tests do not run, by page: the reason each one gives."""


def blocks_of(page: str) -> list[Block]:
    return fenced_blocks(ROOT / page, page)


def pages_with(test: Callable[[Block], bool]) -> list[str]:
    return [page for page in PAGES if any(test(block) for block in blocks_of(page))]


def is_python(block: Block) -> bool:
    return block.language in PYTHON


def commands(block: Block) -> list[str]:
    """The command lines of a transcript block (``$ ...``) or of a shell block (every line)."""
    lines = block.text.splitlines()
    if block.language in SHELL and block.language not in TRANSCRIPT:
        return [line.removeprefix("$ ").strip() for line in lines if line.strip()]
    return [line[2:].strip() for line in lines if line.startswith("$ ")]


def has_transcript(block: Block) -> bool:
    return block.language in TRANSCRIPT and any(
        command.startswith("bargain ") for command in commands(block)
    )


# --- the folder a page runs in -------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder with a copy of the examples; English-independent, wide output."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BARGAIN_LANG", raising=False)
    monkeypatch.delenv("BARGAIN_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def write_files(page: str, folder: Path) -> None:
    """Write the blocks the page marks ``<!-- file: NAME -->``."""
    for block in blocks_of(page):
        if block.marker == "file":
            assert block.marker_value, f"{block.where}: a file marker names the file"
            target = folder / block.marker_value
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.text, encoding="utf-8")


# --- what some pages take as given ---------------------------------------------------------------


class PollingEnds(Exception):
    """Raised by the reader's ``time.sleep`` once the polling loop has caught up."""


class Reader:
    """The integrator of docs/integrators.md: their request body, position store and side effect."""

    def __init__(self) -> None:
        self.position = 0
        self.notified: list[bargain.Event] = []

    def given(self, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
        clock = bargain.FixedClock(dt.date(2019, 11, 6))
        workflow = bargain.Workflow(bargain.MemoryStore().unit_of_work, clock=clock)
        agreement = bargain.load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
        opened = workflow.open(agreement)
        workflow.handle(opened.id, SendOffer(topics=("劳动报酬",)), bargain.Role.UNION_CHIEF)
        workflow.handle(opened.id, AcceptOffer(), bargain.Role.EMPLOYER_CHIEF)

        def sleep(seconds: float) -> None:
            raise PollingEnds

        monkeypatch.setattr(time, "sleep", sleep)
        return {
            "request_body": bargain.dump_agreement(agreement, fmt="json"),
            "workflow": workflow,
            "load_last_position": lambda: self.position,
            "save_last_position": self.save,
            "notify": self.notified.append,
        }

    def save(self, position: int) -> None:
        self.position = position


def given(page: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, object], Any]:
    """The names a page assumes its reader has, and the object that checks what they did."""
    if page == "docs/integrators.md":
        reader = Reader()
        return reader.given(monkeypatch), reader
    return {}, None


def check(page: str, namespace: dict[str, Any], reader: Any, out: str) -> None:
    """What the page's text says its examples give."""
    if page == "README.md":
        assert "4.50元/单" in out.splitlines()
        again = bargain.parse_agreement(bargain.dump_agreement(namespace["raised"]))
        assert again == namespace["raised"]
        assert namespace["agreement"].clauses_of(ClauseKind.PAY)[0].piece_rate.format() == (
            "4.50元/单"
        )
        workflow = namespace["workflow"]
        assert workflow.get(namespace["agreement"].id).procedure.reply.late_days == 1  # "1: day 21"
    elif page == "docs/procedure.md":
        workflow, agreement = namespace["workflow"], namespace["agreement"]
        assert workflow.get(agreement.id).procedure.reply.late_days == 1
        assert namespace["report"].overdue == ()
        procedure, step = namespace["procedure"], namespace["step"]
        allowed = procedure.allowed(step.agreement, bargain.Role.EMPLOYER_CHIEF)
        assert {str(trigger) for trigger in allowed} == {
            "accept_offer",
            "refuse_offer",
            "request_coordination",
        }
        assert procedure.replay(agreement, [step.event]) == step.agreement
    elif page == "docs/integrators.md":
        assert namespace["again"] == namespace["agreement"]
        workflow = namespace["workflow"]
        assert reader.notified == [item.event for item in workflow.events_after(0)]
        assert [event.type for event in reader.notified] == ["offer_sent", "offer_accepted"]
        assert reader.position == workflow.events_after(0)[-1].position
    elif page == "docs/law-data.md":
        assert namespace["wage"] == 2280
        assert (
            "月保底收入2100.00元/月低于2022-10-01适用的320102（第1档）最低工资标准2280元/月"
            "（所依据的标准未经确认）"
        ) in out.splitlines()
    elif page == "docs/storage.md":
        assert Path("bargain.db").is_file()  # the SQLite file of the URL, in the current folder
        assert namespace["workflow"].events_after(0) == ()
    elif page == "docs/validate.md":
        (shown,) = [block for block in blocks_of(page) if block.language == "json"]
        assert namespace["findings"] == json.loads(shown.text)
        assert namespace["report"].ok is False


# --- the Python blocks ---------------------------------------------------------------------------


def run_python(blocks: list[Block], namespace: dict[str, Any]) -> int:
    """Run the Python blocks not marked ``not run``, in order, in ``namespace``; how many ran."""
    ran = 0
    for block in blocks:
        if not is_python(block) or block.marker == "not run":
            continue
        code = compile(block.code(), block.page, "exec")
        try:
            exec(code, namespace)
        except PollingEnds:
            pass
        except Exception as error:  # name the block, keep the traceback
            raise AssertionError(f"the Python block at {block.where} fails: {error!r}") from error
        ran += 1
    return ran


@pytest.mark.parametrize("page", pages_with(is_python))
def test_the_python_blocks_of_a_page_run_in_order(
    page: str, folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(page, folder)
    namespace, reader = given(page, monkeypatch)
    assert run_python(blocks_of(page), namespace), f"{page} has no Python block that runs"
    check(page, namespace, reader, capsys.readouterr().out)


def test_a_page_runs_in_one_namespace_and_skips_the_blocks_marked_not_run(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n```\n\n<!-- not run: divides by zero -->\n```python\nx = 1 / 0\n```\n"
        "\n```python\ny = x + 1\n```\n\n```python\nraise KeyError(y)\n```\n",
        encoding="utf-8",
    )
    namespace: dict[str, Any] = {}
    with pytest.raises(AssertionError, match=r"block at page.md:14 fails: KeyError\(2\)"):
        run_python(fenced_blocks(page, "page.md"), namespace)
    assert (namespace["x"], namespace["y"]) == (1, 2)


def test_every_block_that_is_not_run_says_why_and_is_listed() -> None:
    found: dict[str, list[str]] = {}
    for page in PAGES:
        for block in blocks_of(page):
            if block.marker is None or not is_python(block):
                continue
            assert block.marker in ("not run", "file"), f"{block.where}: unknown marker"
            if block.marker == "not run":
                assert block.marker_value, f"{block.where}: <!-- not run: ... --> needs a reason"
                found.setdefault(page, []).append(block.marker_value)
    assert found == NOT_RUN


def test_a_block_marked_not_run_without_a_reason_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Text.\n\n<!-- not run -->\n```python\n1 / 0\n```\n", encoding="utf-8")
    (block,) = fenced_blocks(page, "page.md")
    assert (block.where, block.marker, block.marker_value) == ("page.md:4", "not run", None)


def test_a_failing_block_is_reported_with_its_page_line() -> None:
    block = Block(page="docs/x.md", line=7, language="python", text="x = 1\nraise KeyError(x)\n")
    with pytest.raises(KeyError) as caught:
        exec(compile(block.code(), block.page, "exec"), {})
    assert caught.traceback[-1].frame.code.path == "docs/x.md"
    assert caught.traceback[-1].lineno + 1 == 9  # pytest counts from 0: line 9 of the page


# --- the transcripts -----------------------------------------------------------------------------

TYPOS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    # page: (the file the transcript reads, the file it is made from, the typos the text describes)
    "README.md": (
        "broken.yaml",
        "examples/bengbu-delivery-sector-agreement.yaml",
        [("kind: sector_union_federation", "kind: trade_union"), ("4.5/order", "4.5/day")],
    ),
    "docs/tutorial.md": (
        "my-festival-agreement.yaml",
        "my-festival-agreement.yaml",
        [("kind: sector_union_federation", "kind: trade_union"), ("12.5/order", "12.5/day")],
    ),
}


def prepare_transcripts(page: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(page, folder)
    if page in TYPOS:
        target, source, typos = TYPOS[page]
        text = (folder / source).read_text(encoding="utf-8")
        for right, wrong in typos:
            assert text.count(right) >= 1, f"{source} no longer holds {right!r}"
            text = text.replace(right, wrong, 1)
        (folder / target).write_text(text, encoding="utf-8")
    if page == "docs/storage.md":
        run_procedure_example(folder / "build" / "demo.db")
        capsys.readouterr()


def run_procedure_example(database: Path, *options: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.argv", ["bengbu_procedure.py", "--db", str(database), *options])
        runpy.run_path(str(ROOT / "examples" / "bengbu_procedure.py"))["main"]()


def transcript(block: Block) -> Iterator[tuple[str, list[str]]]:
    """Each ``$ command`` of a block with the lines shown after it."""
    command: str | None = None
    shown: list[str] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, shown
            command, shown = line[2:].strip(), []
        elif command is not None:
            shown.append(line)
    if command is not None:
        yield command, shown


@pytest.mark.parametrize("page", pages_with(has_transcript))
def test_the_transcripts_of_a_page_print_what_they_show(
    page: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prepare_transcripts(page, folder, capsys)
    for block in blocks_of(page):
        if not has_transcript(block):
            continue
        status: int | None = None
        for command, shown in transcript(block):
            if command == "echo $?":
                assert shown == [str(status)], f"{block.where}: exit status of the command"
                continue
            argv = shlex.split(command)
            assert argv[0] == "bargain", f"{block.where}: only bargain commands run: {command}"
            status = main(argv[1:])
            captured = capsys.readouterr()
            printed = (captured.out + captured.err).splitlines()
            assert printed == shown, f"{block.where}: $ {command}"


@pytest.mark.parametrize("page", sorted(TYPOS))
def test_the_lines_a_page_cites_hold_what_its_text_says(
    page: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each ``FILE:LINE: path: ...`` line shown points at the line that holds the typo."""
    write_files(page, folder)
    target, source, typos = TYPOS[page]
    lines = (folder / source).read_text(encoding="utf-8").splitlines()
    cited: list[str] = []
    numbers: set[int] = set()
    for block in blocks_of(page):
        for shown in block.text.splitlines() if has_transcript(block) else []:
            match = re.match(rf"^{re.escape(target)}:(\d+): (\S+): ", shown)
            if match is None:
                continue
            line, path = int(match[1]), match[2]
            held = lines[line - 1]
            key = path.rsplit(".", 1)[-1]
            assert f"{key}:" in held, f"{page}: {source} line {line} does not hold {path}: {held!r}"
            cited.extend(right for right, _ in typos if right in held)
            numbers.add(line)
    assert sorted(cited) == sorted(right for right, _ in typos), f"{page} cites {cited}"
    told = {int(n) for n in re.findall(r"\(line (\d+)", (ROOT / page).read_text(encoding="utf-8"))}
    assert told == numbers, f"{page}: the text names lines {told}, the output {numbers}"


TUTORIAL_STATUSES = {
    "bargain show my-festival-agreement.yaml": 0,
    "bargain show my-festival-agreement.yaml --lang en": 0,
    "bargain validate my-festival-agreement.yaml --on 2021-02-11": 1,  # "fails it, with exit status 1"
}


def test_the_tutorials_commands_run_on_its_file_with_the_status_it_says(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files("docs/tutorial.md", folder)
    shell = [
        " ".join(words(command))
        for block in blocks_of("docs/tutorial.md")
        if block.language in SHELL - TRANSCRIPT
        for command in commands(block)
        if command.startswith("bargain ")
    ]
    assert shell == list(TUTORIAL_STATUSES)
    for command, status in TUTORIAL_STATUSES.items():
        assert main(shlex.split(command)[1:]) == status, command
    out = capsys.readouterr().out
    assert "REP-COUNT" in out
    assert "employer.delegation.representatives" in out  # "the employer side names none"


# --- the bargain commands ------------------------------------------------------------------------


def bargain_commands() -> list[tuple[str, str]]:
    """Every ``bargain`` command of a shell block or transcript, and of the prose (`bargain …`)."""
    found = []
    for page in PAGES:
        inside: set[int] = set()
        for block in blocks_of(page):
            inside.update(range(block.line, block.line + block.text.count("\n") + 2))
            if block.language not in SHELL | TRANSCRIPT:
                continue
            for command in commands(block):
                if command.startswith("bargain ") or command == "bargain":
                    found.append((block.where, command))
        text = (ROOT / page).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(text, 1):
            if number not in inside:
                spans = re.findall(r"`(bargain(?: [^`]*)?)`", line.replace("\\|", "|"))
                found.extend((f"{page}:{number}", span) for span in spans)
    return found


def words(command: str) -> list[str]:
    """The words of a command line, up to a redirection; synopsis brackets and comments dropped."""
    result = []
    for word in command.split("#", 1)[0].split():
        if word in (">", "|", "&&", ";", "2>"):
            break
        result.append(word.strip("[]"))
    return result


@pytest.mark.parametrize(("where", "command"), bargain_commands())
def test_every_bargain_command_in_the_docs_names_a_command_and_its_options(
    where: str, command: str
) -> None:
    group = typer.main.get_command(app)
    argv = words(command)[1:]
    path: list[str] = []
    current = group
    options = {name for param in group.params for name in param.opts}
    while isinstance(current, typer.core.TyperGroup) and argv and not argv[0].startswith("-"):
        sub = current.commands.get(argv[0])
        assert sub is not None, f"{where}: no command {' '.join([*path, argv[0]])!r}: {command}"
        path.append(argv.pop(0))
        current = sub
    options |= {name for param in current.params for name in param.opts} | {"--help"}
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="bargain")
    assert result.exit_code == 0, f"{where}: bargain {' '.join(path)} --help fails: {command}"
    for word in argv:
        if word.startswith("-"):
            assert word.split("=")[0] in options, f"{where}: no option {word}: {command}"


# --- the parameter file of docs/law-data.md ------------------------------------------------------


def test_the_parameter_file_of_law_data_loads_as_the_text_says(folder: Path) -> None:
    write_files("docs/law-data.md", folder)
    (shown,) = [b for b in blocks_of("docs/law-data.md") if b.marker == "file"]
    assert shown.marker_value == "jiangsu.yaml"
    parameters = load_parameters(folder / "jiangsu.yaml")
    monthly = parameters.history("minimum_wage.monthly.320000.tier_1")
    (value,) = monthly.values
    assert (value.start, value.value) == (dt.date(2022, 10, 1), 2280)
    assert value.confidence == "unconfirmed"  # the default for every value of the parameter
    assert value.reference is not None
    assert value.reference.number == "苏政发〔2022〕99号"  # the named reference js-2022
    (tier,) = parameters.history("minimum_wage.tier.320102").values
    assert (tier.value, tier.confidence) == (1, "unconfirmed")
    assert tier.reference is not None
    assert tier.reference.title == "附件（示例）"  # the inline reference
    merged = default_parameters().merged(parameters)
    assert len(merged) == len(default_parameters()) + len(parameters)


# --- the procedure example -----------------------------------------------------------------------


def test_the_procedure_example_runs_from_offer_to_publication(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    run_procedure_example(database, "--lang", "en")
    out = capsys.readouterr().out
    assert "reply to the offer, due 2019-11-26, 1 day overdue" in out
    assert "120 needed" in out
    assert "11  2020-01-03  published" in out
    assert "10  2019-12-28  took effect" in out
    assert database.exists()


def test_the_demo_database_verifies_until_one_byte_of_an_event_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    run_procedure_example(database)
    url = f"sqlite:///{database}"
    assert main(["verify", "--db", url]) == 0
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        body = connection.execute(
            sa.text("SELECT body FROM events WHERE sequence = 7")
        ).scalar_one()
        # One byte of the vote (the JSON is stored compact, or spaced by an older release).
        forged = re.sub(r'("present": ?)150', r"\g<1>151", body, count=1)
        assert len(forged) == len(body)
        assert sum(a != b for a, b in zip(body, forged, strict=True)) == 1
        connection.execute(
            sa.text("UPDATE events SET body = :body WHERE sequence = 7"), {"body": forged}
        )
    engine.dispose()
    capsys.readouterr()
    assert main(["verify", "--db", url, "--lang", "en"]) == 1
    assert "event 7 was changed" in capsys.readouterr().out
