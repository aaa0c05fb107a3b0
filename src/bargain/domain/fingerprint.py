"""The fingerprint of an agreement's text: what was signed, as one SHA-256.

The text of an agreement is what the parties agree to: the two parties with their delegations, the
scope, the term and the clauses. Its fingerprint is the SHA-256 of that text written as RFC 8785
canonical JSON (the JSON Canonicalization Scheme: sorted keys, no spaces, one spelling of every
number and string), so any language with an RFC 8785 library computes the same value from the same
agreement. The procedure record, the status and the title are not part of the text: a signed copy
keeps its fingerprint while the agreement goes on through filing and review.

The signing step records the fingerprint (``Procedure.signed_fingerprint``), and the final text
prints it in its footer and document properties, so a printed copy can be matched to the record.

>>> from bargain.files import load_agreement
>>> agreement = load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
>>> len(text_fingerprint(agreement))
64
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Final

import orjson

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement, Text

__all__ = ["TEXT_FIELDS", "canonical_text", "text_fingerprint"]

TEXT_FIELDS: Final = ("union", "employer", "scope", "term", "clauses")
"""The fields of an agreement that make up its text (parties carry their delegations)."""


_INCLUDE = set(TEXT_FIELDS)


def _text(agreement: Agreement | Text) -> dict[str, Any]:
    return agreement.model_dump(mode="json", include=_INCLUDE)


def canonical_text(agreement: Agreement | Text) -> bytes:
    """The text of an agreement (or a :class:`~bargain.domain.agreement.Text`) as RFC 8785
    canonical JSON (UTF-8 bytes).

    For the values a text can hold, RFC 8785 is compact UTF-8 JSON with sorted keys, which
    ``orjson`` writes: the text has no floating-point number (money and rates are decimal
    strings), its integers are bounded far below 2**53, and its keys are ASCII field and category
    names, so that sorting by UTF-16 code units is sorting by bytes. Tests check those facts
    against the models' schema, and the bytes against the ``rfc8785`` package's, which takes
    about ten times as long (decision 9).
    """
    return orjson.dumps(_text(agreement), option=orjson.OPT_SORT_KEYS)


def text_fingerprint(agreement: Agreement | Text) -> str:
    """The lowercase hexadecimal SHA-256 of :func:`canonical_text`.

    Computed once per agreement value: the agreement keeps it, and so do its copies that leave
    the text alone (the lifecycle's steps), so signing a text costs nothing more once the text is
    known, as when a store gives it with its text version.
    """
    known = agreement._text_fingerprint
    if known is None:
        known = hashlib.sha256(canonical_text(agreement)).hexdigest()
        agreement._text_fingerprint = known
    return known
