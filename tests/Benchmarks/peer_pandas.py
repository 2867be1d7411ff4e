#!/usr/bin/env python3
"""Peer of `metrics bench batch --peer`: the same batch done the way a data analyst would, with
pandas + openpyxl.

For every county workbook in a folder: read all sheets with ``pd.read_excel(sheet_name=None,
engine="openpyxl")``, drop the template's example row, check the columns the computation needs,
build the units of evaluation (method §1: sections by school type, facilities split by weighted
enrolment 1 : 1.1 : 1.32, 完全中学 1 : 1.2, exclusions), the per-unit values of the 7 quality-2017
indicators (§2) and the pupil-weighted population CV per indicator and level (§3).

Runs with ``processes`` worker processes (2 by default, to match the 2 cores Metrics gets).

Output, one record a line, tab-separated, for the C# side to parse:
    PEER<TAB>cv<TAB>index<TAB>county_code<TAB>level<TAB>indicator<TAB>cv (repr, or "undefined")
    PEER<TAB>versions<TAB>python …<TAB>pandas …<TAB>openpyxl …
    PEER<TAB>totals<TAB>workbooks<TAB>schools<TAB>rejected
    PEER<TAB>time<TAB>seconds (wall, from the pool's start to the last result; imports excluded)
    PEER<TAB>memory<TAB>peak RSS of the main process MiB<TAB>largest worker peak RSS MiB
Anything else on stdout is progress for people.

Usage: peer_pandas.py FOLDER [--count N] [--processes 2] [--show 3]
Exit codes: 0 done, 2 bad arguments or no workbooks, 3 pandas/openpyxl missing.
"""

import argparse
import glob
import math
import os
import resource
import sys
import time
import warnings

try:
    import numpy as np
    import pandas as pd
    import openpyxl  # pandas' engine; imported here so a missing one fails early
except ImportError as e:  # pragma: no cover - reported to the C# side
    print(f"peer: cannot import pandas/openpyxl with {sys.executable}: {e}", file=sys.stderr)
    sys.exit(3)

from multiprocessing import Pool

SCHOOLS_SHEET = "学校"
COUNTY_SHEET = "基本信息"
EXAMPLE_CODE = "示例EXAMPLE"

# quality-2017: profile weights and exclusions (functions/Metrics.Core/Profiles/quality-2017.json).
W_PRIMARY, W_JUNIOR, W_SENIOR = 1.0, 1.1, 1.32
W_COMPLETE_JUNIOR, W_COMPLETE_SENIOR = 1.0, 1.2
TEACHING_POINT_MIN_PUPILS = 50

# Sections of a school type: (level, weight); and the weight of its senior pupils.
SECTIONS = {
    "小学": [("primary", W_PRIMARY)],
    "教学点": [("primary", W_PRIMARY)],
    "初中": [("junior", 1.0)],  # one section: the weight only matters against other sections
    "九年一贯制": [("primary", W_PRIMARY), ("junior", W_JUNIOR)],
    "十二年一贯制": [("primary", W_PRIMARY), ("junior", W_JUNIOR)],
    "完全中学": [("junior", W_COMPLETE_JUNIOR)],
}
SENIOR_WEIGHT = {"十二年一贯制": W_SENIOR, "完全中学": W_COMPLETE_SENIOR}
EXCLUDED_TYPES = {"特殊教育学校", "职业学校"}

# Staff indicators (per 100 pupils): per-section column prefix.
STAFF = {
    "qualified_teachers_per100": "qualified_teachers",
    "key_teachers_per100": "key_teachers",
    "pe_art_teachers_per100": "pe_art_teachers",
}
# Facility indicators: (scale, whole-school column), split across sections by weighted enrolment.
FACILITY = {
    "teaching_space_per_pupil": (1.0, "teaching_space_m2"),
    "sports_space_per_pupil": (1.0, "sports_space_m2"),
    "equipment_value_per_pupil": (1.0, "equipment_value_yuan"),
    "multimedia_rooms_per100": (100.0, "multimedia_rooms"),
}
INDICATORS = list(STAFF) + list(FACILITY)
LEVELS = ("primary", "junior")

NUMERIC = [
    "students_primary", "students_junior", "students_senior",
    "qualified_teachers_primary", "key_teachers_primary", "pe_art_teachers_primary",
    "qualified_teachers_junior", "key_teachers_junior", "pe_art_teachers_junior",
    "teaching_space_m2", "sports_space_m2", "equipment_value_yuan", "multimedia_rooms",
]
REQUIRED = ["school_code", "school_name", "school_type", "location", "ownership"] + NUMERIC


def weighted_cv(pupils, values):
    """DOMAIN §3: pupil-weighted mean, population SD (divided by N), CV = S / mean; None if mean is 0."""
    n = pupils.sum()
    if len(pupils) == 0 or n <= 0:
        return None
    mean = (pupils * values).sum() / n
    if not mean > 0:
        return None
    sd = math.sqrt((pupils * (values - mean) ** 2).sum() / n)
    return sd / mean


