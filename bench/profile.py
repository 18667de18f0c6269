"""A profile of `stocksync serve` under the hot-SKU load: wrk with bench/wrk/reserve.lua
against a scratch PostgreSQL database, py-spy sampling the HTTP process meanwhile; writes the
top 30 frames (by own time and by total time) as text, for bench/profiles/.

    python -m bench.profile --out bench/profiles/NAME.txt [--seconds 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.scratch import database
from bench.server import BIN, ROOT, nats_server, service
from bench.token import HEADERS, TOKEN

UNITS = 10_000_000  # far more than any run reserves: every reservation is accepted
# Frames every sample passes through (start-up, threads, the loop): left out of the totals.
SCAFFOLD = ("threading.py", "runners.py", "typer/", "uvicorn/main.py", "uvicorn/server.py")
SCAFFOLD += ("uvicorn/_compat.py", "(stocksync:", "interfaces/cli/", "base_events.py", "events.py")


def main() -> None:
    """Parse the arguments, run the load, write the profile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stocksync-profile-") as tmp:
        stacks, load = run(Path(tmp), args.seconds, args.connections)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(stacks, load, args.seconds, args.connections))
    print(args.out.read_text())


def run(tmp: Path, seconds: int, connections: int) -> tuple[Counter[str], str]:
    """The sampled stacks of the HTTP process, and wrk's own summary with the CPU time of the
    service's processes (HTTP and views) over the whole load."""
    with (
        database("postgres", "profile") as url,
        nats_server(tmp) as nats,
        service(tmp, url, nats) as server,
    ):
        assert server.process is not None
        receipt = {"quantity": UNITS, "reference": "PO-PROFILE"}
        stock = f"{server.url}/v1/stock/L0/SKU-0/receipts"
        httpx.post(stock, json=receipt, headers=HEADERS).raise_for_status()
        script = ROOT / "bench" / "wrk" / "reserve.lua"
        load_args = ["-t1", f"-c{connections}", f"-d{seconds + 2}s", "-s", str(script)]
        run_args = [server.url, "--", f"p{time.time_ns()}", "1", "1", TOKEN]
        pids = [server.process.pid, *children(server.process.pid)]
        cpu = cpu_seconds(pids)
        wrk = subprocess.Popen(["wrk", *load_args, *run_args], stdout=subprocess.PIPE, text=True)
        time.sleep(1.0)  # past the connections' warm-up
        raw = tmp / "profile.raw"
        spy = [str(BIN / "py-spy"), "record", "--pid", str(server.process.pid), "--gil"]
        spy += ["--rate", "200", "--duration", str(seconds), "--format", "raw"]
        subprocess.run([*spy, "--output", str(raw)], check=True, capture_output=True)
        load, _ = wrk.communicate()
        cpu = cpu_seconds(pids) - cpu
    load += f"\nCPU of the service's processes (HTTP and views) over the load: {cpu:.2f} s"
    return collapsed(raw.read_text()), load


def children(pid: int) -> list[int]:
    """The process's children (the views process), from /proc."""
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def cpu_seconds(pids: list[int]) -> float:
    """User plus system time of these processes so far, from /proc/PID/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def collapsed(text: str) -> Counter[str]:
    """py-spy's raw output: each distinct stack with its sample count."""
    stacks: Counter[str] = Counter()
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            stacks[stack] += int(count)
    return stacks


def report(stacks: Counter[str], load: str, seconds: int, connections: int) -> str:
    """The top 30 frames by own samples and by total samples, with how it was taken."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for stack, count in stacks.items():
        frames = [_function(frame) for frame in stack.split(";")]
        own[frames[-1]] += count
        for frame in set(frames):
            if not any(part in frame for part in SCAFFOLD):
                total[frame] += count
    samples = sum(stacks.values()) or 1
    lines = [
        "# py-spy record --gil --rate 200 of `stocksync serve` (the HTTP process): samples of",
        "# the thread holding the GIL, i.e. where the process spends its Python time",
        f"# under wrk -t1 -c{connections} with bench/wrk/reserve.lua (one hot SKU), "
        f"{seconds} s, PostgreSQL",
        f"# machine: {os.uname().nodename}, load average {os.getloadavg()} (shared machine)",
        f"# {samples} samples",
        "",
        "## wrk",
        load.strip(),
        "",
        "## top 30 functions by own samples",
        *_table(own, samples),
        "",
        "## top 30 functions by total samples (without start-up, thread and loop frames)",
        *_table(total, samples),
    ]
    return "\n".join(lines) + "\n"


def _function(frame: str) -> str:
    # "name (path/file.py:123)" -> "name (path/file.py)": samples add up per function.
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rpartition(':')[0] or where.rstrip(')')})"


def _table(counts: Counter[str], samples: int) -> list[str]:
    return [f"{100 * n / samples:6.2f}%  {frame}" for frame, n in counts.most_common(30)]


if __name__ == "__main__":
    main()
