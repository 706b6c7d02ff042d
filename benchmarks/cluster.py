"""Benchmark: what rendering on a Dask cluster costs per distinct document, against the local process pool.

    .venv/bin/python benchmarks/cluster.py                  # the sample kit, cold, 2 workers each way
    .venv/bin/python benchmarks/cluster.py --locations 40   # a statewide-style kit of 40 locations

Both builds run on this machine with the same number of worker processes: a
`LocalCluster` (2 processes, 1 thread each, on 127.0.0.1) against `--jobs 2`.
The difference is the cluster's own cost (sending the bundle, scheduling,
moving the PDFs back); a real cluster pays off when its extra machines render
more documents at once than that cost takes away. The outputs are compared
byte for byte.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))

from statewide_kit import write_kit  # noqa: E402


def timed_build(kit: Path | None, out: Path, jobs: int, executor=None) -> tuple[float, int, dict[str, bytes]]:
    from outreach import build

    start = time.perf_counter()
    report = build(kit, out, jobs=jobs, executor=executor)
    seconds = time.perf_counter() - start
    files = {d.job.file: (out / d.job.file).read_bytes() for d in report.documents}
    return seconds, report.rendered, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--locations", type=int, default=0, help="a statewide-style kit of this many (0: the sample kit)"
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import distributed

    from outreach.render.cluster import ClusterExecutor, bundle_of

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        kit = None
        if args.locations:
            kit = root / "kit"
            write_kit(kit, args.locations)
        local_s, rendered, local_files = timed_build(kit, root / "local", args.workers)
        start = time.perf_counter()
        with (
            distributed.LocalCluster(
                n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            started = time.perf_counter() - start
            executor = ClusterExecutor(client)
            cluster_s, _, cluster_files = timed_build(kit, root / "cluster", args.workers, executor)
        from outreach.paths import builtin_root, sample_kit_dir

        bundle = bundle_of((str(kit or sample_kit_dir()), str(builtin_root())))
        size = sum(len(data) for data in bundle.files.values())
        same = local_files == cluster_files
        print(f"kit: {'sample' if not kit else f'{args.locations} locations'}; {rendered} distinct documents rendered")
        print(f"bundle sent to each worker: {len(bundle.files)} files, {size / 2**20:.1f} MB")
        print(f"cluster start (not counted below): {started:.1f} s")
        print(f"local pool, {args.workers} processes: {local_s:.1f} s ({1000 * local_s / rendered:.0f} ms a document)")
        print(f"cluster, {args.workers} workers: {cluster_s:.1f} s ({1000 * cluster_s / rendered:.0f} ms a document)")
        print(
            f"ratio cluster / local: {cluster_s / local_s:.2f}; "
            f"cost per distinct document: {1000 * (cluster_s - local_s) / rendered:+.0f} ms"
        )
        print(f"byte-identical outputs: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
