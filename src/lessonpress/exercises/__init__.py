"""The exercise-type registry: one module per type, one line each here.

`lesson_model()` is the Lesson model whose `exercises` accept exactly the
registered types (a discriminated union on `type`), so a type registered at
run time, in a plug-in or a test, is validated, explained and documented in the
JSON Schema like the built-in ones.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Union

from pydantic import Field, create_model

from lessonpress.exercises import (
    claim_evidence,
    close_reading,
    contextualization,
    corroboration,
    image_analysis,
    multiple_choice,
    reliability,
    sequence,
    short_answer,
    sourcing,
)
from lessonpress.exercises.base import ExerciseType
from lessonpress.spec.models import Lesson

REGISTRY: dict[str, ExerciseType] = {}


def register(kind: ExerciseType) -> None:
    """Add (or replace) an exercise type; the Lesson model is rebuilt on next use."""
    REGISTRY[kind.name] = kind
    lesson_model.cache_clear()


def unregister(name: str) -> None:
    REGISTRY.pop(name, None)
    lesson_model.cache_clear()


def exercise_type(name: str) -> ExerciseType:
    return REGISTRY[name]


@lru_cache(maxsize=1)
def lesson_model() -> type[Lesson]:
    models = tuple(kind.model for kind in REGISTRY.values())
    union: Any = Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007 - built at run time from the registry
    model: type[Lesson] = create_model(
        "Lesson", __base__=Lesson, __doc__=Lesson.__doc__,
        exercises=(list[union], Field(default_factory=list)),
    )
    return model


for _module in (sourcing, close_reading, claim_evidence, corroboration, reliability, contextualization, multiple_choice, short_answer, sequence,
                image_analysis):
    register(_module.TYPE)

__all__ = ["REGISTRY", "ExerciseType", "exercise_type", "lesson_model", "register", "unregister"]
