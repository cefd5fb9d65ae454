"""Issue 10, part A (D4) in Python: Run.save never deletes what lightind did not write.

Mirrors tests/robustness/test_outputs.cpp: a file is never replaced; a folder without the
marker `.lightind-run` is refused unless force=True; lightind's own folder is replaced.
"""

import pytest


def listing(d):
    return sorted(str(p.relative_to(d)) for p in d.rglob("*"))


def test_D4_save_onto_a_file_refused(reference_run, scratch):
    notes = scratch / "notes.txt"
    notes.write_text("my notes")
    for force in (False, True):
        with pytest.raises(FileExistsError, match="notes.txt"):
            reference_run.save(notes, force=force)
        assert notes.read_text() == "my notes"
        assert listing(scratch) == ["notes.txt"]


def test_D4_save_onto_a_foreign_folder_refused(reference_run, scratch):
    docs = scratch / "mydocs"
    docs.mkdir()
    (docs / "letter.txt").write_text("dear")
    with pytest.raises(FileExistsError, match=r"mydocs.*letter\.txt.*--force"):
        reference_run.save(docs)
    assert listing(scratch) == ["mydocs", "mydocs/letter.txt"]
    assert (docs / "letter.txt").read_text() == "dear"


def test_D4_save_force_replaces_a_foreign_folder(reference_run, scratch):
    docs = scratch / "mydocs"
    docs.mkdir()
    (docs / "letter.txt").write_text("dear")
    reference_run.save(docs, force=True)
    assert not (docs / "letter.txt").exists()
    assert (docs / "series.csv").is_file()
    assert (docs / ".lightind-run").read_text().startswith("lightind ")


def test_D4_save_replaces_its_own_folder(reference_run, scratch, lightind_module):
    out = scratch / "run"
    reference_run.save(out)
    marker = (out / ".lightind-run").read_text()
    assert marker == f"lightind {lightind_module._lightind.version()} run\n"
    (out / "series.csv").write_text("changed")
    reference_run.save(out)
    assert (out / "series.csv").read_text().startswith("date,scenario,run,indicator")
    assert listing(scratch) == [
        "run",
        "run/.lightind-run",
        "run/accounts.csv",
        "run/results.sqlite",
        "run/series.csv",
        "run/summary.json",
    ]
