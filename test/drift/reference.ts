/**
 * Reference drift statistics computed by Debian's python3 with scipy 1.10 and pandas 1.5, following Evidently's
 * definitions (evidently/calculations/stattests: ks_stat_test, chisquare_stattest, z_stattest,
 * wasserstein_distance_norm, jensenshannon, psi and utils.get_binned_data), restated here line by line.
 */
import { runPythonJson } from '../helpers/python.js';

export interface ReferenceCase {
  ref: Array<number | string>;
  cur: Array<number | string>;
  numeric: boolean;
}

export interface ReferenceStats {
  ks: [number, number] | null;
  chisquare: [number, number];
  ztest: [number, number] | null;
  wasserstein: number | null;
  jensenshannon: number;
  psi: number;
  l_infinity: number;
  nunique: number;
}

const SCRIPT = String.raw`
import json, sys
import numpy as np, pandas as pd
from scipy import stats
from scipy.spatial import distance

def binned(ref, cur, numeric, feel_zeroes):
    # evidently.calculations.stattests.utils.get_binned_data
    if numeric and ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = list(set(ref.dropna().unique()) | set(cur.dropna().unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        r = np.array([rd[k] / len(ref) for k in keys])
        c = np.array([cd[k] / len(cur) for k in keys])
    if feel_zeroes:
        np.place(r, r == 0, min(r[r != 0]) / 10**6 if min(r[r != 0]) <= 0.0001 else 0.0001)
        np.place(c, c == 0, min(c[c != 0]) / 10**6 if min(c[c != 0]) <= 0.0001 else 0.0001)
    return r, c

out = []
for case in json.load(sys.stdin):
    ref = pd.Series(case['ref']); cur = pd.Series(case['cur']); numeric = case['numeric']
    res = {'nunique': int(pd.concat([ref, cur]).nunique())}
    if numeric:
        ks = stats.ks_2samp(ref, cur)
        res['ks'] = [float(ks.statistic), float(ks.pvalue)]
        res['wasserstein'] = float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))
    else:
        res['ks'] = None; res['wasserstein'] = None
    keys = list(set(ref.unique()) | set(cur.unique()))
    rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    k = cur.shape[0] / ref.shape[0]
    with np.errstate(divide='ignore', invalid='ignore'):
        chi = stats.chisquare([cd[x] for x in keys], [rd[x] * k for x in keys])
    res['chisquare'] = [float(chi[0]), float(chi[1])]
    if len(keys) <= 2:
        ok = sorted(keys)
        r01 = ref.apply(lambda x: 0 if x == ok[0] else 1); c01 = cur.apply(lambda x: 0 if x == ok[0] else 1)
        if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
            res['ztest'] = [0.0, 1.0]
        else:
            n1, n2 = len(r01), len(c01); p1 = r01.sum() / n1; p2 = c01.sum() / n2; P = (p1 * n1 + p2 * n2) / (n1 + n2)
            z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
            res['ztest'] = [float(z), float(2 * (1 - stats.norm.cdf(abs(z))))]
    else:
        res['ztest'] = None
    r, c = binned(ref, cur, numeric, False)
    res['jensenshannon'] = float(distance.jensenshannon(r, c, 2))
    res['l_infinity'] = float(np.max(np.abs(r - c)))
    r, c = binned(ref, cur, numeric, True)
    res['psi'] = float(np.sum((r - c) * np.log(r / c)))
    out.append(res)
print(json.dumps(out).replace('Infinity', '1e999'))
`;

export function referenceStats(python: string, cases: ReferenceCase[]): ReferenceStats[] {
  return runPythonJson<ReferenceStats[]>(python, SCRIPT, JSON.stringify(cases));
}
