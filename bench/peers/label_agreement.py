"""
How consistent are the Kursk labels? For each appeal, its nearest other appeal by char_wb 2-5 TF-IDF cosine; the
share of pairs with the same topic_id, by similarity band. A near-copy labelled differently is label noise (or a
taxonomy that the words do not decide), which bounds any text classifier's accuracy.
  bench/peers/.venv/bin/python bench/peers/label_agreement.py
"""
import csv

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

csv.field_size_limit(10**9)
rows = []
for path in ["fixtures/ru/appeals-kursk-dev.csv", "fixtures/ru/appeals-kursk-extra.csv"]:
    with open(path, newline="", encoding="utf-8") as f:
        rows += [r for r in csv.DictReader(f) if r.get("text") and r.get("topic_id")]
texts = [r["text"].lower().replace("ё", "е") for r in rows]
labels = np.array([r["topic_id"] for r in rows])

X = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2).fit_transform(texts)
S = (X @ X.T).toarray()
np.fill_diagonal(S, 0)
nearest, sim = S.argmax(1), S.max(1)
for lo, hi in [(0.95, 1.01), (0.9, 0.95), (0.8, 0.9), (0.7, 0.8), (0.6, 0.7), (0, 0.6)]:
    m = (sim >= lo) & (sim < hi)
    same = round(float((labels[nearest[m]] == labels[m]).mean()), 3) if m.sum() else None
    print({"similarity": [lo, min(hi, 1.0)], "appeals": int(m.sum()), "same_label": same})
