"""
How consistent are the Kursk labels? For each appeal, its nearest other appeal by char_wb 2-5 TF-IDF cosine; the
share of pairs with the same topic_id, by similarity band. A near-copy labelled differently is label noise (or a
taxonomy that the words do not decide), which bounds any text classifier's accuracy.
  bench/peers/.venv/bin/python bench/peers/label_agreement.py
"""
import sys, numpy as np
sys.argv=['x','--svc-only']
exec(open('bench/peers/classify_sklearn.py').read().split('# Features per fold')[0])
from sklearn.feature_extraction.text import TfidfVectorizer
X = TfidfVectorizer(analyzer='char_wb', ngram_range=(2,5), sublinear_tf=True, min_df=2).fit_transform(texts)
S = (X @ X.T).toarray(); np.fill_diagonal(S, 0)
nn = S.argmax(1); sim = S.max(1)
for lo, hi in [(0.95,1.01),(0.9,0.95),(0.8,0.9),(0.7,0.8),(0.6,0.7),(0,0.6)]:
    m = (sim>=lo)&(sim<hi)
    print(lo, hi, int(m.sum()), round(float((labels[nn[m]]==labels[m]).mean()),3) if m.sum() else None)
