"""Property tests: whatever YAML a contributor writes, the loader and validator answer
with a valid model or located problems, never an unhandled exception."""

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semikb.load import RawRecord, load_file
from semikb.problems import Problem, Problems
from semikb.validate import validate_record
from semikb.vocabulary import load_vocabulary
from tests.helpers import PROJECT, VOCABULARY

VOCAB = load_vocabulary(VOCABULARY, PROJECT)
KEYS = [
    "id",
    "type",
    "name",
    "summary",
    "aliases",
    "tags",
    "statements",
    "wikidata",
    "wikipedia",
    "url",
    "published",
    "en",
    "ko",
    "value",
    "target",
    "sources",
    "start",
    "end",
    "date",
    "rank",
    "note",
    "amount",
    "unit",
    "planned",
    *list(VOCAB.properties)[:12],
    *VOCAB.types,
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "acme",
            "company",
            "2022-08-10",
            "2022-13",
            "2023-02-29",
            "src",
            "preferred",
            "disputed",
            "http://x.org",
            "javascript:x",
            "Q1",
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=6),
    ),
    max_leaves=30,
)


def outcome(data: bytes, folder: Path):
    path = folder / "entities" / "company" / "acme.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    loaded = load_file(path, folder, 64 * 1024)
    if isinstance(loaded, Problem):
        assert loaded.location.path == "entities/company/acme.yaml"
        return
    assert isinstance(loaded, RawRecord)
    problems = Problems()
    entity = validate_record(loaded, VOCAB, problems)
    for problem in problems:
        assert problem.location.path == "entities/company/acme.yaml" and problem.message
    assert entity or problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents_are_models_or_located_problems(document):
    with tempfile.TemporaryDirectory() as folder:
        outcome(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"), Path(folder))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_are_models_or_located_problems(data):
    with tempfile.TemporaryDirectory() as folder:
        outcome(data, Path(folder))


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "id": st.just("acme"),
            "type": st.just("company"),
            "name": st.dictionaries(
                st.sampled_from(["en", "ko", "ja", "x y"]), scalars, max_size=3
            ),
            "summary": scalars | st.dictionaries(st.sampled_from(["en", "ko"]), scalars),
            "statements": st.dictionaries(
                st.sampled_from([*list(VOCAB.properties), "founder_of", "nope"]),
                st.lists(
                    st.dictionaries(
                        st.sampled_from(
                            [
                                "value",
                                "target",
                                "amount",
                                "unit",
                                "sources",
                                "start",
                                "end",
                                "date",
                                "rank",
                                "note",
                                "planned",
                            ]
                        ),
                        documents,
                        max_size=5,
                    ),
                    max_size=3,
                ),
                max_size=4,
            ),
        }
    )
)
def test_entity_shaped_documents_are_models_or_located_problems(document):
    with tempfile.TemporaryDirectory() as folder:
        outcome(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"), Path(folder))


REAL_FILES = sorted((PROJECT / "entities").glob("*/*.yaml"))
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "insert", "duplicate", "swap"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=40),
        st.text(alphabet=":-[]{}#&*!|>'\"\t\n ,?%@`~0123456789abcxyz한ア", max_size=6),
    ),
    min_size=1,
    max_size=4,
)


def mutate(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    """Contributor-like damage: characters deleted or typed, lines duplicated or swapped."""
    for kind, at, length, typed in edits:
        lines = text.splitlines(keepends=True)
        if kind == "delete" and text:
            start = at % len(text)
            text = text[:start] + text[start + length :]
        elif kind == "insert":
            start = at % (len(text) + 1)
            text = text[:start] + typed + text[start:]
        elif kind == "duplicate" and lines:
            line = at % len(lines)
            text = "".join(lines[: line + 1] + lines[line:])
        elif kind == "swap" and len(lines) > 1:
            a, b = at % len(lines), (at + length + 1) % len(lines)
            lines[a], lines[b] = lines[b], lines[a]
            text = "".join(lines)
    return text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(REAL_FILES), EDITS)
def test_damaged_real_entity_files_are_models_or_located_problems(path, edits):
    with tempfile.TemporaryDirectory() as folder:
        outcome(mutate(path.read_text("utf-8"), edits).encode("utf-8"), Path(folder))
