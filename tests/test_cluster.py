"""Rendering on a Dask cluster: the same bytes as a local build, with workers that share no folder with it."""

from __future__ import annotations

import csv
import pickle
import re
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import pytest

from outreach.errors import BuildError, UsageError
from outreach.paths import builtin_root, sample_kit_dir
from outreach.render.cluster import (
    PLACEHOLDER,
    SHIPPED,
    ClusterExecutor,
    bundle_of,
    connect,
    portable,
    render_on_worker,
    run_on_worker,
    stack,
)
from outreach.render.task import Checks, Expectation, RenderTask, RunSheetTask
from outreach.render.workers import render_task

distributed = pytest.importorskip("distributed")

PLACES = ["northside-clinic"]
"""A poster, a tear-off poster, wallet cards and their sheet, in English and Spanish."""


def manifest(out: Path) -> dict[str, str]:
    with (out / "manifest.csv").open(encoding="utf-8") as f:
        return {row["file"]: row["sha256"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


@pytest.mark.render
def test_a_cluster_build_makes_the_same_bytes_as_a_local_one(run, tmp_path, cluster):
    local, remote = tmp_path / "local", tmp_path / "cluster"
    places = [arg for place in PLACES for arg in ("--location", place)]
    assert run("build", "-o", local, *places, "--jobs", "1").exit_code == 0
    result = run("build", "-o", remote, *places, "--cluster", cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    made = manifest(remote)
    assert made == manifest(local) and len(made) >= 8
    printed = sorted(p.relative_to(local).as_posix() for p in (local / "print").rglob("*.pdf"))
    assert "print/run-sheet.north.pdf" in printed  # the run sheet, rendered on the cluster too
    for name in [*made, *printed, "print.json"]:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    # the workers rendered it, not this process: each has a copy of the bundle in its own folder
    with distributed.Client(cluster) as client:
        copies = client.run(lambda dask_worker: sorted(p.name for p in Path(dask_worker.local_directory).iterdir()))
    assert len(copies) == 2 and all(any(n.startswith("outreach-bundle-") for n in names) for names in copies.values())


def test_a_task_carries_no_folder_of_this_machine():
    root = str(builtin_root())
    task = RenderTask(
        f'<img src="{Path(root).as_uri()}/assets/logo.png"><link href="{sample_kit_dir().as_uri()}/x.css">',
        Path(root).as_uri() + "/",
        (str(sample_kit_dir()), root),
        "",
        "a label",
        Checks(Expectation(1, {}), "en", 16.0, False),
    )
    moved = portable(task)
    assert (
        root not in moved.html
        and root not in moved.base_url
        and moved.roots == ("outreach-root-0:", "outreach-root-1:")
    )
    assert PLACEHOLDER.format(0) + "/x.css" in moved.html  # the kit is inside the built-in folder: longest first


def test_a_run_sheet_goes_to_a_worker_as_a_portable_task(tmp_path):
    kit, builtin = tmp_path / "kit", tmp_path / "builtin"
    (kit / "assets").mkdir(parents=True)
    (kit / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    builtin.mkdir()
    task = RunSheetTask(
        f'<img src="{kit.as_uri()}/assets/logo.svg">', builtin.as_uri() + "/", (str(kit), str(builtin)), "", "a", "en"
    )
    sent: list = []

    class Client:
        def scatter(self, bundle, **options):
            return bundle

        def submit(self, fn, *args, **options):
            sent.append((fn, args))
            return Future()  # never done: only what is sent matters here

    ClusterExecutor(Client()).submit(render_task, task)
    [(fn, (moved, bundle, _))] = sent
    assert fn is render_on_worker and set(bundle.files) == {"0/assets/logo.svg"}
    assert moved == replace(
        task,
        html='<img src="outreach-root-0:/assets/logo.svg">',
        base_url="outreach-root-1:/",
        roots=("outreach-root-0:", "outreach-root-1:"),
    )


def test_the_bundle_holds_only_what_rendering_may_read(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "secret-shelter.yaml").write_text("address: 1 Hidden Lane", encoding="utf-8")
    (tmp_path / "locales" / "so").mkdir(parents=True)
    (tmp_path / "locales" / "so" / "messages.po").write_text('msgid ""', encoding="utf-8")
    bundle = bundle_of((str(tmp_path),))
    assert set(bundle.files) == {"0/assets/logo.svg"}
    assert all(Path(name).suffix in SHIPPED for name in bundle_of((str(builtin_root()),)).files)
    assert bundle_of((str(tmp_path),)).digest == bundle.digest


def test_a_worker_with_another_outreach_refuses_the_task():
    task = RenderTask(
        "<p>x</p>",
        "outreach-root-0:/",
        ("outreach-root-0:",),
        "",
        "library: poster",
        Checks(Expectation(1, {}), "en", 16.0, False),
    )
    result = render_on_worker(task, replace(bundle_of(()), files={}), "outreach 0.0.1")
    assert result.error and "the cluster's worker has outreach " in result.error[0]
    assert "the build has outreach 0.0.1" in result.error[0]


def test_a_worker_with_another_pikepdf_refuses_to_put_a_bundle_together():
    """A print bundle's bytes are keyed with the build's pikepdf: a worker with another one says so."""
    assert "pikepdf " in stack()
    assert run_on_worker(sorted, stack(), [2, 1]) == [1, 2]
    other = re.sub(r"pikepdf [^,]+", "pikepdf 0.0.1", stack())
    with pytest.raises(
        BuildError, match=r"the cluster's worker has .*pikepdf (?!0\.0\.1).*; the build has .*pikepdf 0\.0\.1"
    ):
        run_on_worker(sorted, other, [2, 1])
    try:
        run_on_worker(sorted, other, [2, 1])
    except BuildError as refused:  # as it comes back from a worker
        back = pickle.loads(pickle.dumps(refused))
        assert (back.message, back.hint) == (refused.message, refused.hint) and "same versions" in back.hint


def test_an_unreachable_cluster_is_a_usage_error():
    with pytest.raises(UsageError, match=re.escape("cannot reach a Dask scheduler at tcp://127.0.0.1:9")):
        connect("tcp://127.0.0.1:9", timeout=1)
