"""The validation bench's reference: what `mlops validate` does, with pandas and numpy.

Reads the CSV with pandas, scores the logistic model with numpy, computes the same metrics
(accuracy, per-class precision/recall/F1, confusion matrix, log loss, ROC AUC with tied ranks
averaged) and the file's md5; prints one JSON line with the wall time after the imports, the CPU
time and the peak RSS.
Usage: python3 bench/validation_pandas.py DATA.csv WEIGHTS_JSON BIAS
"""
import hashlib
import json
import resource
import sys
import time

import numpy as np
import pandas as pd


def md5_of(path):
    digest = hashlib.md5()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def roc_auc(y, score):
    """Mann-Whitney: ranks with ties averaged, as sklearn's roc_auc_score equals."""
    _, inverse, counts = np.unique(score, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = (ends - (counts - 1) / 2.0)[inverse]
    positives = y == 1
    n1 = int(positives.sum())
    n0 = len(y) - n1
    return (ranks[positives].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0)


def main():
    path, weights, bias = sys.argv[1], np.array(json.loads(sys.argv[2]), dtype=np.float32), np.float32(sys.argv[3])
    t0, cpu0 = time.perf_counter(), time.process_time()
    md5 = md5_of(path)
    frame = pd.read_csv(path)
    features = frame[[f'f{i}' for i in range(len(weights))]].to_numpy(dtype=np.float32)
    y = frame['label'].to_numpy()
    p1 = 1.0 / (1.0 + np.exp(-(features @ weights + bias)))
    probabilities = np.column_stack([1.0 - p1, p1])
    predicted = probabilities.argmax(axis=1)
    labels = np.unique(np.concatenate([y, predicted]))
    index_true, index_pred = np.searchsorted(labels, y), np.searchsorted(labels, predicted)
    confusion = np.bincount(index_true * len(labels) + index_pred, minlength=len(labels) ** 2).reshape(len(labels), len(labels))
    tp = np.diag(confusion).astype(float)
    with np.errstate(divide='ignore', invalid='ignore'):
        precision = np.nan_to_num(tp / confusion.sum(axis=0))
        recall = np.nan_to_num(tp / confusion.sum(axis=1))
        f1 = np.nan_to_num(2 * tp / (confusion.sum(axis=0) + confusion.sum(axis=1)))
    eps = np.finfo(np.float64).eps
    log_loss = -np.mean(np.log(np.clip(probabilities.astype(np.float64)[np.arange(len(y)), y], eps, 1 - eps)))
    metrics = {
        'rows': len(y),
        'accuracy': float(tp.sum() / len(y)),
        'precision': float(precision.mean()),
        'recall': float(recall.mean()),
        'f1': float(f1.mean()),
        'logLoss': float(log_loss),
        'rocAuc': float(roc_auc(y, probabilities[:, 1].astype(np.float64))),
        'md5': md5,
    }
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - cpu0) * 1000
    print(json.dumps({**metrics, 'ms': ms, 'cpuMs': cpu_ms, 'maxRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


main()
