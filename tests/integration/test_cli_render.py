"""The document commands as a user meets them: render, render-all, render-many, templates."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from bargain import Lang, load_agreement, open_workflow
from bargain.cli import main
from bargain.render.context import PAPERS, papers
from bargain.render.templates import TemplateSet, builtin_templates_dir
from tests.conftest import EXAMPLES, ROOT, SECTOR_AGREEMENT, SPRING_FESTIVAL

KEY = "bengbu-delivery-sector-agreement"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def text_of(docx: Path) -> str:
    """Every paragraph of the body, the tables, the headers and the footers, one per line."""
    document = Document(str(docx))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        lines.extend(p.text for p in section.header.paragraphs)
        lines.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def procedure_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database examples/bengbu_procedure.py writes: the whole procedure, offer to publication."""
    db = tmp_path_factory.mktemp("procedure") / "bengbu.db"
    subprocess.run(
        [sys.executable, str(EXAMPLES / "bengbu_procedure.py"), "--db", str(db)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return str(db)


def test_render_a_file_writes_the_paper_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs" / "合同.docx"
    status, said, err = run(
        capsys, "render", str(SECTOR_AGREEMENT), "--doc", "final_text", "--out", str(out)
    )
    assert (status, err) == (0, "")
    assert said == f"已生成{PAPERS['final_text'].title.zh}：{out}\n"
    agreement = load_agreement(SECTOR_AGREEMENT)
    text = text_of(out)
    assert agreement.title in text
    assert "第一条" in text


def test_render_into_a_folder_names_the_file_after_the_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, said, _ = run(
        capsys,
        "render",
        str(SECTOR_AGREEMENT),
        "--doc",
        "draft",
        "--out",
        str(tmp_path),
        "--lang",
        "en",
    )
    assert status == 0
    assert said == f"wrote the {PAPERS['draft'].title.en}: {tmp_path / 'draft.docx'}\n"
    assert (tmp_path / "draft.docx").is_file()


def test_render_as_json_gives_the_files_and_the_plain_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "final_text_en.docx"
    status, said, _ = run(
        capsys,
        "render",
        str(SECTOR_AGREEMENT),
        "--doc",
        "final_text_en",
        "--out",
        str(out),
        "--format",
        "json",
    )
    assert status == 0
    written = json.loads(said)
    assert (written["doc"], written["docx"], written["pdf"]) == ("final_text_en", str(out), None)
    assert written["context"]["lang"] == "en"
    assert written["context"]["fingerprint"] in text_of(out)


def test_render_a_stored_agreement_reads_its_history(
    procedure_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "resolution.docx"
    status, _, err = run(
        capsys,
        "render",
        KEY,
        "--db",
        procedure_db,
        "--doc",
        "congress_resolution",
        "--out",
        str(out),
    )
    assert (status, err) == (0, "")
    text = text_of(out)
    # The vote that carried (150 present, 132 for), not the one without a quorum.
    assert "132" in text
    assert "150" in text


def test_render_which_picks_one_of_several(
    procedure_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, _ = run(
        capsys,
        "render",
        KEY,
        "--db",
        procedure_db,
        "--doc",
        "minutes",
        "--which",
        "1",
        "--out",
        str(tmp_path / "m.docx"),
    )
    assert status == 0
    assert "蚌埠市总工会" in text_of(tmp_path / "m.docx")
    status, _, err = run(
        capsys,
        "render",
        KEY,
        "--db",
        procedure_db,
        "--doc",
        "minutes",
        "--which",
        "9",
        "--out",
        str(tmp_path / "m9.docx"),
    )
    assert status == 2
    assert len(err.strip().splitlines()) == 1


def test_render_all_writes_exactly_the_papers_the_history_calls_for(
    procedure_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, said, _ = run(
        capsys, "render-all", KEY, "--db", procedure_db, "--out", str(tmp_path), "--format", "json"
    )
    assert status == 0
    workflow = open_workflow(procedure_db)
    expected = papers(workflow.get(KEY), workflow.history(KEY))
    written = json.loads(said)
    assert [Path(w["docx"]).name for w in written] == [f"{p.stem}.docx" for p in expected]
    assert {"offer", "reply", "congress_resolution", "final_text", "filing_letter"} <= {
        w["doc"] for w in written
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{p.stem}.docx" for p in expected)


def test_render_all_of_a_bare_file_gives_the_draft_and_the_final_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, said, _ = run(
        capsys,
        "render-all",
        str(SPRING_FESTIVAL),
        "--parent",
        str(SECTOR_AGREEMENT),
        "--out",
        str(tmp_path),
        "--lang",
        "en",
    )
    assert status == 0
    assert said.splitlines() == [
        f"wrote the {PAPERS['draft'].title.en}: {tmp_path / 'draft.docx'}",
        f"wrote the {PAPERS['final_text'].title.en}: {tmp_path / 'final_text.docx'}",
    ]


def test_render_many_writes_one_document_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "in" / SECTOR_AGREEMENT.name
    copy.parent.mkdir()
    shutil.copy(SECTOR_AGREEMENT, copy)
    status, said, _ = run(
        capsys,
        "render-many",
        str(SECTOR_AGREEMENT),
        str(copy),
        str(SPRING_FESTIVAL),
        "--parent",
        str(SECTOR_AGREEMENT),
        "--doc",
        "draft",
        "--out",
        str(tmp_path / "out"),
    )
    assert status == 0
    assert said == f"已生成 3 份文档，保存在 {tmp_path / 'out'}\n"
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    stem = SECTOR_AGREEMENT.stem
    assert names == sorted([f"{stem}.docx", f"{stem}-2.docx", f"{SPRING_FESTIVAL.stem}.docx"])
    assert load_agreement(SPRING_FESTIVAL).title in text_of(
        tmp_path / "out" / f"{SPRING_FESTIVAL.stem}.docx"
    )


def test_render_many_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, said, _ = run(
        capsys,
        "render-many",
        str(SECTOR_AGREEMENT),
        "--doc",
        "final_text",
        "--out",
        str(tmp_path),
        "--format",
        "json",
    )
    assert status == 0
    (written,) = json.loads(said)
    assert written["docx"] == str(tmp_path / f"{SECTOR_AGREEMENT.stem}.docx")


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["render", str(SECTOR_AGREEMENT), "--doc", "nope", "--out", "x.docx"],
            "没有名为“nope”的文书",
            "no paper named 'nope'",
        ),
        (
            ["render", str(SECTOR_AGREEMENT), "--doc", "minutes", "--out", "x.docx"],
            "会议",
            "meeting",
        ),
        (
            ["render", "missing.yaml", "--doc", "draft", "--out", "x.docx"],
            "missing.yaml",
            "missing.yaml",
        ),
        (
            ["render", "no-such-id", "--db", "absent.db", "--doc", "draft", "--out", "x.docx"],
            "absent.db",
            "absent.db",
        ),
        (
            ["render-many", str(SECTOR_AGREEMENT), "--doc", "nope", "--out", "x"],
            "没有名为“nope”的文书",
            "no paper named 'nope'",
        ),
        (["templates", "check", "no-such-folder"], "no-such-folder", "no-such-folder"),
    ],
)
def test_bad_input_is_one_line_and_status_2_in_either_language(
    args: list[str],
    zh: str,
    en: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    for lang, expected in ((Lang.ZH, zh), (Lang.EN, en)):
        status, _, err = run(capsys, *args, "--lang", lang.value)
        assert status == 2, err
        assert expected in err
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()


def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status, _, err = run(
        capsys,
        "render",
        str(SECTOR_AGREEMENT),
        "--doc",
        "draft",
        "--out",
        str(blocker / "x.docx"),
        "--lang",
        "en",
    )
    assert status == 2
    assert "cannot write" in err
    assert len(err.strip().splitlines()) == 1


def test_templates_list_shows_user_templates_before_the_built_in_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(builtin_templates_dir() / "offer.docx", tmp_path / "offer.docx")
    status, said, _ = run(
        capsys, "templates", "list", "--templates", str(tmp_path), "--format", "json"
    )
    assert status == 0
    listed = {t["name"]: t for t in json.loads(said)}
    assert set(listed) == set(TemplateSet(tmp_path).names())
    assert set(PAPERS) <= set(listed)
    assert listed["offer"]["builtin"] is False
    assert listed["offer"]["path"] == str(tmp_path / "offer.docx")
    assert listed["minutes"]["builtin"] is True
    assert listed["minutes"]["title"] == {
        "zh": PAPERS["minutes"].title.zh,
        "en": PAPERS["minutes"].title.en,
    }
    status, said, _ = run(capsys, "templates", "list", "--lang", "en")
    assert status == 0
    assert PAPERS["filing_letter"].title.en.split()[0] in said
    assert "built-in" in said


def test_templates_check_passes_the_built_in_templates(capsys: pytest.CaptureFixture[str]) -> None:
    status, said, _ = run(
        capsys, "templates", "check", str(builtin_templates_dir()), "--format", "json"
    )
    assert status == 0, said
    report = json.loads(said)
    assert {Path(r["template"]).stem for r in report} == set(PAPERS)
    assert all(r["problems"] == [] for r in report)


def user_template(path: Path, *paragraphs: str) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_templates_check_names_syntax_problems_unsafe_constructs_and_missing_variables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_template(tmp_path / "offer.docx", "{{ paper_title }}", "{{ no_such_variable }}")
    user_template(tmp_path / "broken.docx", "致：{{ employer.name }}", "{% for topic in topics %}")
    user_template(tmp_path / "sneaky.docx", "{{ offer.__class__.__mro__ }}")
    status, said, _ = run(capsys, "templates", "check", str(tmp_path), "--format", "json")
    assert status == 1
    report = {Path(r["template"]).name: r for r in json.loads(said)}
    (missing,) = [p for p in report["offer.docx"]["problems"] if p["kind"] == "missing"]
    assert missing["variable"] == "no_such_variable"
    assert report["offer.docx"]["paper"] == "offer"
    assert [p["kind"] for p in report["broken.docx"]["problems"]] == ["syntax"]
    assert report["broken.docx"]["problems"][0]["where"] == "第2段"
    assert {p["kind"] for p in report["sneaky.docx"]["problems"]} == {"unsafe"}
    status, said, _ = run(
        capsys, "templates", "check", str(tmp_path / "broken.docx"), "--lang", "en"
    )
    assert status == 1
    lines = said.splitlines()
    assert lines[0].startswith(
        "broken.docx: template broken.docx, paragraph 2: template syntax error"
    )
    assert (
        lines[1]
        == "broken.docx: (not the name of a built-in paper: variables not checked; name one with --paper)"
    )
    assert len(lines) == 2  # one line each, however long


def test_templates_check_against_a_named_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = user_template(tmp_path / "letter.docx", "{{ meeting.place }}")
    status, said, _ = run(
        capsys, "templates", "check", str(template), "--paper", "minutes", "--lang", "en"
    )
    assert (status, said) == (0, "letter.docx: no problems\n")
    status, _, _ = run(capsys, "templates", "check", str(template), "--paper", "offer")
    assert status == 1


def test_without_libreoffice_pdf_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BARGAIN_SOFFICE", str(tmp_path / "no-soffice"))
    status, _, err = run(
        capsys,
        "render",
        str(SECTOR_AGREEMENT),
        "--doc",
        "draft",
        "--out",
        str(tmp_path / "d.docx"),
        "--pdf",
    )
    assert status == 2
    assert "apt-get install libreoffice-writer-nogui fonts-noto-cjk" in err
    assert len(err.strip().splitlines()) == 1
    assert (tmp_path / "d.docx").is_file()  # the Word document is there all the same


@pytest.mark.pdf
def test_render_pdf_writes_both_and_names_the_replaced_fonts(
    soffice: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "offer.pdf"
    status, said, err = run(
        capsys,
        "render",
        str(SECTOR_AGREEMENT),
        "--doc",
        "final_text",
        "--out",
        str(out),
        "--format",
        "json",
    )
    assert status == 0, err
    written = json.loads(said)
    assert written["pdf"] == str(out)
    assert out.read_bytes().startswith(b"%PDF-")
    for font in written["substituted_fonts"]:
        assert font in err
        assert written["fallbacks"][font] is None or written["fallbacks"][font] in err
