"""The scikit-learn peer of `npm run bench` (bench/sklearn-peer.ts writes the job and reads the answer).

Usage: /usr/bin/python3 bench/sklearn_peer.py JOB.json   (writes the JSON answer to job["out"])

Job fields (each optional):
  vectorize: {texts: path of UTF-8 documents, one per line; settings: HashingVectorizer's arguments}
    -> times HashingVectorizer(**settings).transform(texts) and returns checksums of the matrix
       (nnz, sums of the column indices and values) so the caller can tell whether the buckets
       are the same as Descent's.
  fit: {dataset: bench/dataset-files.ts's meta, epochs, configs: [SGDClassifier arguments]}
    -> one SGDClassifier(loss="hinge", shuffle=False, tol=None, **config) per configuration,
       fed the rows in Descent's order of each epoch (orders.u32, replayed: sklearn's own
       shuffle is off). The epochs' rows are stacked and given to partial_fit in one call —
       step for step the same run as `epochs` passes (t keeps counting), with sklearn's
       per-call overhead (validation, set-up: about 2 ms) paid once as a user's fit() pays
       it. One call is also the only exact way for averaged SGD: sklearn 1.2's partial_fit
       does not carry the plain (non-averaged) intercept from one call to the next when
       averaging. Where the stacked rows exceed STACK_BYTES, plain SGD takes several calls of
       as many epochs as fit; averaged SGD is refused. The stacked copy is made outside the
       timing, once for every configuration; only the partial_fit calls are timed. The matrix
       is float64 before timing starts (SGDClassifier would convert float32 inside every call).
    The same configurations are then also timed as a user runs them: fit(X, y) with
    scikit-learn's own shuffle (shuffle=True, random_state=seed, max_iter=epochs, tol=None) on X
    as it is. Its rows are visited at random places in memory, where the replay above reads its
    stacked copy front to back; the two times bracket scikit-learn's speed on this data. Its
    order differs from Descent's, so its accuracies agree only within the usual noise.
The answer: {sklearn, numpy, python, vectorize?: {...},
             fit?: {ms_total, fraction_done, ms_per_config, accuracies, epochs_per_call,
                    stacked_bytes, own_shuffle: {ms_total, fraction_done, accuracies}},
             peak_rss_bytes}
(the peak includes the stacked copy, stacked_bytes). With limit_seconds, no configuration is
started once the timed fits passed it (several calls per run: no call), and fraction_done < 1
says how much was done in ms_total.
Runs single-threaded (the caller sets OMP/BLAS threads to 1; plain SGD is one thread anyway).
"""

import json
import os
import platform
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier

STACK_BYTES = 2 << 30


def read(meta, name, dtype):
    return np.fromfile(os.path.join(meta["dir"], name), dtype=dtype)


def load(meta):
    """X (float64, dense C-order or CSR with int32 indices) and y (int64 ±1) from the dataset files."""
    rows, features = meta["rows"], meta["features"]
    y = read(meta, "y.i8", np.int8).astype(np.int64)
    if meta["format"] == "dense":
        x = read(meta, "x.f32", np.float32).astype(np.float64).reshape(rows, features)
    else:
        indptr = read(meta, "indptr.u32", np.uint32).astype(np.int32)
        indices = read(meta, "indices.u32", np.uint32).astype(np.int32)
        values = read(meta, "values.f32", np.float32).astype(np.float64)
        x = sp.csr_matrix((values, indices, indptr), shape=(rows, features))
    if len(y) != rows:
        raise SystemExit(f"{meta['id']}: {len(y)} labels for {rows} rows")
    return x, y


def vectorize(spec):
    with open(spec["texts"], encoding="utf-8") as handle:
        texts = handle.read().split("\n")
    settings = dict(spec["settings"])
    settings["ngram_range"] = tuple(settings["ngram_range"])
    vectorizer = HashingVectorizer(**settings)
    started = time.perf_counter()
    x = vectorizer.transform(texts)
    ms = (time.perf_counter() - started) * 1000
    x.sort_indices()
    indices = x.indices.astype(np.int64)
    return {
        "ms": ms,
        "rows": x.shape[0],
        "nnz": int(x.nnz),
        "indices_sum": int(indices.sum()),
        "values_sum": float(x.data.sum()),
        "weighted_sum": float((x.data * indices).sum()),
    }


