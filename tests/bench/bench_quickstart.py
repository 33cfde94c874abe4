#!/usr/bin/env python3
"""End-to-end benchmark on the quickstart data scaled up: generates N endpoints from the real churn
CSV (rows cycled, fresh Ids and addresses; 9 attributes per row), then measures with the real `herald` runner:
  import rows/s   (`herald import`: source/file -> SQLite store)
  send msgs/s     (`herald run`: segment -> render -> channel/outbox, events to sink/file and the store)
and each process's peak RSS and CPU seconds (user+sys; the machine may be shared, so compare CPU with wall).

The bench writes its own definitions: a segment selecting EVERY EMAIL endpoint (Demographic.Channel
INCLUSIVE EMAIL), a copy of the quickstart template and a campaign, so msgs/s counts one real message per
endpoint. The send is measured for both outbox formats on the same imported store (copied after the import):
  eml     one file per message: bound by the file system's file creation, not by Herald;
  ndjson  one line per message appended to a file: Herald's own send throughput.
Prints one line per figure and a JSON summary on the last line."""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "samples", "quickstart")
FORMATS = ("eml", "ndjson")


def generate(path, count):
    with open(os.path.join(SAMPLE, "churn-endpoints-import.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    id_col, addr_col = header.index("Id"), header.index("Address")
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for i in range(count):
            row = list(rows[i % len(rows)])
            row[id_col] = str(i + 1)
            row[addr_col] = f"user{i + 1}@example.com"
            writer.writerow(row)


def write_definitions(folder):
    """Definitions for the bench: every EMAIL endpoint is in the segment, so every endpoint gets a message."""
    definitions = os.path.join(folder, "definitions")
    for kind in ("segments", "templates", "campaigns"):
        os.makedirs(os.path.join(definitions, kind), exist_ok=True)
    segment = {"Name": "all-email",
               "Dimensions": {"Demographic": {"Channel": {"DimensionType": "INCLUSIVE", "Values": ["EMAIL"]}}}}
    with open(os.path.join(SAMPLE, "definitions", "templates", "referral-offer.json"), encoding="utf-8") as f:
        template = json.load(f)
    campaign = {"Name": "bench-all-email", "Description": "Bench: the quickstart template to every EMAIL endpoint",
                "SegmentId": "all-email",
                "MessageConfiguration": {"EmailMessage": {"FromAddress": "Bench <bench@example.com>"}},
                "TemplateConfiguration": {"EmailTemplate": {"Name": template["TemplateName"]}},
                "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"}}
    for kind, name, body in (("segments", "all-email", segment), ("templates", template["TemplateName"], template),
                             ("campaigns", "bench-all-email", campaign)):
        with open(os.path.join(definitions, kind, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(body, f, indent=2)
    return definitions


def write_config(folder, csv_path, definitions, outbox_format):
    config = {
        "store": {"url": "sqlite3://var/herald.db"},
        "var": "var",
        "channels": [{"id": "outbox", "type": "channel/outbox",
                      "settings": {"path": "var/outbox", "format": outbox_format}}],
        "sources": [{"id": "generated", "type": "source/file", "settings": {"path": csv_path}}],
        "sinks": [{"id": "events", "type": "sink/file", "settings": {"path": "var/events.ndjson"}}],
        "schedulers": [{"id": "clock", "type": "scheduler/local"}],
        "projects": [{"id": "bench", "channels": {"EMAIL": {"use": "outbox", "from": "Bench <bench@example.com>"}},
                      "definitions": definitions}],
    }
    path = os.path.join(folder, "herald.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    return path


def timed(cmd, cwd):
    """Runs `cmd` under peak_rss.py: returns (stdout, wall seconds, peak RSS KiB, CPU seconds)."""
    probe = [sys.executable, os.path.join(os.path.dirname(__file__), "peak_rss.py")]
    start = time.monotonic()
    proc = subprocess.Popen(probe + cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}\n{err}")
    m = re.search(r"peak_rss_kb=(\d+) cpu_s=([\d.]+)", out)
    return out, elapsed, int(m.group(1)), float(m.group(2))


def run_scale(herald, count, formats, keep):
    root = tempfile.mkdtemp(prefix=f"herald-bench-{count}-")
    try:
        csv_path = os.path.join(root, "endpoints.csv")
        generate(csv_path, count)
        definitions = write_definitions(root)
        imported_dir = os.path.join(root, "import")
        os.makedirs(imported_dir)
        config = write_config(imported_dir, csv_path, definitions, formats[0])
        out, import_s, import_rss, import_cpu = timed(
            [herald, "-q", "import", config, "--project", "bench", "--source", "generated"], imported_dir)
        imported = int(re.search(r"imported (\d+)", out).group(1))
        result = {
            "endpoints": count, "imported": imported, "import_seconds": round(import_s, 2),
            "import_cpu_seconds": round(import_cpu, 2), "import_rows_per_s": round(imported / import_s),
            "import_peak_rss_mb": round(import_rss / 1024, 1), "send": {},
        }
        for fmt in formats:  # every format sends from its own copy of the same freshly imported store
            folder = os.path.join(root, fmt)
            shutil.copytree(os.path.join(imported_dir, "var"), os.path.join(folder, "var"))
            config = write_config(folder, csv_path, definitions, fmt)
            out, send_s, send_rss, send_cpu = timed([herald, "-q", "run", config], folder)
            targeted = int(re.search(r"targeted (\d+)", out).group(1))
            delivered = int(re.search(r"delivered (\d+)", out).group(1))
            result["send"][fmt] = {
                "targeted": targeted, "delivered": delivered, "seconds": round(send_s, 2),
                "cpu_seconds": round(send_cpu, 2), "msgs_per_s": round(targeted / send_s),
                "peak_rss_mb": round(send_rss / 1024, 1)}
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
        return result
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herald", default=os.path.join(ROOT, "build", "release", "bin", "herald"))
    parser.add_argument("--scales", default="100000,1000000", help="comma-separated endpoint counts")
    parser.add_argument("--formats", default=",".join(FORMATS), help="outbox formats to send with: eml,ndjson")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args()
    herald = os.path.abspath(args.herald)
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in FORMATS:
            parser.error(f"unknown format {f!r}; use {', '.join(FORMATS)}")
    results = []
    for count in [int(s) for s in args.scales.split(",")]:
        r = run_scale(herald, count, formats, args.keep)
        results.append(r)
        print(f"endpoints={r['endpoints']}: import {r['import_rows_per_s']} rows/s ({r['imported']} rows, "
              f"{r['import_seconds']} s wall, {r['import_cpu_seconds']} s CPU, peak RSS {r['import_peak_rss_mb']} MB)",
              flush=True)
        for fmt, s in r["send"].items():
            note = " [one file per message: file-system bound]" if fmt == "eml" else ""
            print(f"endpoints={r['endpoints']}: send {s['msgs_per_s']} msgs/s to outbox/{fmt}{note} ({s['targeted']} "
                  f"targeted, {s['delivered']} delivered, {s['seconds']} s wall, {s['cpu_seconds']} s CPU, "
                  f"peak RSS {s['peak_rss_mb']} MB)", flush=True)
    if len(results) >= 2:
        def peak(r):
            return max([r["import_peak_rss_mb"]] + [s["peak_rss_mb"] for s in r["send"].values()])
        small, large = results[0], results[-1]
        print(f"peak RSS growth from {small['endpoints']} to {large['endpoints']} endpoints: "
              f"{peak(large) - peak(small):.1f} MB (target <= 50 MB)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
