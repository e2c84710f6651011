"""Publishing under faults: a crash mid-publish, a killed process, two runs at once, rollback."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import types
from pathlib import Path

import pandas as pd
import pytest

import pipeline.release as release
from pipeline.release import Inputs, PublishError, PublishLockedError, publish, publish_lock, rollback_latest
from pipeline.version import PIPELINE_VERSION
from tests.runs import assert_release_intact, latest_id, materialise, release_dirs, snapshot

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("documents", "figures", "dates", "acronyms", "sections")


def index_ids(outputs: Path) -> list[str]:
    with (outputs / "releases.csv").open(encoding="utf-8") as handle:
        return [row["release_id"] for row in csv.DictReader(handle)]


@pytest.fixture
def seed_release(raw_copy: Path, tmp_path: Path) -> Path:
    """A release of the seed corpus, as a real run makes it (its tables are published directly)."""
    scratch = tmp_path / "scratch-outputs"
    assert materialise(raw_copy, scratch).success
    return (scratch / "latest").resolve()


@pytest.fixture
def tables(seed_release: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(seed_release / f"{name}.parquet") for name in TABLES}


#: A separate process that publishes the seed tables: `python -c PUBLISHER <release> <outputs> <tag>`.
PUBLISHER = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    import pandas as pd
    import pipeline.release as release
    source, outputs, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    tables = {n: pd.read_parquet(source / f"{n}.parquet") for n in TABLE_NAMES}
    if os.environ.get("DIE_AFTER_TABLES"):
        original, written = release.write_table, []
        def write_then_die(directory, name, frame):
            if len(written) == int(os.environ["DIE_AFTER_TABLES"]):
                os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: a real crash
            written.append(name)
            return original(directory, name, frame)
        release.write_table = write_then_die
    if os.environ.get("BARRIER"):
        original_lock, barrier = release.publish_lock, Path(os.environ["BARRIER"])
        def together(*args, **kwargs):
            (barrier / str(os.getpid())).touch()
            while len(list(barrier.iterdir())) < 2:  # both reach the lock before either takes it
                time.sleep(0.01)
            return original_lock(*args, **kwargs)
        release.publish_lock = together
    published = release.publish(outputs, tables, release.Inputs((("doc.txt", tag),), "test-version"))
    print("published" if published.created else "unchanged", published.release_id)
""").replace("TABLE_NAMES", repr(TABLES))


