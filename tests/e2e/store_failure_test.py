"""A store failure in the middle of `herald run` (here: an SQLite trigger refuses every event insert, as a
full disk would refuse the writes) exits 1 and names the error, instead of reporting the run as merely
interrupted; the scheduler retries it, and the resumed run sends nobody twice."""
import json
import os
import shutil
import sqlite3
import subprocess
import time
import unittest

import quickstart_common as qc

INJECTED = "database or disk is full (injected by the test)"


def herald(work, *args):
    return subprocess.run([qc.herald_binary(), *args], cwd=work, capture_output=True, text=True, timeout=600)


class StoreFailure(unittest.TestCase):
    def test_a_failed_run_exits_1_with_its_error_and_resumes_without_resending(self):
        tmp = qc.make_tmp()
        try:
            work = qc.copy_sample(tmp)
            config_path = os.path.join(work, "herald.json")
            with open(config_path, encoding="utf-8") as f:
                config = json.load(f)
            config["schedulers"] = [{"id": "clock", "type": "scheduler/local", "settings": {"retry_base_seconds": 1}}]
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(config, f)
            imported = herald(work, "import", "herald.json")
            self.assertEqual(imported.returncode, 0, imported.stderr)
            db = sqlite3.connect(os.path.join(work, "var", "herald.db"))
            db.execute("CREATE TRIGGER test_store_full BEFORE INSERT ON events BEGIN "
                       f"SELECT RAISE(ABORT, '{INJECTED}'); END")
            db.commit()
            db.close()

            failed = herald(work, "run", "herald.json")
            self.assertEqual(failed.returncode, 1, failed.stdout + failed.stderr)
            self.assertIn("not finished", failed.stderr)
            self.assertIn(INJECTED, failed.stderr)
            self.assertIn(INJECTED, failed.stdout)  # the summary's error line
            self.assertIn("it failed in this process", failed.stdout)

            db = sqlite3.connect(os.path.join(work, "var", "herald.db"))
            db.execute("DROP TRIGGER test_store_full")
            db.commit()
            db.close()
            time.sleep(1.5)  # the retry delay
            resumed = herald(work, "run", "herald.json")
            # The batch sent before the failure was in flight: settled UNKNOWN_FAILURE, never sent again,
            # so the resumed run reports delivery failures (exit 4), not a crash.
            self.assertIn(resumed.returncode, (0, 4), resumed.stdout + resumed.stderr)
            self.assertIn("COMPLETED", resumed.stdout)
            expected = qc.expected_recipients()
            outbox = os.path.join(work, "var", "outbox")
            files = [os.path.join(d, f) for d, _, fs in os.walk(outbox) for f in fs if f.endswith(".eml")]
            messages = []
            for path in files:
                with open(path, "rb") as f:
                    messages.append(qc.parse_message(f.read()))
            qc.check_messages(messages, expected, self)  # one message per member: nobody got two
            db = sqlite3.connect(os.path.join(work, "var", "herald.db"))
            targeted, delivered, failed_count = db.execute(
                "SELECT targeted, delivered, failed FROM campaign_runs").fetchone()
            left = db.execute("SELECT COUNT(*) FROM messages WHERE state = 'TARGETED'").fetchone()[0]
            events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            db.close()
            self.assertEqual(targeted, len(expected))
            self.assertEqual(delivered + failed_count, targeted)
            self.assertEqual(left, 0)
            self.assertEqual(events, 2 * delivered)  # events only for what was recorded as sent
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
