"""Writing: only changed bytes, stale files removed, nothing lost on failure."""

import os
import random
import time

import pytest

from semikb.pipeline import generate
from semikb.problems import ConfigError, SemikbError
from semikb.write import MARKER, MARKER_TEXT, Known, write_output
from tests.helpers import entity_yaml


def snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_only_changed_files_are_rewritten(kb):
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001, sources: [src]}]"),
    )
    first = generate(kb.settings)
    assert "company/acme.md" in first.written
    again = generate(kb.settings)
    assert again.written == [] and again.removed == []
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2002, sources: [src]}]"),
    )
    edited = generate(kb.settings)
    # the page, its type index, the source it cites, the timeline's index and the decade
    # that holds the date, and the downloads that hold the date (statements, feed,
    # calendar, JSON export); not the bibliography, whose lines do not show dates
    assert edited.written == [
        "company/acme.md",
        "company/index.md",
        "data/milestones.ics",
        "data/statements.csv",
        "data/timeline.atom",
        "kb.json",
        "source/src.md",
        "timeline.md",
        "timeline/2000s.md",
    ]


def test_pages_of_removed_entities_are_removed(kb):
    path = kb.add("company", "acme", entity_yaml("acme"))
    generate(kb.settings)
    path.unlink()
    report = generate(kb.settings)
    assert report.removed == ["company/acme.md"]
    assert not (kb.settings.output_path / "company" / "acme.md").exists()


@pytest.mark.parametrize(
    "bad",
    [
        "id: acme\nname: [unclosed\n",  # YAML error
        entity_yaml(
            "acme", statements="founded_by: [{target: nobody, sources: [src]}]"
        ),  # missing reference
    ],
)
def test_a_failed_generation_leaves_the_previous_output_intact(kb, bad):
    kb.add("company", "acme", entity_yaml("acme"))
    kb.add("company", "beta", entity_yaml("beta"))
    generate(kb.settings)
    before = snapshot(kb.settings.output_path)
    kb.add("company", "acme", bad)
    kb.root.joinpath("entities/company/beta.yaml").unlink()
    with pytest.raises(SemikbError):
        generate(kb.settings)
    assert snapshot(kb.settings.output_path) == before


def test_hand_written_pages_survive_generation_byte_for_byte(kb):
    docs = kb.root / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_bytes(b"# Home\r\n\xef\xbb\xbfhand-written\n")
    (docs / "guide" / "page.md").write_text("# A guide\n")
    before = snapshot(docs)
    kb.add("company", "acme", entity_yaml("acme"))
    generate(kb.settings)
    after = snapshot(docs)
    assert {k: v for k, v in after.items() if not k.startswith("kb/")} == before


