#!/usr/bin/env python3
"""Runs a command, passes its output through, then prints `peak_rss_kb=N cpu_s=X` (the child's max RSS and
its user+system CPU seconds; the machine may be shared, so CPU time is reported next to wall time)."""
import os
import subprocess
import sys

proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.stdout.flush()
print(f"peak_rss_kb={usage.ru_maxrss} cpu_s={usage.ru_utime + usage.ru_stime:.2f}", flush=True)
sys.exit(code)
