"""numpy_net_bench.py: the NumPy side of `make bench` for networks: seconds per epoch, written both ways.

"book": the structure of Nielsen's network.py: for each mini-batch, backpropagation one example at a
        time (column vectors), the gradients summed, then w -= eta/m * sum.
"matrix": the whole mini-batch as one matrix product per layer.
Sigmoid hidden layers; sigmoid outputs with cross-entropy (delta^L = a - y) or softmax with the
log-likelihood (delta^L = a - y).
Usage: python3 numpy_net_bench.py RUNS SECONDS CASE...
  CASE = NAME:FORM:FILE:SIZES:OUT:BATCH   e.g. digits:matrix:datasets/digits.csv:64-30-10:sigmoid:10
  FILE is a CSV with a header, the inputs then a class label in the last column, or "xor";
  BATCH 0 means the full batch.
Prints one line per case: "NAME FORM SECONDS_PER_EPOCH", the median of RUNS timed runs.
"""
import sys
import time

import numpy as np


def load(path):
    """Inputs (n x k) and one-hot targets (n x classes) from a CSV whose last column is a class label."""
    if path == "xor":
        X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        return X, np.array([[0.0], [1.0], [1.0], [0.0]])
    rows, labels = [], []
    with open(path) as f:
        header = True
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if header:
                header = False
                continue
            cells = line.split(",")
            rows.append([float(v) for v in cells[:-1]])
            labels.append(cells[-1])
    names = sorted(set(labels), key=labels.index)
    Y = np.zeros((len(rows), len(names)))
    for i, lab in enumerate(labels):
        Y[i, names.index(lab)] = 1.0
    X = np.array(rows)
    return X / max(1.0, np.abs(X).max()), Y


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax_cols(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def init(sizes, seed):
    rng = np.random.default_rng(seed)
    ws = [rng.standard_normal((o, i)) / np.sqrt(i) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [rng.standard_normal((o, 1)) for o in sizes[1:]]
    return ws, bs


def backprop(ws, bs, x, y, softmax):
    """network.py's backprop for one example (column vectors)."""
    act, acts, zs = x, [x], []
    for l, (w, b) in enumerate(zip(ws, bs)):
        z = w @ act + b
        zs.append(z)
        act = softmax_cols(z) if softmax and l == len(ws) - 1 else sigmoid(z)
        acts.append(act)
    nb = [None] * len(ws)
    nw = [None] * len(ws)
    delta = acts[-1] - y
    nb[-1] = delta
    nw[-1] = delta @ acts[-2].T
    for l in range(2, len(ws) + 1):
        sp = sigmoid(zs[-l]) * (1 - sigmoid(zs[-l]))
        delta = (ws[-l + 1].T @ delta) * sp
        nb[-l] = delta
        nw[-l] = delta @ acts[-l - 1].T
    return nb, nw


def epoch_book(ws, bs, X, Y, batch, eta, softmax, order):
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        gb = [np.zeros(b.shape) for b in bs]
        gw = [np.zeros(w.shape) for w in ws]
        for i in idx:
            db, dw = backprop(ws, bs, X[i].reshape(-1, 1), Y[i].reshape(-1, 1), softmax)
            gb = [a + d for a, d in zip(gb, db)]
            gw = [a + d for a, d in zip(gw, dw)]
        m = len(idx)
        for l in range(len(ws)):
            ws[l] -= (eta / m) * gw[l]
            bs[l] -= (eta / m) * gb[l]


def epoch_matrix(ws, bs, X, Y, batch, eta, softmax, order):
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        A = X[idx].T
        acts, zs = [A], []
        for l, (w, b) in enumerate(zip(ws, bs)):
            Z = w @ A + b
            zs.append(Z)
            A = softmax_cols(Z) if softmax and l == len(ws) - 1 else sigmoid(Z)
            acts.append(A)
        m = len(idx)
        delta = acts[-1] - Y[idx].T
        for l in range(len(ws) - 1, -1, -1):
            gw = delta @ acts[l].T
            gb = delta.sum(axis=1, keepdims=True)
            if l > 0:
                s_ = acts[l]
                delta = (ws[l].T @ delta) * (s_ * (1 - s_))
            ws[l] -= (eta / m) * gw
            bs[l] -= (eta / m) * gb


def timed(form, X, Y, sizes, softmax, batch, epochs, seed=1):
    ws, bs = init(sizes, seed)
    rng = np.random.default_rng(seed)
    n = len(X)
    m = batch if batch > 0 else n
    run = epoch_book if form == "book" else epoch_matrix
    orders = [rng.permutation(n) if batch > 0 else np.arange(n) for _ in range(min(epochs, 8))]
    t0 = time.perf_counter()
    for e in range(epochs):
        run(ws, bs, X, Y, m, 0.5, softmax, orders[e % len(orders)])
    return time.perf_counter() - t0


def per_epoch(form, X, Y, sizes, softmax, batch, runs, seconds):
    """Median seconds per epoch over `runs` runs of about `seconds` each."""
    epochs = 1
    while True:
        t = timed(form, X, Y, sizes, softmax, batch, epochs)
        if t >= seconds / 4 or epochs >= 1 << 24:
            break
        epochs *= 4 if t < seconds / 32 else 2
    epochs = max(1, int(epochs * seconds / max(t, 1e-9)))
    times = sorted(timed(form, X, Y, sizes, softmax, batch, epochs) / epochs for _ in range(runs))
    return times[len(times) // 2]


def main(argv):
    runs, seconds = int(argv[1]), float(argv[2])
    np.seterr(over="ignore")
    for case in argv[3:]:
        name, form, path, sizes, out, batch = case.split(":")
        X, Y = load(path)
        sizes = [int(v) for v in sizes.split("-")]
        if sizes[-1] != Y.shape[1] and not (sizes[-1] == 1 and Y.shape[1] == 1):
            raise SystemExit(f"{case}: {Y.shape[1]} classes in {path}, {sizes[-1]} outputs")
        t = per_epoch(form, X, Y, sizes, out == "softmax", int(batch), runs, seconds)
        print(f"{name} {form} {t:.6g}", flush=True)


if __name__ == "__main__":
    main(sys.argv)
