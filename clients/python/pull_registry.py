#!/usr/bin/env python3
"""Pull the whole CLL Registry through its data API (/api/v1) into pandas DataFrames.

Code columns become pandas categoricals labelled from the API's data dictionary. Needs requests and
pandas (Debian: python3-requests python3-pandas).

    CLL_API_URL=https://registry.example.org CLL_TOKEN=cllr_... python3 clients/python/pull_registry.py [cutoff]

The last line printed is a JSON summary (the CI test compares it with the dashboards' numbers).
"""
import io
import json
import os
import sys
from datetime import date

import pandas as pd
import requests

BASE = os.environ.get("CLL_API_URL", "").rstrip("/")
TOKEN = os.environ.get("CLL_TOKEN", "")
if not BASE or not TOKEN:
    sys.exit("Set CLL_API_URL (the registry's address) and CLL_TOKEN (a token from your account page).")
CUTOFF = sys.argv[1] if len(sys.argv) > 1 else date.today().isoformat()
session = requests.Session()
session.headers["Authorization"] = f"Bearer {TOKEN}"


def get(path, **params):
    """GET an endpoint; a problem+json error is raised with its detail."""
    r = session.get(f"{BASE}/api/v1/{path}", params=params, timeout=600)
    if r.status_code != 200:
        detail = r.json().get("detail") if r.headers.get("content-type", "").startswith("application/problem+json") else r.text
        raise SystemExit(f"GET {path}: {r.status_code} {detail}")
    return r


def frame(path, **params):
    """A whole table in one streamed NDJSON response, as a DataFrame."""
    return pd.read_json(io.StringIO(get(path, format="ndjson", **params).text), lines=True, dtype=False)


dictionary = get("dictionary").json()
# Keys are unique within a form only (a dose period's "reason" is not the discontinuation's).
labels = {(f["form"], f["key"]): f["codes"] for f in dictionary["fields"] if f["codes"]}


def label_codes(df, form):
    for (of, key), codes in labels.items():
        if of == form and key in df.columns and df[key].dtype == object:
            mapping = {c["code"]: c["label"] for c in codes}
            df[key] = pd.Categorical(df[key].map(mapping), categories=[c["label"] for c in codes])
    return df


patients = label_codes(frame("patients"), "patient")
forms = {form: label_codes(frame(f"forms/{form}"), form) for form in ["baseline", "response", "discontinuation", "therapies", "follow-up"]}
analysis = frame("analysis", cutoff=CUTOFF)

analysed = analysis[analysis["analysed"]]
per_centre = analysed.groupby("centre").size().sort_index()
os_disc = analysis[analysis["os_disc_days"].notna()]

print(f"Pulled {len(patients)} patients, " + " ".join(f"{k}={len(v)}" for k, v in forms.items()) + f"; {len(analysed)} analysed at {CUTOFF}")
print(per_centre.to_string())
print(json.dumps({
    "patients": len(patients),
    "patientsPerCentre": {str(k): int(v) for k, v in per_centre.items()},
    "osDisc": {"n": int(len(os_disc)), "events": int(os_disc["os_disc_event"].sum())},
}))
