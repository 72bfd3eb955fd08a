#!/usr/bin/env python3
"""Probe: can stronger bag-of-features classifiers lift grouped-CV macro-F1?

Data: posts.jsonl + batch-3/4/5.jsonl only (1,173 posts).  Nothing else is read.
Grouped (by `source`) 5-fold CV, 5 random fold assignments (seeds 0..4).
Regularisation C (=1/lambda) for each model is chosen by an inner 3-fold grouped
CV on the outer-training part (nested); the outer-test score at *every* grid point
is also recorded for transparency (picking the max of those is optimistic).

Usage: python3 scripts/probes/model-family.py [--quick]   -> prints tables, writes model-family-results.json and the out-of-fold probabilities in the
current directory. Needs Python 3 with numpy and scipy (not part of `npm test`; a measurement, session 8).
Results and what they say: test/fixtures/corpus/README.md, "Model families (session 8)".
"""
import json, re, sys, time, math, os
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")   # 2 worker procs; BLAS threads oversubscribe badly otherwise
from collections import Counter
import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from multiprocessing import Pool

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "corpus")
FILES = ["posts.jsonl", "batch-3.jsonl", "batch-4.jsonl", "batch-5.jsonl"]  # ONLY these
LABELS = ["legislation", "network_protocol", "civic_recruiting", "other"]
K = len(LABELS)
N_OUTER, N_INNER, SEEDS = 5, 3, [0, 1, 2, 3, 4]
CHAR_CAP = 50000

# ---------------------------------------------------------------- data / text
def load():
    P = []
    for f in FILES:
        with open(os.path.join(CORPUS, f), encoding="utf-8") as fh:
            P += [json.loads(l) for l in fh if l.strip()]
    return P

FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
def fold(s):
    return s.lower().translate(FOLD)

TOK = re.compile(r"[^\W_]+", re.UNICODE)
def words(s):
    return TOK.findall(fold(s))

def char_wb(ws, lo=3, hi=5):
    c = Counter()
    for w in ws:
        w = " " + w + " "
        L = len(w)
        for n in range(lo, hi + 1):
            if L < n:
                # sklearn char_wb emits the whole padded word once if shorter than n
                if n == lo:
                    c[w] += 1
                break
            for i in range(L - n + 1):
                c[w[i:i + n]] += 1
    return c

def featurize(P):
    docs = []
    for p in P:
        ws = words(p["text"])
        uni = Counter(ws)
        bi = Counter(a + " " + b for a, b in zip(ws, ws[1:]))
        docs.append({"uni": uni, "bi": bi, "ch": char_wb(ws), "tag": fold(p["tag"])})
    return docs

# ---------------------------------------------------------------- folds
def group_folds(groups, idx, k, seed):
    """Assign indices idx to k folds so equal groups share a fold. Random, size-balanced."""
    rng = np.random.RandomState(seed)
    g2i = {}
    for i in idx:
        g2i.setdefault(groups[i], []).append(i)
    gs = list(g2i)
    rng.shuffle(gs)
    gs.sort(key=lambda g: -len(g2i[g]))  # stable: big groups first, random order within size
    sizes = [0] * k
    out = [[] for _ in range(k)]
    for g in gs:
        f = int(np.argmin(sizes + rng.rand(k) * 1e-3))
        out[f] += g2i[g]
        sizes[f] += len(g2i[g])
    return [np.array(sorted(o)) for o in out]

# ---------------------------------------------------------------- matrices
def build_vocab(docs, tr, field, min_df=2, cap=None):
    df = Counter()
    for i in tr:
        df.update(docs[i][field].keys())
    items = [(t, d) for t, d in df.items() if d >= min_df]
    if cap and len(items) > cap:
        items.sort(key=lambda x: (-x[1], x[0]))
        items = items[:cap]
    vocab = {t: j for j, (t, _) in enumerate(sorted(items))}
    return vocab, df

def to_csr(docs, rows, fields, vocab, mode):
    """mode: 'bin' (presence) or 'count' (raw counts)"""
    data, ind, ptr = [], [], [0]
    for i in rows:
        seen = Counter()
        for f in fields:
            for t, c in docs[i][f].items():
                j = vocab.get(t)
                if j is not None:
                    seen[j] += c
        for j, c in seen.items():
            ind.append(j); data.append(1.0 if mode == "bin" else float(c))
        ptr.append(len(ind))
    return sp.csr_matrix((np.array(data), np.array(ind, dtype=np.int64), np.array(ptr)),
                         shape=(len(rows), len(vocab)))

