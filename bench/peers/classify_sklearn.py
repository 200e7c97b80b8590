"""
Peer for bench/classify-accuracy.ts: the accuracy an established library reaches on the Kursk appeals
(fixtures/ru/appeals-kursk-dev.csv + appeals-kursk-extra.csv, label column topic_id), with the same 10-fold
cross-validation.

  python3 -m venv bench/peers/.venv && bench/peers/.venv/bin/pip install -r bench/peers/requirements.txt
  bench/peers/.venv/bin/python bench/peers/classify_sklearn.py [--k 10] [--nested] [--svc-only]

Folds: as src/classify/cross-validate.ts assignFolds — the rows with non-empty text and topic_id, dev file then
extra file, in file order, shuffled by shuffledIndices(n, 7) (the same LCG, reimplemented below); position i goes
to fold i % k unless an identical text was placed already (it joins that fold). Ours compares normalised stems,
this compares lower-cased, whitespace-collapsed text (ё→е): the same duplicate pairs on these files.
Labels: the strict Kursk labels for training and testing (ours relabels hot-water rows to hot_water for training
only and is scored on the strict labels, so the figures are comparable).

Features: TF-IDF (sublinear tf) over word 1-2-grams plus char_wb 2-5-grams of the lower-cased text (ё→е),
classifier LinearSVC or LogisticRegression with C from a small grid. The grid's best figure is tuned on the
CV (optimistic); --nested also reports nested CV (C chosen by an inner 5-fold CV on each outer training part).
Prints one JSON object per line.
"""
import csv
import json
import sys
import time

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC
import warnings

warnings.filterwarnings("ignore")
csv.field_size_limit(10**9)

PATHS = ["fixtures/ru/appeals-kursk-dev.csv", "fixtures/ru/appeals-kursk-extra.csv"]
args = sys.argv[1:]
K = int(args[args.index("--k") + 1]) if "--k" in args else 10


def shuffled_indices(n, seed):
    order = list(range(n))
    s = seed & 0xFFFFFFFF
    for i in range(n - 1, 0, -1):
        s = (s * 1103515245 + 12345) & 0xFFFFFFFF
        j = int((s / 2**32) * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


rows = []
for path in PATHS:
    with open(path, newline="", encoding="utf-8") as f:
        rows += [r for r in csv.DictReader(f) if r.get("text") and r.get("topic_id")]
texts = [r["text"].lower().replace("ё", "е") for r in rows]
labels = np.array([r["topic_id"] for r in rows])
n = len(rows)
order = shuffled_indices(n, 7)
fold_of = [0] * n
group_fold = {}
for i, ex in enumerate(order):
    g = " ".join(texts[ex].split())
    fold_of[ex] = group_fold.setdefault(g, i % K)
folds = [[ex for ex in order if fold_of[ex] == f] for f in range(K)]


def features(train_texts, test_texts):
    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w\w+\b")
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    xtr = hstack([word.fit_transform(train_texts), char.fit_transform(train_texts)]).tocsr()
    xte = hstack([word.transform(test_texts), char.transform(test_texts)]).tocsr()
    return xtr, xte


def make(name, c):
    if name == "LinearSVC":
        return LinearSVC(C=c, class_weight="balanced")
    return LogisticRegression(C=c, max_iter=2000, class_weight="balanced")


GRID = {"LinearSVC": [0.3, 1.0, 3.0], "LogisticRegression": [10.0, 100.0]}
if "--svc-only" in args:  # skips LogisticRegression, the slow part (minutes per setting)
    del GRID["LogisticRegression"]
# LogisticRegression (lbfgs over ~10^5 features) takes minutes per setting; the nested search uses LinearSVC only.
NESTED_GRID = {"LinearSVC": [0.3, 1.0, 3.0]}

# Features per fold are fitted on the training part only (TF-IDF idf and vocabulary included).
fold_data = []
for f in range(K):
    test = folds[f]
    train = [i for g in range(K) if g != f for i in folds[g]]
    xtr, xte = features([texts[i] for i in train], [texts[i] for i in test])
    fold_data.append((train, test, xtr, xte))


def report(name, c, pred):
    ok = pred == labels
    recall = {}
    for t in sorted(set(labels), key=lambda t: -(labels == t).sum()):
        m = labels == t
        recall[t] = {"recall": round(float(ok[m].mean()), 3), "n": int(m.sum())}
    return {"accuracy": round(float(ok.mean()), 3), "recall": recall}


best = None
for name, cs in GRID.items():
    for c in cs:
        t0 = time.time()
        pred = np.empty(n, dtype=object)
        for train, test, xtr, xte in fold_data:
            pred[test] = make(name, c).fit(xtr, labels[train]).predict(xte)
        r = report(name, c, pred)
        out = {"bench": "classify-sklearn", "set": "kursk-dev+extra", "method": f"{K}-fold CV (folds of cross-validate.ts), tfidf word1-2 + char_wb2-5, {name}(C={c}, balanced)", "n": n, "accuracy": r["accuracy"], "seconds": round(time.time() - t0, 1)}
        print(json.dumps(out, ensure_ascii=False), flush=True)
        if best is None or r["accuracy"] > best[2]["accuracy"]:
            best = (name, c, r)

print(json.dumps({"bench": "classify-sklearn", "set": "kursk-dev+extra", "method": f"best of the grid (tuned on the CV: optimistic): {best[0]}(C={best[1]})", "accuracy": best[2]["accuracy"], "recall": best[2]["recall"]}, ensure_ascii=False), flush=True)

if "--nested" in args:
    # Nested: for each outer fold, pick (model, C) by an inner stratified 5-fold CV on the outer training part.
    pred = np.empty(n, dtype=object)
    for train, test, _, _ in fold_data:
        tr_texts = [texts[i] for i in train]
        ytr = labels[train]
        inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
        # rare classes (<5) make StratifiedKFold warn; it still splits
        scores = {}
        splits = list(inner.split(np.zeros(len(train)), ytr))
        inner_x = []
        for a, b in splits:
            inner_x.append(features([tr_texts[i] for i in a], [tr_texts[i] for i in b]) + (a, b))
        for name, cs in NESTED_GRID.items():
            for c in cs:
                ok = 0
                for xa, xb, a, b in inner_x:
                    ok += (make(name, c).fit(xa, ytr[a]).predict(xb) == ytr[b]).sum()
                scores[(name, c)] = ok
        name, c = max(scores, key=scores.get)
        xtr, xte = features(tr_texts, [texts[i] for i in test])
        pred[test] = make(name, c).fit(xtr, ytr).predict(xte)
    r = report("nested", 0, pred)
    print(json.dumps({"bench": "classify-sklearn", "set": "kursk-dev+extra", "method": f"nested {K}-fold CV (LinearSVC C chosen by inner 5-fold CV)", "accuracy": r["accuracy"], "recall": r["recall"]}, ensure_ascii=False), flush=True)
