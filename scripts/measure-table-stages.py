"""The scikit-learn side of scripts/measure-table-stages.ts: the same CSV read by pandas, split
by train_test_split (stratified, 25 % test) and standardised by StandardScaler (fit on train,
transform both), each stage's wall and CPU seconds and the peak RSS.

    /usr/bin/python3 scripts/measure-table-stages.py FILE.csv
"""
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def timed(label, run):
    wall, cpu = time.perf_counter(), time.process_time()
    value = run()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:6} {time.perf_counter() - wall:.3f} s wall, {time.process_time() - cpu:.3f} s CPU   peak RSS so far {peak:.0f} MB")
    return value


path = sys.argv[1]
frame = timed("parse", lambda: pd.read_csv(path))
label = frame.columns[-1]
X = frame.drop(columns=[label]).to_numpy(dtype=np.float32)
y = frame[label].to_numpy()
X_train, X_test, y_train, y_test = timed("split", lambda: train_test_split(X, y, test_size=0.25, random_state=0, stratify=y))


def scale():
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)


timed("scale", scale)
print(f"{len(frame)} rows × {X.shape[1]} columns; X as float32 {X.nbytes / 2**20:.0f} MB")