def l2norm_rows(X):
    n = np.sqrt(np.asarray(X.multiply(X).sum(1)).ravel()); n[n == 0] = 1
    return sp.diags(1 / n) @ X

def tag_block(docs, rows, tags):
    t2j = {t: j for j, t in enumerate(tags)}
    r = [k for k, i in enumerate(rows) if docs[i]["tag"] in t2j]
    c = [t2j[docs[rows[k]]["tag"]] for k in r]
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(rows), len(tags)))

def make_features(docs, tr, te, kind, tags):
    """returns Xtr, Xte (csr, tag one-hot appended), plus extras for NB models."""
    rows = np.concatenate([tr, te]); ntr = len(tr)
    blocks = []
    extra = {}
    if kind in ("w1", "w12", "w12n", "nb"):
        fields = ["uni"] if kind == "w1" else ["uni", "bi"]
        voc = {}
        for f in fields:
            v, _ = build_vocab(docs, tr, f)
            for t in v:
                voc[t] = len(voc)
        mode = "count" if kind == "nb" else "bin"
        X = to_csr(docs, rows, fields, voc, mode)
        if kind == "w12n":
            X = l2norm_rows(X)
        blocks.append(X)
    if kind in ("ch", "w12n+ch"):
        voc, df = build_vocab(docs, tr, "ch", cap=CHAR_CAP)
        X = to_csr(docs, rows, ["ch"], voc, "count")
        X.data = 1 + np.log(X.data)                          # sublinear tf
        dfv = np.zeros(len(voc))
        for t, j in voc.items():
            dfv[j] = df[t]
        idf = np.log((1 + ntr) / (1 + dfv)) + 1               # smooth idf, fit on train
        X = l2norm_rows(X @ sp.diags(idf))
        blocks.append(X)
    if kind == "w12n+ch":
        fields = ["uni", "bi"]; voc = {}
        for f in fields:
            v, _ = build_vocab(docs, tr, f)
            for t in v:
                voc[t] = len(voc)
        blocks.insert(0, l2norm_rows(to_csr(docs, rows, fields, voc, "bin")))
    blocks.append(tag_block(docs, rows, tags))
    X = sp.hstack(blocks).tocsr()
    return X[:ntr], X[ntr:]

