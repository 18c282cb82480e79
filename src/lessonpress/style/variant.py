"""Print variants: one definition of what `standard`, `large-print` and `answer-key` mean, for every writer."""

from __future__ import annotations

from dataclasses import dataclass

VARIANT_NAMES = ("standard", "large-print", "answer-key")


@dataclass(frozen=True)
class Variant:
    """`large-print` scales type and spacing; `answer-key` fills in the answers (a teacher copy of the handout)."""

    name: str = "standard"

    @property
    def large(self) -> bool:
        return self.name == "large-print"

    @property
    def answers(self) -> bool:
        return self.name == "answer-key"

    @property
    def guide(self) -> Variant:
        """The guide of a class cites the lines of the handout its students hold: large print for large print."""
        return Variant("large-print" if self.large else "standard")
