#!/usr/bin/env python3
"""Runs a command, passes its output through, then prints `peak_rss_kb=N` (the child's max RSS)."""
import os
import subprocess
import sys

proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.stdout.flush()
print(f"peak_rss_kb={usage.ru_maxrss}", flush=True)
sys.exit(code)