# ---------------------------------------------------------------- models
def softmax(Z):
    Z = Z - Z.max(1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(1, keepdims=True)

def fit_lr(X, y, C, k=K, w0=None, maxiter=1000):
    """multinomial LR, loss = sum CE + ||W||^2/(2C); bias unpenalised; scipy L-BFGS."""
    n, d = X.shape
    Y = np.zeros((n, k)); Y[np.arange(n), y] = 1
    XT = X.T.tocsr()
    def fg(w):
        W = w[:d * k].reshape(d, k); b = w[d * k:]
        Z = X @ W + b
        Zm = Z.max(1, keepdims=True)
        lse = np.log(np.exp(Z - Zm).sum(1, keepdims=True)) + Zm
        loss = (lse.ravel() - (Z * Y).sum(1)).sum() + (W * W).sum() / (2 * C)
        G = np.exp(Z - lse) - Y
        gW = XT @ G + W / C
        return loss, np.concatenate([gW.ravel(), G.sum(0)])
    if w0 is None:
        w0 = np.zeros(d * k + k)
    r = minimize(fg, w0, jac=True, method="L-BFGS-B",
                 options={"maxiter": maxiter, "gtol": 1e-6, "ftol": 1e-10})
    return r.x

def predict_lr(w, X, k=K):
    d = X.shape[1]
    return softmax(X @ w[:d * k].reshape(d, k) + w[d * k:])

def nb_ratios(Xb, y, alpha=1.0):
    """Wang & Manning log-count ratio per class (one-vs-rest), binary features."""
    R = []
    for c in range(K):
        p = alpha + np.asarray(Xb[y == c].sum(0)).ravel()
        q = alpha + np.asarray(Xb[y != c].sum(0)).ravel()
        R.append(np.log((p / p.sum()) / (q / q.sum())))
    return R

# Grid of C per model (log-3 steps). Normalised-row models need larger C.
GRID_BIN = [0.03, 0.1, 0.3, 1, 3, 10, 30]
GRID_NORM = [1, 3, 10, 30, 100, 300, 1000]
GRID_NB = [0.01, 0.03, 0.1, 0.3, 1, 3, 10]
GRID_CNB = [0.01, 0.03, 0.1, 0.3, 1, 3]   # smoothing alpha for complement NB

MODELS = {  # name: (feature kind, learner, grid)
    "1_w1_LR": ("w1", "lr", GRID_BIN),
    "2_w12_LR": ("w12", "lr", GRID_BIN),
    "3_char35_tfidf_LR": ("ch", "lr", GRID_NORM),
    "4_w12+char_LR": ("w12n+ch", "lr", GRID_NORM),
    "5a_NBLR_w12_ovr": ("w12", "nblr", GRID_NB),
    "5b_CNB_w12": ("nb", "cnb", GRID_CNB),
}

def fit_predict_grid(learner, Xtr, ytr, Xte, grid):
    """returns array (len(grid), n_te, K) of probabilities (scores for cnb)."""
    out = []
    if learner == "lr":
        w = None
        for C in grid:                    # ascending C, warm start
            w = fit_lr(Xtr, ytr, C, w0=w)
            out.append(predict_lr(w, Xte))
    elif learner == "nblr":
        Xb_tr = Xtr.copy(); Xb_tr.data[:] = 1
        Xb_te = Xte.copy(); Xb_te.data[:] = 1
        R = nb_ratios(Xb_tr, ytr)
        ws = [None] * K
        for C in grid:
            P = np.zeros((Xte.shape[0], K))
            for c in range(K):
                D = sp.diags(R[c])
                w = fit_lr(Xb_tr @ D, (ytr == c).astype(int), C, k=2, w0=ws[c])
                ws[c] = w
                P[:, c] = predict_lr(w, Xb_te @ D, k=2)[:, 1]
            out.append(P / P.sum(1, keepdims=True))
    elif learner == "cnb":
        # Complement NB (Rennie et al. 2003) with tf log transform + weight normalisation
        Xt = Xtr.copy(); Xt.data = np.log1p(Xt.data)
        Xe = Xte.copy(); Xe.data = np.log1p(Xe.data)
        for a in grid:
            Wc = []
            for c in range(K):
                cnt = np.asarray(Xt[ytr != c].sum(0)).ravel() + a
                wc = np.log(cnt / cnt.sum())
                Wc.append(wc / np.abs(wc).sum())
            Wm = np.stack(Wc, 1)
            S = -(Xe @ Wm)                # higher = more likely
            out.append(softmax(S * 50))   # pseudo-probabilities for ensembling only
    return np.stack(out)

def macro_f1(y, yp):
    f = []
    for c in range(K):
        tp = np.sum((yp == c) & (y == c)); fp = np.sum((yp == c) & (y != c)); fn = np.sum((yp != c) & (y == c))
        f.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f)), f

# ---------------------------------------------------------------- one outer fold
G = {}
def init(docs, y, groups, tags):
    G.update(docs=docs, y=y, groups=groups, tags=tags)

def run_outer(args):
    seed, fi, tr, te, models = args
    docs, y, groups, tags = G["docs"], G["y"], G["groups"], G["tags"]
    t0 = time.time()
    inner = group_folds(groups, tr, N_INNER, seed * 1000 + fi + 17)
    res = {}
    for name in models:
        kind, learner, grid = MODELS[name]
        # inner CV over grid: pooled inner OOF predictions
        inner_pred = np.zeros((len(grid), len(tr)), dtype=int)
        pos = {i: k for k, i in enumerate(tr)}
        for ite in inner:
            itr = np.setdiff1d(tr, ite)
            Xa, Xb = make_features(docs, itr, ite, kind, tags)
            P = fit_predict_grid(learner, Xa, y[itr], Xb, grid)
            inner_pred[:, [pos[i] for i in ite]] = P.argmax(2)
        inner_f1 = [macro_f1(y[tr], inner_pred[g])[0] for g in range(len(grid))]
        gbest = int(np.argmax(inner_f1))
        Xa, Xb = make_features(docs, tr, te, kind, tags)
        P = fit_predict_grid(learner, Xa, y[tr], Xb, grid)
        res[name] = dict(inner_f1=inner_f1, chosen=gbest, P=P)
    return seed, fi, te, res, time.time() - t0

