"""The fingerprint of an agreement's text (RFC 8785 canonical JSON, SHA-256)."""

from __future__ import annotations

import hashlib
import json

from bargain.domain.fingerprint import TEXT_FIELDS, canonical_text, text_fingerprint
from bargain.domain.procedure import Status
from bargain.files import load_agreement

SECTOR = "examples/bengbu-delivery-sector-agreement.yaml"


def test_the_canonical_text_is_sorted_compact_utf8_json_of_the_text_fields() -> None:
    # Written independently: with no floats in the text, RFC 8785 is sorted keys, no spaces and
    # UTF-8 characters unescaped, which any JSON library can produce.
    agreement = load_agreement(SECTOR)
    text = {name: agreement.model_dump(mode="json")[name] for name in TEXT_FIELDS}
    expected = json.dumps(text, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_text(agreement) == expected.encode("utf-8")
    assert text_fingerprint(agreement) == hashlib.sha256(expected.encode("utf-8")).hexdigest()


def test_the_record_and_the_title_are_not_part_of_the_text() -> None:
    agreement = load_agreement(SECTOR)
    moved_on = agreement.model_copy(update={"status": Status.EFFECTIVE, "title": "另一标题"})
    assert text_fingerprint(moved_on) == text_fingerprint(agreement)
    without_organisations = agreement.union.model_copy(update={"organisations": ()})
    assert text_fingerprint(agreement.model_copy(update={"union": without_organisations})) != (
        text_fingerprint(agreement)
    )
