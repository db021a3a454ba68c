# The numpy/scipy/pandas baseline of `npm run bench -- drift`: the same files, the same tests as
# `mlops drift` chooses them (Evidently's defaults): numeric columns with more than 5 distinct
# values get KS (reference of at most 1,000 values) or the Wasserstein distance over the
# reference's std (drift at >= 0.1); other columns chi-square / Z (small) or the Jensen-Shannon
# distance of their category shares (drift at >= 0.1). Prints one JSON line.
# Usage: python3 bench/drift_baseline.py REFERENCE.csv CURRENT.csv
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def column_drift(reference, current):
    reference, current = reference.dropna(), current.dropna()
    small = len(reference) <= 1000
    numeric = pd.api.types.is_numeric_dtype(reference) and pd.api.types.is_numeric_dtype(current)
    if numeric and pd.concat([reference, current]).nunique() > 5:
        if small:
            return 'ks', stats.ks_2samp(reference, current).pvalue <= 0.05
        return 'wasserstein', stats.wasserstein_distance(reference, current) / max(np.std(reference), 0.001) >= 0.1
    keys = sorted(set(reference.astype(str).unique()) | set(current.astype(str).unique()))
    ref_counts = reference.astype(str).value_counts().reindex(keys, fill_value=0).to_numpy(float)
    cur_counts = current.astype(str).value_counts().reindex(keys, fill_value=0).to_numpy(float)
    if small:
        table = np.array([ref_counts, cur_counts])
        return 'chi2', stats.chi2_contingency(table[:, table.sum(axis=0) > 0])[1] < 0.05
    return 'jensenshannon', distance.jensenshannon(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum()) >= 0.1


def main():
    reference_path, current_path = sys.argv[1:3]
    start = time.perf_counter()
    reference = pd.read_csv(reference_path)
    current = pd.read_csv(current_path)
    results = {column: column_drift(reference[column], current[column]) for column in reference.columns}
    ms = (time.perf_counter() - start) * 1000
    drifted = [column for column, (_, drift) in results.items() if drift]
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'ms': ms, 'maxRssMb': max_rss_mb, 'drifted': drifted, 'tests': {c: t for c, (t, _) in results.items()}}))


main()