def stored_bytes(x):
    return x.data.nbytes + x.indices.nbytes + x.indptr.nbytes if sp.issparse(x) else x.nbytes


def fit(spec):
    meta = spec["dataset"]
    x, y = load(meta)
    epochs = spec["epochs"]
    if meta["orderEpochs"] < epochs:
        raise SystemExit(f"{meta['id']}: orders for {meta['orderEpochs']} epochs, {epochs} needed")
    orders = read(meta, "orders.u32", np.uint32).astype(np.int64).reshape(meta["orderEpochs"], meta["rows"])
    classes = np.array([-1, 1])
    # One tiny fit first, outside the timing: the first call into the Cython code loads it.
    SGDClassifier(loss="hinge", max_iter=1, tol=None).fit(x[:8], np.resize(classes, 8))
    models = [SGDClassifier(loss="hinge", shuffle=False, tol=None, **config) for config in spec["configs"]]
    seconds = [0.0] * len(models)
    stacked = 0
    limit = spec.get("limit_seconds")
    group = max(1, min(epochs, STACK_BYTES // max(1, stored_bytes(x))))
    if group < epochs and any(config.get("average") for config in spec["configs"]):
        raise SystemExit(f"{meta['id']}: averaged SGD needs all {epochs} epochs in one partial_fit call, and they exceed {STACK_BYTES} bytes")
    trained = len(models)
    epochs_done = 0
    for first in range(0, epochs, group):
        rows = orders[first : min(epochs, first + group)].reshape(-1)
        x_part, y_part = x[rows], y[rows]
        stacked = max(stacked, stored_bytes(x_part))
        for k, model in enumerate(models):
            # The cap, as the Descent columns have theirs: no configuration starts past it.
            if limit is not None and group == epochs and sum(seconds) > limit:
                trained = k
                break
            started = time.perf_counter()
            model.partial_fit(x_part, y_part, classes=classes)
            seconds[k] += time.perf_counter() - started
        del x_part, y_part
        epochs_done = min(epochs, first + group)
        if limit is not None and epochs_done < epochs and sum(seconds) > limit:
            break
    fraction = trained / len(models) if group == epochs else epochs_done / epochs
    own = own_shuffle(x, y, spec["configs"], epochs, limit)
    return {
        "own_shuffle": own,
        "ms_total": sum(seconds) * 1000,
        "fraction_done": fraction,
        "ms_per_config": [s * 1000 for s in seconds[:trained]],
        "accuracies": [100 * float(model.score(x, y)) for model in models[:trained]] if fraction == 1 else [],
        "epochs_per_call": group,
        "stacked_bytes": stacked,
    }


def own_shuffle(x, y, configs, epochs, limit):
    """fit(X, y) as a user calls it: scikit-learn's own shuffle each epoch, X as it is."""
    seconds = 0.0
    models = []
    for config in configs:
        if limit is not None and seconds > limit:
            break
        model = SGDClassifier(loss="hinge", shuffle=True, random_state=7, max_iter=epochs, tol=None, **config)
        started = time.perf_counter()
        model.fit(x, y)
        seconds += time.perf_counter() - started
        models.append(model)
    fraction = len(models) / len(configs)
    return {
        "ms_total": seconds * 1000,
        "fraction_done": fraction,
        "accuracies": [100 * float(model.score(x, y)) for model in models] if fraction == 1 else [],
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    answer = {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": platform.python_version()}
    if job.get("vectorize"):
        answer["vectorize"] = vectorize(job["vectorize"])
    if job.get("fit"):
        answer["fit"] = fit(job["fit"])
    # ru_maxrss is in KiB on Linux: the peak of this process, data loading included.
    answer["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    with open(job["out"], "w", encoding="utf-8") as handle:
        json.dump(answer, handle)


if __name__ == "__main__":
    main()
