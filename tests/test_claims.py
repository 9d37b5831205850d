"""Per-document claims in an output folder (`pipeline.claims`): exclusive between processes and between two
claimers in one process, gone with a killed process, and no file per document."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.claims import CLAIMS_DIR, Claims

ROOT = Path(__file__).resolve().parents[1]
A, B = "ab" * 32, "cd" * 32


def _child(out: Path, sha: str, hold: bool) -> subprocess.Popen:
    code = (
        "import sys, time; from pathlib import Path; from pipeline.claims import Claims\n"
        f"c = Claims(Path({str(out)!r})); print(c.try_claim({sha!r}), flush=True)\n"
        f"time.sleep(60 if {hold} else 0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)


def test_two_claimers_exclude_each_other_and_release_hands_over(tmp_path: Path) -> None:
    first, second = Claims(tmp_path), Claims(tmp_path)
    assert first.try_claim(A) and first.try_claim(A)  # claiming again what one holds is fine
    assert not second.try_claim(A)
    assert second.try_claim(B) and not first.try_claim(B)
    first.release(A)
    assert second.try_claim(A)
    second.release_all()
    assert first.try_claim(A) and first.try_claim(B)
    first.release_all()


def test_another_process_is_refused_until_release(tmp_path: Path) -> None:
    mine = Claims(tmp_path)
    assert mine.try_claim(A)
    child = _child(tmp_path, A, hold=False)
    assert child.communicate(timeout=60)[0].strip() == "False"
    mine.release(A)
    child = _child(tmp_path, A, hold=False)
    assert child.communicate(timeout=60)[0].strip() == "True"


def test_a_killed_process_leaves_nothing_claimed(tmp_path: Path) -> None:
    child = _child(tmp_path, A, hold=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "True"
        mine = Claims(tmp_path)
        assert not mine.try_claim(A)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        deadline = time.monotonic() + 10
        while not mine.try_claim(A):
            assert time.monotonic() < deadline, "the dead process's claim was never dropped"
            time.sleep(0.05)
        mine.release_all()
    finally:
        child.kill()


def test_claims_share_one_lock_file_not_one_file_per_document(tmp_path: Path) -> None:
    claims = Claims(tmp_path)
    shas = [f"{i:064x}" for i in range(1, 200)]
    assert all(claims.try_claim(s) for s in shas)
    assert len(list((tmp_path / CLAIMS_DIR).iterdir())) <= 1
    claims.release_all()


def test_two_documents_on_one_byte_stay_claimed_until_both_are_released(tmp_path: Path) -> None:
    """Hashes that agree in their first 60 bits lock the same byte: releasing one keeps the other claimed."""
    one, two = "f" * 15 + "0" * 49, "f" * 15 + "1" * 49
    mine, other = Claims(tmp_path), Claims(tmp_path)
    assert mine.try_claim(one) and mine.try_claim(two)
    mine.release(one)
    assert not other.try_claim(two)
    mine.release(two)
    assert other.try_claim(two)
    other.release_all()
