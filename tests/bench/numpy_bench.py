"""numpy_bench.py: the NumPy side of `make bench`: full-batch cross-entropy updates per second.

The loop is the one a NumPy notebook would write for one sigmoid neuron:
    z = X @ w + b; a = 1/(1+exp(-z)); grad = X.T @ (a - y) / n; w -= eta*grad (and b likewise).
Usage: python3 numpy_bench.py RUNS SECONDS NAME=NxK...   (NAME=and is the 4-row AND gate)
Prints one line per dataset: "NAME UPDATES_PER_SECOND", the median of RUNS timed runs.
"""
import sys
import time

import numpy as np


def make(spec, seed):
    """The dataset for spec 'and' or 'NxK': inputs N(0,1), targets from a fixed random plane."""
    if spec == "and":
        X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        y = np.array([0.0, 0.0, 0.0, 1.0])
        return X, y
    n, k = (int(v) for v in spec.split("x"))
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, k))
    w_true = rng.standard_normal(k)
    y = (X @ w_true + 0.5 * rng.standard_normal(n) > 0).astype(np.float64)
    return X, y


def timed(X, y, steps, eta=0.5):
    """Seconds for `steps` full-batch updates from zero parameters."""
    n, k = X.shape
    w = np.zeros(k)
    b = 0.0
    t0 = time.perf_counter()
    for _ in range(steps):
        z = X @ w + b
        a = 1.0 / (1.0 + np.exp(-z))
        d = a - y
        grad_w = X.T @ d / n
        grad_b = d.sum() / n
        w -= eta * grad_w
        b -= eta * grad_b
    return time.perf_counter() - t0


def rate(X, y, runs, seconds):
    """Median updates per second over `runs` runs of about `seconds` each."""
    steps = 1
    while True:
        t = timed(X, y, steps)
        if t >= seconds / 4 or steps >= 1 << 30:
            break
        steps *= 4 if t < seconds / 32 else 2
    steps = max(1, int(steps * seconds / max(t, 1e-9)))
    rates = sorted(steps / timed(X, y, steps) for _ in range(runs))
    return rates[len(rates) // 2]


def main(argv):
    runs, seconds = int(argv[1]), float(argv[2])
    np.seterr(over="ignore")
    for spec in argv[3:]:
        X, y = make(spec, 42)
        print(f"{spec} {rate(X, y, runs, seconds):.6g}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
