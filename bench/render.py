"""How fast ``render_many`` writes the final text, next to a plain docxtpl loop.

Renders the same contexts (the Bengbu sector agreement's final text, varied per document) in the
same run: with a plain docxtpl loop (the baseline: load the template, render with bargain's
sandboxed environment and autoescape, save, for every document) and with ``render_many`` (the
template patched and compiled once; each document renders the compiled template and writes the
zip reusing the unchanged members). Prints documents per second for both and the ratio. Target
(issue 10): at least 50 times the plain loop. ``--profile`` prints where ``render_many`` spends
its time (cProfile).

The template is the built-in ``final_text.docx`` with its sample context when it is there, else
the stand-in of ``bench/render_fixture.py`` (``--stand-in`` forces it).

Run: .venv/bin/python bench/render.py [--documents N] [--repeat R] [--stand-in] [--json PATH]
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import gc
import io
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import Figures, add_json_option
from render_fixture import build_final_text, varied_contexts

from bargain.render.docx import PreparedTemplate, render_many
from bargain.render.templates import builtin_templates_dir, environment

ROOT = Path(__file__).resolve().parent.parent


def template_and_contexts(
    documents: int, folder: Path, *, stand_in: bool
) -> tuple[Path, list[tuple[str, dict[str, Any]]], bool]:
    """The final-text template and ``documents`` contexts; whether the stand-in is used."""
    builtin = builtin_templates_dir() / "final_text.docx"
    if not stand_in and builtin.is_file():
        try:
            from bargain.render.context import sample_context  # type: ignore[import-not-found]
        except ImportError:
            pass
        else:
            base = sample_context("final_text")
            contexts = []
            for n in range(documents):
                context = copy.deepcopy(base)
                context["title"] = f"{base.get('title', '')}（第{n + 1}号）"
                contexts.append((f"final-text-{n + 1}", context))
            return builtin, contexts, False
    return build_final_text(folder / "final_text.docx"), varied_contexts(documents), True


def docxtpl_loop(template: Path, contexts: list[tuple[str, dict[str, Any]]], out: Path) -> None:
    from docxtpl import DocxTemplate

    env = environment()  # one environment for the whole loop: the baseline at its fastest
    for stem, context in contexts:
        document = DocxTemplate(template)
        document.render(context, jinja_env=env, autoescape=True)
        document.save(out / f"{stem}.docx")


def in_memory(template: Path, contexts: list[tuple[str, dict[str, Any]]]) -> tuple[float, float]:
    """Both loops again, saving to memory: the same comparison without the disk's time."""
    from docxtpl import DocxTemplate

    env = environment()
    gc.collect()
    started = time.perf_counter()
    for _, context in contexts:
        document = DocxTemplate(template)
        document.render(context, jinja_env=env, autoescape=True)
        document.save(io.BytesIO())
    plain = len(contexts) / (time.perf_counter() - started)
    prepared = PreparedTemplate.load(template)
    many = contexts * 20
    gc.collect()
    started = time.perf_counter()
    for _, context in many:
        prepared.render(context)
    return plain, len(many) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=20, help="documents per round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (the median is kept)")
    parser.add_argument("--stand-in", action="store_true", help="use the stand-in template")
    parser.add_argument("--profile", action="store_true", help="profile render_many")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build", help="where the scratch folder goes"
    )
    add_json_option(parser)
    args = parser.parse_args()

    # Both loops write into the same scratch folder, under build/ by default: some systems' /tmp
    # costs more to create a file in than rendering a document does.
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-render-", dir=args.out) as scratch:
        folder = Path(scratch)
        template, contexts, stand_in = template_and_contexts(
            args.documents, folder, stand_in=args.stand_in
        )
        # Ours renders many more documents per round, so that its timing is not all noise.
        ours_contexts = contexts * 20
        plain_rates, our_rates, ratios = [], [], []
        for round_ in range(args.repeat):
            # new files every round, as a user writes them (overwriting costs more on some disks)
            plain_out, ours_out = folder / f"docxtpl-{round_}", folder / f"bargain-{round_}"
            plain_out.mkdir()
            gc.collect()
            started = time.perf_counter()
            docxtpl_loop(template, contexts, plain_out)
            plain = len(contexts) / (time.perf_counter() - started)
            gc.collect()
            started = time.perf_counter()
            render_many(template, ours_contexts, ours_out)
            ours = len(ours_contexts) / (time.perf_counter() - started)
            plain_rates.append(plain)
            our_rates.append(ours)
            ratios.append(ours / plain)
        memory_plain, memory_ours = in_memory(template, contexts)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            render_many(template, ours_contexts, folder / "profiled")
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
            print(text.getvalue())

    plain, ours, ratio = (statistics.median(x) for x in (plain_rates, our_rates, ratios))
    which = "stand-in final text (bench/render_fixture.py)" if stand_in else template.name
    print(f"Final text ({which}), {len(contexts)} contexts, median of {args.repeat} rounds:")
    print(f"  plain docxtpl loop (baseline):   {plain:9.1f} documents/s")
    print(f"  render_many (prepared once):     {ours:9.1f} documents/s")
    print(f"  render_many / docxtpl:           {ratio:9.1f}x  (target >= 50x)")
    print("Saved to memory instead of files (one round; the disk's time left out):")
    print(f"  docxtpl render + save:           {memory_plain:9.1f} documents/s")
    print(f"  PreparedTemplate.render:         {memory_ours:9.1f} documents/s")
    print(f"  ratio:                           {memory_ours / memory_plain:9.1f}x")

    figures = Figures(
        "render",
        {"documents": args.documents, "repeat": args.repeat, "stand_in": stand_in},
    )
    measured = figures.measurement("final text, one template, one core", "documents/s")
    measured.baseline["docxtpl_loop"] = round(plain, 1)
    measured.rates["render_many"] = round(ours, 1)
    measured.ratios["speedup_over_docxtpl"] = round(ratio, 1)
    measured.target("speedup_over_docxtpl", at_least=50)
    measured.baseline["docxtpl_in_memory"] = round(memory_plain, 1)
    measured.rates["render_in_memory"] = round(memory_ours, 1)
    measured.ratios["speedup_in_memory"] = round(memory_ours / memory_plain, 1)
    figures.write(args.json)


if __name__ == "__main__":
    main()