def peak_rss_mib():
    """This process's peak RSS (VmHWM). Unlike getrusage's ru_maxrss, VmHWM is not inherited across
    exec, so the parent that started the interpreter (the .NET benchmark) does not leak into it."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def score_and_measure(path):
    """score() in a worker, with the worker's peak RSS so far."""
    return score(path), peak_rss_mib()


def score(path):
    """Reads one workbook; returns (county_code, schools, {level: {indicator: cv}}) or (code, None, reason)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: "Data Validation extension is not supported"
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", header=1)

    county = sheets[COUNTY_SHEET].set_index("key")["value"]
    code = str(county.get("county_code"))

    df = sheets[SCHOOLS_SHEET]
    df = df[df["school_code"].notna() & (df["school_code"].astype(str) != EXAMPLE_CODE)]

    # Validation an analyst would do: columns present, numbers numeric and non-negative, known types.
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        return code, None, f"missing columns {missing}"
    num = df[NUMERIC].apply(pd.to_numeric, errors="coerce")
    if (df[NUMERIC].notna() & num.isna()).any().any():
        return code, None, "text in a numeric column"
    num = num.fillna(0.0)
    if (num < 0).any().any():
        return code, None, "negative value"
    known = set(SECTIONS) | EXCLUDED_TYPES
    if not df["school_type"].isin(known).all():
        return code, None, "unknown school type"
    if df["school_code"].duplicated().any():
        return code, None, "duplicate school code"

    types = df["school_type"].to_numpy()
    keep = ~np.isin(types, list(EXCLUDED_TYPES))
    keep &= ~((types == "教学点") & (num["students_primary"].to_numpy() < TEACHING_POINT_MIN_PUPILS))

    # Weighted enrolment of the whole school (senior pupils share the buildings).
    weight = {lvl: np.zeros(len(df)) for lvl in LEVELS}
    for t, sections in SECTIONS.items():
        is_t = types == t
        for lvl, w in sections:
            weight[lvl][is_t] = w
    senior_w = np.array([SENIOR_WEIGHT.get(t, 0.0) for t in types])
    weighted = senior_w * num["students_senior"].to_numpy()
    for lvl in LEVELS:
        weighted = weighted + weight[lvl] * num[f"students_{lvl}"].to_numpy()

    result = {}
    for lvl in LEVELS:
        pupils = num[f"students_{lvl}"].to_numpy()
        unit = keep & (weight[lvl] > 0) & (pupils > 0)
        p = pupils[unit]
        share = weight[lvl][unit] * p / weighted[unit]
        cvs = {}
        for ind, prefix in STAFF.items():
            cvs[ind] = weighted_cv(p, 100.0 * num[f"{prefix}_{lvl}"].to_numpy()[unit] / p)
        for ind, (scale, column) in FACILITY.items():
            cvs[ind] = weighted_cv(p, scale * (share * num[column].to_numpy()[unit]) / p)
        result[lvl] = cvs
    return code, len(df), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--count", type=int, default=None, help="first N workbooks (sorted by name)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--show", type=int, default=3, help="print the CVs of the first N counties")
    args = parser.parse_args()

    files = sorted(glob.glob(os.path.join(args.folder, "county-*.xlsx")))
    if args.count is not None:
        files = files[: args.count]
    if not files:
        print(f"peer: no county-*.xlsx in {args.folder}", file=sys.stderr)
        return 2

    start = time.perf_counter()
    results = []
    worker_peak = 0.0
    with Pool(args.processes) as pool:
        for i, (r, rss) in enumerate(pool.imap(score_and_measure, files, chunksize=1), 1):
            results.append(r)
            worker_peak = max(worker_peak, rss)
            if i % 500 == 0:
                print(f"peer: {i}/{len(files)} workbooks", flush=True)
    elapsed = time.perf_counter() - start

    schools = sum(r[1] for r in results if r[1] is not None)
    rejected = [(files[i], r[2]) for i, r in enumerate(results) if r[1] is None]
    for path, reason in rejected[:5]:
        print(f"peer: rejected {os.path.basename(path)}: {reason}")
    for index, (code, n, cvs) in enumerate(results[: args.show]):
        if n is None:
            continue
        for lvl in LEVELS:
            for ind in INDICATORS:
                cv = cvs[lvl][ind]
                print(f"PEER\tcv\t{index}\t{code}\t{lvl}\t{ind}\t{'undefined' if cv is None else repr(cv)}")
    print(f"PEER\tversions\tpython {sys.version.split()[0]}\tpandas {pd.__version__}\topenpyxl {openpyxl.__version__}")
    print(f"PEER\ttotals\t{len(results)}\t{schools}\t{len(rejected)}")
    print(f"PEER\ttime\t{elapsed!r}")
    print(f"PEER\tmemory\t{peak_rss_mib():.0f}\t{worker_peak:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