# ---------------------------------------------------------------- main
def main():
    T0 = time.time()
    quick = "--quick" in sys.argv
    P = load()
    assert len(P) == 1173, len(P)
    docs = featurize(P)
    y = np.array([LABELS.index(p["label"]) for p in P])
    groups = [p["source"] for p in P]
    tags = sorted({d["tag"] for d in docs})
    n = len(P)
    seeds = [0] if quick else SEEDS
    models = list(MODELS)
    tasks = []
    for s in seeds:
        folds = group_folds(groups, np.arange(n), N_OUTER, s)
        for fi, te in enumerate(folds):
            tr = np.setdiff1d(np.arange(n), te)
            # sanity: no source shared across train/test
            assert not ({groups[i] for i in tr} & {groups[i] for i in te})
            tasks.append((s, fi, tr, te, models))
    with Pool(2, initializer=init, initargs=(docs, y, groups, tags)) as pool:
        outs = []
        for o in pool.imap_unordered(run_outer, tasks):
            outs.append(o)
            print(f"seed {o[0]} fold {o[1]} done in {o[4]:.1f}s  (elapsed {time.time()-T0:.0f}s)", flush=True)

    # assemble pooled OOF probabilities per seed/model
    oof = {s: {m: np.zeros((len(MODELS[m][2]), n, K)) for m in models} for s in seeds}
    oof_nested = {s: {m: np.zeros((n, K)) for m in models} for s in seeds}
    chosen = {m: [] for m in models}
    for s, fi, te, res, _ in outs:
        for m in models:
            r = res[m]
            oof[s][m][:, te] = r["P"]
            oof_nested[s][m][te] = r["P"][r["chosen"]]
            chosen[m].append(MODELS[m][2][r["chosen"]])
    # ensembles on nested-chosen probabilities
    ENS = {"6_ens_mean(1,3)": ["1_w1_LR", "3_char35_tfidf_LR"],
           "6b_ens_mean(3,4,5a)": ["3_char35_tfidf_LR", "4_w12+char_LR", "5a_NBLR_w12_ovr"],
           "6c_ens_mean(1,2,3,4,5a)": ["1_w1_LR", "2_w12_LR", "3_char35_tfidf_LR", "4_w12+char_LR", "5a_NBLR_w12_ovr"]}
    for e, mem in ENS.items():
        for s in seeds:
            oof_nested[s][e] = np.mean([oof_nested[s][m] for m in mem], 0)
    allm = models + list(ENS)
    summary = {}
    for m in allm:
        vals, pcs = [], []
        for s in seeds:
            f, pc = macro_f1(y, oof_nested[s][m].argmax(1))
            vals.append(f); pcs.append(pc)
        summary[m] = dict(vals=vals, mean=float(np.mean(vals)), sd=float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0,
                          per_class=np.mean(pcs, 0).tolist(), per_class_sd=np.std(pcs, 0, ddof=1).tolist() if len(vals) > 1 else None)
    grid_tab = {}
    for m in models:
        rows = []
        for g, C in enumerate(MODELS[m][2]):
            v = [macro_f1(y, oof[s][m][g].argmax(1))[0] for s in seeds]
            rows.append((C, float(np.mean(v)), float(np.std(v, ddof=1)) if len(v) > 1 else 0.0))
        grid_tab[m] = rows
    wall = time.time() - T0

    print("\n=== Nested (inner-CV-chosen C) grouped 5-fold CV macro-F1, %d assignments ===" % len(seeds))
    print(f"{'model':28s} {'mean':>6s} {'sd':>6s}   per-assignment")
    for m in allm:
        S = summary[m]
        print(f"{m:28s} {S['mean']:.4f} {S['sd']:.4f}   " + " ".join(f"{v:.4f}" for v in S["vals"]))
    print("\nper-class F1 (mean over assignments):", LABELS)
    for m in allm:
        print(f"{m:28s} " + " ".join(f"{v:.3f}" for v in summary[m]["per_class"]))
    print("\nchosen C per outer fold (Counter):")
    for m in models:
        print(f"  {m:28s} {dict(Counter(chosen[m]))}")
    print("\n=== Fixed-C grid (NOT nested; max is optimistic) mean(sd) over assignments ===")
    for m in models:
        print(f"  {m:28s} " + "  ".join(f"C={C:g}:{mu:.4f}({sd:.4f})" for C, mu, sd in grid_tab[m]))
    print(f"\nwall time {wall:.0f}s")
    json.dump(dict(summary=summary, grid=grid_tab, chosen={m: [float(c) for c in v] for m, v in chosen.items()},
                   labels=LABELS, wall=wall, seeds=seeds),
              open("model-family-results%s.json" % ("_quick" if quick else ""), "w"), indent=1)
    np.save("model-family-oof%s.npy" % ("_quick" if quick else ""),
            {s: {m: v for m, v in d.items()} for s, d in oof_nested.items()}, allow_pickle=True)

if __name__ == "__main__":
    main()