def publisher(seed_release: Path, outputs: Path, tag: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", PUBLISHER, str(seed_release), str(outputs), tag],
                            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def inputs(tag: str) -> Inputs:
    return Inputs((("doc.txt", tag),), "test-version")


# --- a crash while publishing --------------------------------------------------------------------


def test_crash_between_file_writes_leaves_previous_release(
    raw_copy: Path, output_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert materialise(raw_copy, output_dir).success
    previous = latest_id(output_dir)
    before = snapshot(output_dir, skip=(".cache",))
    (raw_copy / "new.txt").write_text("Over 40,000 alumni.\n", encoding="utf-8")

    original = release.write_table
    written: list[str] = []

    def crash_on_third_table(directory: Path, name: str, frame: pd.DataFrame) -> list[Path]:
        if len(written) == 2:
            raise OSError("disk full (simulated)")
        written.append(name)
        return original(directory, name, frame)

    monkeypatch.setattr(release, "write_table", crash_on_third_table)
    failed = materialise(raw_copy, output_dir)
    assert not failed.success and len(written) == 2
    assert snapshot(output_dir, skip=(".cache",)) == before  # no staging left, latest and index unchanged
    assert latest_id(output_dir) == previous
    assert_release_intact(output_dir / "latest")

    monkeypatch.setattr(release, "write_table", original)
    assert materialise(raw_copy, output_dir).success
    current = latest_id(output_dir)
    assert current != previous and index_ids(output_dir) == [previous, current]
    assert_release_intact(output_dir / "latest")
    documents = pd.read_parquet(output_dir / "latest" / "documents.parquet")
    assert "new" in set(documents["doc_id"])
    assert json.loads((output_dir / "latest" / "manifest.json").read_text())["previous_release"] == previous


@pytest.mark.parametrize("step", ["point_latest", "_append_index"])
def test_crash_after_the_rename_is_finished_by_the_next_run(
    output_dir: Path, tables: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    day1, day2 = dt.datetime(2026, 3, 1, 23, 59, tzinfo=dt.UTC), dt.datetime(2026, 3, 2, 0, 1, tzinfo=dt.UTC)
    first = publish(output_dir, tables, inputs("a"), now=day1)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("killed (simulated)")

    monkeypatch.setattr(release, step, crash)
    with pytest.raises(KeyboardInterrupt):
        publish(output_dir, tables, inputs("b"), now=day1)
    monkeypatch.undo()
    assert index_ids(output_dir) == [first.release_id]  # not published yet
    assert_release_intact(output_dir / "releases" / first.release_id)

    finished = publish(output_dir, tables, inputs("b"), now=day2)  # the next run, the next day
    assert finished.created and finished.release_id.startswith("2026-03-01-")  # the one already written
    assert index_ids(output_dir) == [first.release_id, finished.release_id]
    assert latest_id(output_dir) == finished.release_id
    assert release_dirs(output_dir) == sorted([first.release_id, finished.release_id])


def test_killed_process_mid_publish_leaves_previous_release(
    output_dir: Path, seed_release: Path, tables: dict[str, pd.DataFrame]
) -> None:
    previous = publish(output_dir, tables, inputs("a")).release_id
    index_before = (output_dir / "releases.csv").read_bytes()
    killed = publisher(seed_release, output_dir, "b", DIE_AFTER_TABLES="2")
    _, err = killed.communicate(timeout=120)
    assert killed.returncode == -9, err[-2000:]
    staging = list((output_dir / "releases").glob(".staging-*"))
    assert len(staging) == 1 and (staging[0] / "documents.parquet").exists()  # it died half-way
    holder = json.loads((output_dir / ".publish.lock").read_text())  # and still "holds" the lock
    assert holder["pid"] == killed.pid
    assert latest_id(output_dir) == previous
    assert_release_intact(output_dir / "latest")
    assert (output_dir / "releases.csv").read_bytes() == index_before

    current = publish(output_dir, tables, inputs("b"), lock_timeout=0)  # the dead holder's lock is free
    assert current.created and latest_id(output_dir) == current.release_id
    assert index_ids(output_dir) == [previous, current.release_id]
    assert not list((output_dir / "releases").glob(".staging-*"))
    assert not (output_dir / ".publish.lock").exists()
    assert_release_intact(output_dir / "latest")


def test_killed_run_then_a_full_run_completes(raw_copy: Path, output_dir: Path) -> None:
    """The same through the whole graph: the CLI killed mid-publish, then `run` again."""
    assert materialise(raw_copy, output_dir).success
    previous = latest_id(output_dir)
    (raw_copy / "new.txt").write_text("Over 40,000 alumni.\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal, sys
        import pipeline.publishing
        import pipeline.release as release
        from pipeline.cli import main
        pipeline.publishing.PIPELINE_VERSION = {PIPELINE_VERSION!r}  # as this process, whatever the tree holds now
        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        release.point_latest = die  # killed after the release is renamed into place
        sys.exit(main(["--raw", {str(raw_copy)!r}, "--output", {str(output_dir)!r}, "run"]))
    """)
    killed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=120)
    assert killed.returncode == -9, killed.stderr.decode()[-2000:]
    assert latest_id(output_dir) == previous and index_ids(output_dir) == [previous]
    assert_release_intact(output_dir / "latest")
    assert len(release_dirs(output_dir)) == 2  # written, not yet published

    assert materialise(raw_copy, output_dir).success
    current = latest_id(output_dir)
    assert current != previous and index_ids(output_dir) == [previous, current]
    assert len(release_dirs(output_dir)) == 2
    assert_release_intact(output_dir / "latest")


# --- two runs at once ----------------------------------------------------------------------------


def test_second_publisher_waits_for_the_first(
    output_dir: Path, tables: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = threading.Event()

    def sleep(seconds: float) -> None:
        waiting.set()
        time.sleep(min(seconds, 0.05))

    monkeypatch.setattr(release, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=sleep))
    order: list[str] = []
    results: list[release.Release] = []
    with publish_lock(output_dir):
        holder = json.loads((output_dir / ".publish.lock").read_text())
        assert holder["pid"] == os.getpid() and "since" in holder
        second = threading.Thread(target=lambda: (results.append(publish(output_dir, tables, inputs("a"))),
                                                  order.append("second published")))
        second.start()
        assert waiting.wait(timeout=60)  # it is blocked on the lock, not publishing
        assert not release_dirs(output_dir)
        order.append("first released")
    second.join(timeout=60)
    assert order == ["first released", "second published"]
    assert results[0].created and index_ids(output_dir) == [results[0].release_id]
    assert not (output_dir / ".publish.lock").exists()


def test_second_publisher_fails_clearly_when_the_wait_is_over(
    output_dir: Path, tables: dict[str, pd.DataFrame]
) -> None:
    with publish_lock(output_dir), pytest.raises(PublishLockedError) as error:
        publish(output_dir, tables, inputs("a"), lock_timeout=0)
    message = str(error.value)
    assert ".publish.lock" in message and f"pid {os.getpid()}" in message and "another run is publishing" in message
    assert not release_dirs(output_dir) and not (output_dir / "latest").exists()


def test_two_processes_started_at_once_publish_one_release(output_dir: Path, seed_release: Path) -> None:
    barrier = output_dir.parent / "barrier"
    barrier.mkdir()
    runs = [publisher(seed_release, output_dir, "same", BARRIER=str(barrier)) for _ in range(2)]
    outcomes = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outcomes]
    assert sorted(out.split()[0] for out, _ in outcomes) == ["published", "unchanged"]
    assert len(release_dirs(output_dir)) == 1 and len(index_ids(output_dir)) == 1
    assert not (output_dir / ".publish.lock").exists()
    assert_release_intact(output_dir / "latest")


def test_two_processes_with_different_inputs_publish_both(output_dir: Path, seed_release: Path) -> None:
    barrier = output_dir.parent / "barrier"
    barrier.mkdir()
    runs = [publisher(seed_release, output_dir, tag, BARRIER=str(barrier)) for tag in ("x", "y")]
    outcomes = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outcomes]
    ids = [out.split()[1] for out, _ in outcomes]
    assert sorted(index_ids(output_dir)) == sorted(ids) and len(set(ids)) == 2
    assert latest_id(output_dir) == index_ids(output_dir)[-1]  # latest is the one listed last
    for release_id in ids:
        assert_release_intact(output_dir / "releases" / release_id)


# --- rollback --------------------------------------------------------------------------------------


def test_rollback_holds_until_new_inputs_are_published(output_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    a = publish(output_dir, tables, inputs("a"))
    b = publish(output_dir, tables, inputs("b"))
    assert latest_id(output_dir) == b.release_id
    rollback_latest(output_dir, a.release_id)
    assert latest_id(output_dir) == a.release_id
    again = publish(output_dir, tables, inputs("b"))  # the schedule re-runs on unchanged inputs
    assert not again.created and latest_id(output_dir) == a.release_id
    c = publish(output_dir, tables, inputs("c"))
    assert latest_id(output_dir) == c.release_id
    assert index_ids(output_dir) == [a.release_id, b.release_id, c.release_id]
    with pytest.raises(PublishError, match="no release 'nope'"):
        rollback_latest(output_dir, "nope")


def test_cli_rollback(raw_copy: Path, output_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    assert materialise(raw_copy, output_dir).success
    first = latest_id(output_dir)
    (raw_copy / "new.txt").write_text("Over 40,000 alumni.\n", encoding="utf-8")
    assert materialise(raw_copy, output_dir).success
    assert main(["--output", str(output_dir), "rollback", first]) == 0
    assert latest_id(output_dir) == first
    assert main(["--output", str(output_dir), "rollback", "2020-01-01-unknown"]) == 2
    assert "no release '2020-01-01-unknown'" in capsys.readouterr().err