def test_refuses_to_write_into_a_folder_it_did_not_create(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.md").write_text("hand-written")
    with pytest.raises(ConfigError) as error:
        write_output({"a.md": b"x"}, tmp_path / "out", tmp_path / ".semikb")
    assert f"no {MARKER} file" in str(error.value)
    assert (tmp_path / "out" / "index.md").read_text() == "hand-written"


def test_a_rendering_failure_half_way_leaves_the_previous_output_intact(kb):
    kb.add("company", "acme", entity_yaml("acme"))
    generate(kb.settings)
    output = kb.settings.output_path
    before = snapshot(output)

    def pages():
        yield "company/acme.md", b"new text"
        yield "company/new.md", b"a new page"
        raise RuntimeError("a template bug")

    with pytest.raises(RuntimeError):
        write_output(pages(), output, kb.settings.work_path)
    assert snapshot(output) == before  # no staging folder left behind either
    assert [p.name for p in kb.settings.work_path.iterdir()] == ["lock"]


def test_unchanged_pages_keep_their_files_when_the_tree_is_replaced(kb):
    kb.add("company", "acme", entity_yaml("acme"))
    kb.add("company", "beta", entity_yaml("beta"))
    generate(kb.settings)
    page = kb.settings.output_path / "company" / "beta.md"
    before = page.stat()
    kb.add(
        "company",
        "acme",
        entity_yaml("acme", statements="founded: [{value: 2001, sources: [src]}]"),
    )
    report = generate(kb.settings)
    assert "company/acme.md" in report.written and "company/beta.md" not in report.written
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_nothing_is_touched_when_nothing_changed(kb):
    kb.add("company", "acme", entity_yaml("acme"))
    generate(kb.settings)
    output = kb.settings.output_path
    inode = output.stat().st_ino
    assert generate(kb.settings).written == []
    assert output.stat().st_ino == inode  # the same folder: no exchange


def test_leftovers_of_an_interrupted_run_are_removed_by_the_next(kb):
    kb.add("company", "acme", entity_yaml("acme"))
    generate(kb.settings)
    work = kb.settings.work_path
    (work / "staging-99999" / "company").mkdir(parents=True)
    (work / "staging-99999" / "company" / "half.md").write_text("half")
    (work / "retired-99999").mkdir()
    generate(kb.settings)
    assert sorted(p.name for p in work.iterdir()) == ["lock"]


def test_a_page_changed_behind_a_preview_s_back_is_written_again(tmp_path):
    """A preview's writer remembers what it wrote (``Known``) and does not read back the
    files it vouches for; a file changed since, even to bytes of the same length, is
    written again, and so is one that is gone."""
    output, work, known = tmp_path / "out", tmp_path / ".semikb", Known()
    pages = {"a.md": b"alpha", "b/c.md": b"gamma", "d.md": b"delta"}
    assert write_output(pages, output, work, known).written == ["a.md", "b/c.md", "d.md"]
    assert known.files == {}  # files this new could change again within the same tick
    an_hour_ago = time.time() - 3600
    for page in pages:
        os.utime(output / page, (an_hour_ago, an_hour_ago))
    assert write_output(pages, output, work, known).written == []
    assert set(known.files) == set(pages)  # read back once, vouched for from now on
    (output / "a.md").write_bytes(b"ALPHA")
    (output / "b" / "c.md").unlink()
    report = write_output(pages, output, work, known)
    assert report.written == ["a.md", "b/c.md"] and report.unchanged == 1
    assert snapshot(output) == {**pages, MARKER: MARKER_TEXT}
    assert write_output({"a.md": b"alpha"}, output, work, known).removed == ["b/c.md", "d.md"]


def _age(folder, seconds=3600):
    """Date every file back, so that the writer may vouch for it (see ``RACY_NS``)."""
    then = time.time() - seconds
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def test_a_preview_s_writer_stages_in_its_last_retired_tree_and_writes_the_same(tmp_path):
    """A writer given ``Known`` keeps the tree it retires and stages the next run in it;
    the subtree holds exactly the pages every time: after edits, additions, removals, a
    file changed or replaced behind its back, and a run that fails half way."""
    output, work, known = tmp_path / "out", tmp_path / ".semikb", Known()
    rng = random.Random(7)
    pages = {f"t{i % 3}/p{i}.md": f"page {i}".encode() for i in range(30)}
    write_output(pages, output, work, known)
    for step in range(40):
        _age(output)
        write_output(pages, output, work, known)  # nothing changed: files vouched for
        assert known.files and (work / "spare").is_dir()  # even after the first run
        inodes = {page: (output / page).stat().st_ino for page in pages}
        before = dict(pages)
        for page in rng.sample(sorted(pages), 3):
            pages[page] = f"{page} at step {step}".encode()
        for page in rng.sample(sorted(pages), 1):
            del pages[page]
        pages[f"t{rng.randrange(4)}/new{step}.md"] = b"added"
        behind = rng.choice(sorted(set(pages) & set(before)))
        if step % 3 == 0:  # changed in place: the spare's link to it sees the change too
            (output / behind).write_bytes(b"changed behind the writer's back")
        elif step % 3 == 1:  # replaced by another file with the bytes the run will write
            (output / "replacement").write_bytes(pages[behind])
            (output / "replacement").replace(output / behind)
        if step % 10 == 5:
            with pytest.raises(RuntimeError):
                write_output(_failing_half_way(pages), output, work, known)
            assert not (work / "spare").exists()
        report = write_output(pages, output, work, known)
        assert snapshot(output) == {**pages, MARKER: MARKER_TEXT}, step
        written = {p for p in pages if p not in before or pages[p] != before[p]}
        if step % 3 == 0:
            written.add(behind)
        elif step % 3 == 1:
            written.discard(behind)
        assert report.written == sorted(written), step
        untouched = set(pages) - set(report.written)
        assert all((output / p).stat().st_ino == inodes[p] for p in untouched if p != behind)
        assert (work / "spare").is_dir()
    assert sorted(p.name for p in work.iterdir()) == ["lock", "spare"]


def _failing_half_way(pages):
    yield from list(pages.items())[:5]
    raise RuntimeError("a template bug")
