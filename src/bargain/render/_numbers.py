"""The numbers in a clause's Chinese and English texts, compared.

A clause written in both languages should say the same figures in both: a rate of 4.5 yuan in
Chinese and 5 yuan in English is a mistake someone will sign. The check reads the figures of each
text as values, so that 60万元 and 600,000 yuan, 12时 and 12:00, 1日 and one day, 12月 and December agree, and reports
the values found in only one of the two. It warns; it never refuses a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from bargain.domain.agreement import Agreement
from bargain.domain.language import Bilingual

__all__ = ["NumberMismatch", "bilingual_number_mismatches"]

_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_ZH_MULTIPLIER = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_CLOCK = re.compile(r"(?<!\d)(\d{1,2}):00(?!\d)")
_EN_WORDS = {
    word: Decimal(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
"""Month names as figures (not May, which is more often the verb)."""
_EN_WORDS.update((month, Decimal(number)) for month, number in _MONTHS.items())
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class NumberMismatch:
    """A clause whose Chinese and English texts do not carry the same figures."""

    clause_id: str
    """The clause."""
    only_zh: tuple[str, ...]
    """Figures in the Chinese text only."""
    only_en: tuple[str, ...]
    """Figures in the English text only."""

    @property
    def message(self) -> Bilingual:
        """The warning, in both languages."""
        return Bilingual(
            f"条款 {self.clause_id} 的中英文数字不一致：仅见于中文 {'、'.join(self.only_zh) or '无'}"
            f"；仅见于英文 {'、'.join(self.only_en) or '无'}",
            f"clause {self.clause_id}: the Chinese and English texts differ in their figures: "
            f"only in Chinese {', '.join(self.only_zh) or 'none'}; "
            f"only in English {', '.join(self.only_en) or 'none'}",
        )

    def as_dict(self) -> dict[str, object]:
        """Plain data, for a template context or JSON."""
        text = self.message
        return {
            "clause": self.clause_id,
            "only_zh": list(self.only_zh),
            "only_en": list(self.only_en),
            "zh": text.zh,
            "en": text.en,
        }


def _value(figure: str) -> Decimal:
    return Decimal(figure.replace(",", "")).normalize()


def _zh_figures(text: str) -> set[Decimal]:
    text = _CLOCK.sub(r"\1", text)
    values: set[Decimal] = set()
    for match in _FIGURE.finditer(text):
        value = _value(match.group())
        multiplier = _ZH_MULTIPLIER.get(text[match.end() : match.end() + 1])
        values.add((value * multiplier).normalize() if multiplier else value)
    return values


def _en_figures(text: str) -> tuple[set[Decimal], set[Decimal]]:
    """The figures written in digits, and those written in words."""
    text = _CLOCK.sub(r"\1", text)
    digits = {_value(m.group()) for m in _FIGURE.finditer(text)}
    words = {_EN_WORDS[m.group().lower()] for m in _EN_WORD.finditer(text)}
    return digits, words


def _shown(values: set[Decimal]) -> tuple[str, ...]:
    return tuple(f"{v:f}" for v in sorted(values))


def bilingual_number_mismatches(agreement: Agreement) -> list[NumberMismatch]:
    """The clauses with an English text whose figures differ from the Chinese text's.

    English number words (one to twelve) and month names count as figures; Chinese numerals do not, since a
    Chinese text writes its figures in Arabic numerals (GB/T 15835), so a Chinese 一个月 beside an
    English "a month" is not reported.
    """
    found: list[NumberMismatch] = []
    for clause in agreement.clauses:
        if clause.text_en is None:
            continue
        zh = _zh_figures(clause.text)
        digits, words = _en_figures(clause.text_en)
        # A figure the English text writes in words may stand for a Chinese numeral (一次, once).
        only_zh, only_en = zh - digits - words, digits - zh
        if only_zh or only_en:
            found.append(NumberMismatch(clause.id, _shown(only_zh), _shown(only_en)))
    return found
