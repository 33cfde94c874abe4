#!/usr/bin/env python3
"""End-to-end benchmark on the quickstart data scaled up: generates N endpoints from the real churn
CSV (rows cycled, fresh Ids and addresses), then measures with the real `herald` runner:
  import rows/s   (`herald import`: source/file -> SQLite store)
  send msgs/s     (`herald run`: segment -> render -> channel/outbox .eml files, events to sink/file)
and each process's peak RSS. Prints one line per figure and a JSON summary on the last line."""
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


def write_config(folder, csv_path, outbox_format):
    config = {
        "store": {"url": "sqlite3://var/herald.db"},
        "var": "var",
        "channels": [{"id": "outbox", "type": "channel/outbox",
                      "settings": {"path": "var/outbox", "format": outbox_format}}],
        "sources": [{"id": "generated", "type": "source/file", "settings": {"path": csv_path}}],
        "sinks": [{"id": "events", "type": "sink/file", "settings": {"path": "var/events.ndjson"}}],
        "schedulers": [{"id": "clock", "type": "scheduler/local"}],
        "projects": [{"id": "bench", "channels": {"EMAIL": {"use": "outbox", "from": "Bench <bench@example.com>"}},
                      "definitions": os.path.join(SAMPLE, "definitions")}],
    }
    path = os.path.join(folder, "herald.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    return path


def timed(cmd, cwd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate()
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}\n{err}")
    return out, elapsed


def run_scale(herald, count, outbox_format, keep):
    folder = tempfile.mkdtemp(prefix=f"herald-bench-{count}-")
    try:
        csv_path = os.path.join(folder, "endpoints.csv")
        generate(csv_path, count)
        config = write_config(folder, csv_path, outbox_format)
        rss_probe = [sys.executable, os.path.join(os.path.dirname(__file__), "peak_rss.py")]
        out, import_s = timed(rss_probe + [herald, "-q", "import", config, "--project", "bench", "--source", "generated"], folder)
        import_rss = int(re.search(r"peak_rss_kb=(\d+)", out).group(1))
        imported = int(re.search(r"imported (\d+)", out).group(1))
        out, send_s = timed(rss_probe + [herald, "-q", "run", config], folder)
        send_rss = int(re.search(r"peak_rss_kb=(\d+)", out).group(1))
        targeted = int(re.search(r"targeted (\d+)", out).group(1))
        delivered = int(re.search(r"delivered (\d+)", out).group(1))
        return {
            "endpoints": count, "imported": imported, "import_seconds": round(import_s, 2),
            "import_rows_per_s": round(imported / import_s), "import_peak_rss_mb": round(import_rss / 1024, 1),
            "targeted": targeted, "delivered": delivered, "send_seconds": round(send_s, 2),
            "send_msgs_per_s": round(targeted / send_s), "send_peak_rss_mb": round(send_rss / 1024, 1),
            "outbox_format": outbox_format,
        }
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--herald", default=os.path.join(ROOT, "build", "release", "bin", "herald"))
    parser.add_argument("--scales", default="100000,1000000", help="comma-separated endpoint counts")
    parser.add_argument("--format", default="eml", choices=["eml", "ndjson"])
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args()
    results = []
    for count in [int(s) for s in args.scales.split(",")]:
        r = run_scale(args.herald, count, args.format, args.keep)
        results.append(r)
        print(f"endpoints={r['endpoints']}: import {r['import_rows_per_s']} rows/s ({r['import_seconds']} s, "
              f"peak RSS {r['import_peak_rss_mb']} MB); send {r['send_msgs_per_s']} msgs/s to outbox/{r['outbox_format']} "
              f"({r['targeted']} targeted, {r['delivered']} delivered, {r['send_seconds']} s, peak RSS {r['send_peak_rss_mb']} MB)",
              flush=True)
    if len(results) >= 2:
        small, large = results[0], results[-1]
        growth = max(large["import_peak_rss_mb"], large["send_peak_rss_mb"]) - max(small["import_peak_rss_mb"], small["send_peak_rss_mb"])
        print(f"peak RSS growth from {small['endpoints']} to {large['endpoints']} endpoints: {growth:.1f} MB (target <= 50 MB)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
