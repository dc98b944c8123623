"""The output folder changes all at once or not at all (issue 12): a lock,
a staging folder beside OUT, one swap; SIGKILL and a full disk leave the
old set whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from dxparse.models import DATASETS
from dxparse.outdir import OutputFolder, owned
from tests.conftest import AP_SEED, DX_SEED, SAMPLES, run_cli

DXPARSE = str(Path(sys.executable).parent / "dxparse")


def _snapshot(out: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.iterdir())
        if p.is_file()
    }


def _extract(out: Path, *inputs: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        [DXPARSE, "extract", *map(str, inputs), "-o", str(out), "--no-progress", "-j", "1"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def new_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a full run over the samples writes (the 'new set')."""
    out = tmp_path_factory.mktemp("new") / "out"
    _extract(out, SAMPLES)
    return out


def test_a_second_run_into_a_locked_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_cli("extract", str(DX_SEED), "-o", str(out), "--no-progress")
    before = _snapshot(out)
    with OutputFolder(out):
        result = run_cli("extract", str(AP_SEED), "-o", str(out), "--no-progress")
    assert result.exit_code == 2
    assert "another dxparse run is writing into this folder" in result.output
    assert _snapshot(out) == before


def test_two_processes_one_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from pathlib import Path; from dxparse.outdir import OutputFolder\n"
            f"with OutputFolder(Path({str(out)!r})):\n"
            "    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        second = subprocess.run(
            [DXPARSE, "extract", str(DX_SEED), "-o", str(out), "--no-progress"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert second.returncode == 2
        assert second.stderr.strip().endswith("wait for it to finish or choose another -o")
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its holder (no lock file to clean up).
    _extract(out, DX_SEED)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_staging_and_spill_live_beside_out_not_in_tmpdir(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputFolder(out) as stage:
        assert stage.path.parent == tmp_path
        assert stage.path.name.startswith(".out.dxparse-")
        assert stage.spill.parent == stage.path
    env = {**os.environ, "TMPDIR": str(tmp_path / "no-such-tmpdir")}
    _extract(out, DX_SEED, AP_SEED, env=env)
    assert (out / "documents.csv").is_file()


def test_ownership_is_by_name() -> None:
    assert owned("documents.csv") and owned("ap_tasks.xlsx") and owned("datapackage.json")
    assert owned(".documents.csv.x1y2.tmp")
    assert not owned("documents.json") and not owned("notes.csv") and not owned(".hidden")


def test_sigkill_at_any_moment_leaves_the_old_set_or_the_new(tmp_path: Path, new_set: Path) -> None:
    old_dir = tmp_path / "old"
    _extract(old_dir, DX_SEED)
    started = time.monotonic()
    _extract(tmp_path / "timed", SAMPLES)
    whole = time.monotonic() - started
    old, new = _snapshot(old_dir), _snapshot(new_set)
    assert old != new
    seen = set()
    for trial in range(10):
        work = tmp_path / f"t{trial}"
        out = work / "out"
        shutil.copytree(old_dir, out)
        process = subprocess.Popen(
            [DXPARSE, "extract", str(SAMPLES), "-o", str(out), "--no-progress", "-j", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(whole * (0.35 + trial * 0.08))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _snapshot(out)
        assert state in (old, new), f"trial {trial}: a mixed set"
        assert sorted(p.name for p in out.iterdir()) == sorted(state)
        seen.add("new" if state == new else "old")
        # A staging folder the kill left beside OUT goes with the next run.
        _extract(out, DX_SEED)
        assert sorted(p.name for p in work.iterdir()) == ["out"]
        assert _snapshot(out) == old
    assert seen, "no trial ran"


@pytest.mark.parametrize("free_kib", [0, 16, 64, 256, 512, 1024, 4096])
def test_a_full_disk_is_exit_2_with_the_old_set_intact(
    tmp_path: Path, free_kib: int, new_set: Path
) -> None:
    """On a real small file system (tmpfs in a private mount namespace)."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to mount a small file system")
    mount = tmp_path / "fs"
    mount.mkdir()
    script = f"""
set -u
mount -t tmpfs -o size=6m tmpfs {mount}
{DXPARSE} extract {DX_SEED} -o {mount}/out --no-progress -j 1 2>/dev/null || exit 90
{sys.executable} - <<'EOF'
import hashlib, os, pathlib
out = pathlib.Path({str(mount)!r}) / "out"
sums = [f"{{p.name}} {{hashlib.sha256(p.read_bytes()).hexdigest()}}" for p in sorted(out.iterdir())]
(pathlib.Path({str(tmp_path)!r}) / "old.txt").write_text("\\n".join(sums))
stat = os.statvfs(out)
fill = stat.f_bavail * stat.f_frsize - {free_kib} * 1024
with open(out.parent / "fill", "wb") as f:
    f.write(b"\\0" * max(fill, 0))
EOF
{DXPARSE} extract {SAMPLES} -o {mount}/out --no-progress -j 1 2>{tmp_path}/stderr.txt
echo $? > {tmp_path}/rc.txt
{sys.executable} - <<'EOF'
import hashlib, pathlib
fs = pathlib.Path({str(mount)!r})
here = pathlib.Path({str(tmp_path)!r})
files = sorted((fs / "out").iterdir())
sums = [f"{{p.name}} {{hashlib.sha256(p.read_bytes()).hexdigest()}}" for p in files]
(here / "after.txt").write_text("\\n".join(sums))
(here / "ls.txt").write_text(" ".join(sorted(p.name for p in fs.iterdir())))
EOF
"""
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rc = int((tmp_path / "rc.txt").read_text())
    after = (tmp_path / "after.txt").read_text()
    old = (tmp_path / "old.txt").read_text()
    new = "\n".join(f"{name} {sha}" for name, sha in _snapshot(new_set).items())
    assert (tmp_path / "ls.txt").read_text() == "fill out"  # no staging left behind
    stderr = (tmp_path / "stderr.txt").read_text()
    # The new set (about 450 KB) cannot fit in 256 KiB and fits in 4 MiB.
    assert rc == (2 if free_kib <= 256 else 0 if free_kib >= 4096 else rc), stderr
    if rc == 0:
        assert after == new
    else:
        assert rc == 2, stderr
        assert after == old
        assert "cannot write output (the folder is left as it was)" in stderr
        assert "No space left on device" in stderr


def test_a_folder_of_yours_in_out_survives_a_failed_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _extract(out, DX_SEED)
    (out / "mine").mkdir()
    (out / "mine" / "notes.txt").write_text("keep", "utf-8")
    before = _snapshot(out)

    def refuse(a: Path, b: Path) -> bool:
        raise OSError(28, "No space left on device", str(b))

    monkeypatch.setattr("dxparse.outdir.exchange", refuse)
    result = run_cli("extract", str(AP_SEED), "-o", str(out), "--no-progress")
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert _snapshot(out) == before
    assert (out / "mine" / "notes.txt").read_text("utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_kill_between_carrying_and_swapping_gives_your_files_back(tmp_path: Path) -> None:
    """What a SIGKILL inside commit() leaves: a staging folder holding the new
    set and a folder of OUT's moved there. The next run gives it back."""
    out = tmp_path / "out"
    _extract(out, DX_SEED)
    stale = tmp_path / ".out.dxparse-killed0"
    stale.mkdir()
    (stale / "documents.csv").write_text("half-new", "utf-8")
    (stale / "mine").mkdir()
    (stale / "mine" / "notes.txt").write_text("keep", "utf-8")
    _extract(out, AP_SEED)
    assert (out / "mine" / "notes.txt").read_text("utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_out_whose_parent_is_not_writable_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staging inside OUT then, files renamed in one by one. (The parent is
    made unwritable for dxparse only: the tests run as root, whom modes do
    not stop.)"""
    out = tmp_path / "out"
    _extract(out, DX_SEED)
    (out / "mine.txt").write_text("keep", "utf-8")
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(prefix: str, dir: Path) -> str:
        if Path(dir) == tmp_path:
            raise PermissionError(13, "Permission denied", str(dir))
        return real_mkdtemp(prefix=prefix, dir=dir)

    monkeypatch.setattr("dxparse.outdir.tempfile.mkdtemp", mkdtemp)
    result = run_cli("extract", str(AP_SEED), "-o", str(out), "--format", "csv", "--no-progress")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["mine.txt", "datapackage.json", *(f"{m.dataset_id}.csv" for m in DATASETS)]
    )
    assert (out / "documents.csv").read_text("utf-8-sig").count(AP_SEED.name) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
