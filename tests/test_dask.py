"""The Dask engine: the same per-file function on a LocalCluster gives the tables of a local run."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.errors import EngineError
from pipeline.run import run
from pipeline.schema import TABLES

distributed = pytest.importorskip("distributed")


def _sorted(frame):
    key = ["article_id"] + [c for c in ("char_start", "char_end", "award_id", "name", "text") if c in frame.columns]
    return frame.sort_values(key, kind="stable").reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.parametrize("n_workers", [2])
def test_dask_local_cluster_tables_equal_a_local_run(corpus_outputs, corpus_dir, tmp_path, settings, n_workers):
    with distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = run(corpus_dir, tmp_path / "dask", settings.with_(engine="dask", scheduler=cluster.scheduler_address,
                                                                    layout="dataset"), progress=False)
    assert summary.manifest["engine"].startswith("dask tcp://")
    for table in TABLES:
        local = _sorted(pd.read_parquet(corpus_outputs / f"{table}.parquet"))
        pd.testing.assert_frame_equal(_sorted(pd.read_parquet(tmp_path / "dask" / table)), local, obj=table)


@pytest.mark.slow  # the client retries until its 20 s timeout
@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9"])
def test_dask_unreachable_scheduler_says_what_to_do(corpus_dir, tmp_path, settings, address):
    with pytest.raises(EngineError, match="--scheduler"):
        run(corpus_dir, tmp_path / "out", settings.with_(engine="dask", scheduler=address), progress=False)
