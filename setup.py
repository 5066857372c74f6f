"""Build hook: compiles the extraction core with mypyc, the compiler that ships with mypy.

The core is strictly typed Python (mypy --strict); mypyc turns those modules into C
extensions that run the same code with native calls and unboxed locals, which took
the all-diplomatic stream from about 5.7 to 4.3 million instructions an article. The
sources stay the reference: PARLEY_PURE_PYTHON=1 builds without compiling, and the
package runs the same way from its .py files (the tests pass on both).
"""

from __future__ import annotations

import os

from setuptools import setup

# Modules with no Kafka or faust in them and most of the CPU time of an article. A
# literal list: tests/unit/test_native.py reads it to check that these run compiled.
COMPILED = [
    "services/parley/translate.py",
    "services/parley/knowledge/base.py",
    "services/parley/extract/attendance.py",
    "services/parley/extract/continuations.py",
    "services/parley/extract/dates.py",
    "services/parley/extract/discourse.py",
    "services/parley/extract/draft.py",
    "services/parley/extract/extractor.py",
    "services/parley/extract/final_pass.py",
    "services/parley/extract/gate.py",
    "services/parley/extract/gatherings.py",
    "services/parley/extract/kind.py",
    "services/parley/extract/lexicon.py",
    "services/parley/extract/meeting_dates.py",
    "services/parley/extract/mention.py",
    "services/parley/extract/newcomers.py",
    "services/parley/extract/parties.py",
    "services/parley/extract/people.py",
    "services/parley/extract/places.py",
    "services/parley/extract/plural_titles.py",
    "services/parley/extract/prefilter.py",
    "services/parley/extract/retold.py",
    "services/parley/extract/rosters.py",
    "services/parley/extract/ruleset.py",
    "services/parley/extract/sides.py",
    "services/parley/extract/text.py",
    "services/parley/extract/title_country.py",
    "services/parley/extract/topics.py",
    "services/parley/extract/triggers.py",
    "services/parley/extract/unnamed.py",
    "services/parley/extract/visits.py",
]


def _extensions() -> list[object]:
    if os.environ.get("PARLEY_PURE_PYTHON") == "1":
        return []
    from mypyc.build import mypycify

    return mypycify(COMPILED, opt_level="3", group_name="parley_core")


setup(ext_modules=_extensions())
