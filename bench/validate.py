"""How fast the law rules judge agreements, next to plain Pydantic validation of the same data.

Builds a batch of 40-clause agreements from the Bengbu sector example, then times, in the same
run: Pydantic validation of the documents (the baseline), ``bargain.validate`` on the validated
agreements (the rules), and both together. Prints agreements per second and the ratio of the
rules to the baseline. Targets (issue 3): at least 5,000 agreements a second on one core, and
the rules cost no more than 5 times the model validation.

Run: .venv/bin/python bench/validate.py [--agreements N] [--repeat R] [--json PATH]
"""

from __future__ import annotations

import argparse
import copy
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import Figures, add_json_option

from bargain import Agreement, load_agreement, validate

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "bengbu-delivery-sector-agreement.yaml"
)
CLAUSES = 40


def documents(count: int) -> list[dict[str, Any]]:
    """``count`` plain documents of 40 clauses each, all different."""
    base = load_agreement(EXAMPLE).model_dump(mode="json", exclude_none=True)
    clauses = base["clauses"]
    batch = []
    for number in range(count):
        document = copy.deepcopy(base)
        document["id"] = f"bench-{number}"
        document["clauses"] = [
            {**copy.deepcopy(clauses[i % len(clauses)]), "id": f"c{i}"} for i in range(CLAUSES)
        ]
        batch.append(document)
    return batch


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The median of the faster half of ``repeat`` runs, in seconds.

    The garbage collector is paused while timing, as ``timeit`` does, so that the cost of
    scanning the whole batch (which a real caller validating one document never pays) is not
    charged to whichever side happens to trigger a collection.
    """
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(sorted(times)[: repeat // 2 + 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreements", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    add_json_option(parser)
    options = parser.parse_args()

    batch = documents(options.agreements)
    agreements = [Agreement.model_validate(d) for d in batch]
    validate(agreements[0])  # load the parameters and the registry once, outside the timing

    model = best_of(options.repeat, lambda: [Agreement.model_validate(d) for d in batch])
    rules = best_of(options.repeat, lambda: [validate(a) for a in agreements])
    both = best_of(options.repeat, lambda: [validate(Agreement.model_validate(d)) for d in batch])
    n = len(batch)
    print(f"{n} agreements of {CLAUSES} clauses, best of {options.repeat} runs, one core")
    print(f"  Pydantic validation (baseline): {n / model:9.0f} agreements/s")
    print(f"  bargain.validate (rules only):  {n / rules:9.0f} agreements/s")
    print(f"  both, as `bargain validate`:    {n / both:9.0f} agreements/s")
    print(f"  rules / model ratio:            {rules / model:9.2f}x  (target <= 5x)")
    print(f"  rules alone meet 5,000/s:       {'yes' if n / rules >= 5000 else 'no'}")

    settings = {"agreements": n, "clauses": CLAUSES, "repeat": options.repeat}
    figures = Figures("validate", settings)
    measured = figures.measurement("agreements of 40 clauses, one core", "agreements/s")
    measured.baseline["pydantic_validation"] = n / model
    measured.rates.update(rules=n / rules, model_and_rules=n / both)
    measured.ratios["rules_over_model"] = rules / model
    measured.target("rules", at_least=5000)
    measured.target("rules_over_model", at_most=5)
    figures.write(options.json)


if __name__ == "__main__":
    main()
