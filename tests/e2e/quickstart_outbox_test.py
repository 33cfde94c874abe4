"""The README's quickstart, end to end: `herald run herald.json` on a copy of samples/quickstart
imports the 3,500 churn endpoints and writes exactly one .eml per segment member to the outbox."""
import json
import os
import shutil
import unittest

import quickstart_common as qc


class QuickstartOutbox(unittest.TestCase):
    def test_outbox_holds_one_message_per_segment_member(self):
        tmp = qc.make_tmp()
        try:
            work = qc.copy_sample(tmp)
            stdout = qc.run_herald(qc.herald_binary(), work, "herald.json")
            expected = qc.expected_recipients()
            self.assertGreater(len(expected), 100)
            outbox = os.path.join(work, "var", "outbox")
            files = [os.path.join(d, f) for d, _, fs in os.walk(outbox) for f in fs if f.endswith(".eml")]
            self.assertEqual(len(files), len(expected), stdout)
            messages = []
            for path in files:
                with open(path, "rb") as f:
                    messages.append(qc.parse_message(f.read()))
            qc.check_messages(messages, expected, self)
            # The summary names the counts.
            self.assertIn("3500", stdout)
            self.assertIn(str(len(expected)), stdout)
            # Events reached the file sink in Pinpoint's stream record shape.
            with open(os.path.join(work, "var", "events.ndjson"), encoding="utf-8") as f:
                records = [json.loads(line) for line in f]
            types = {}
            for r in records:
                types[r["event_type"]] = types.get(r["event_type"], 0) + 1
                self.assertEqual(r["application"]["app_id"], "churn-demo")
            self.assertEqual(types.get("_campaign.send"), len(expected))
            self.assertEqual(types.get("_email.send"), len(expected))
            # A second run sends nothing twice: the campaign already ran (definitions unchanged).
            qc.run_herald(qc.herald_binary(), work, "herald.json")
            files_again = [f for d, _, fs in os.walk(outbox) for f in fs if f.endswith(".eml")]
            self.assertEqual(len(files_again), len(expected))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
