"""Shared helpers for the quickstart end-to-end tests: an independent reading of the sample CSV and
of the messages Herald produced (Python's csv and email packages, not Herald's code)."""
import csv
import email
import email.policy
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "samples", "quickstart")


def expected_recipients():
    """Id -> (Address, AccountLength) for every row in the referral segment:
    Attributes.PlanOptionB == 1 AND Attributes.SharedWithFriend == 1."""
    rows = {}
    with open(os.path.join(SAMPLE, "churn-endpoints-import.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Attributes.PlanOptionB"] == "1" and row["Attributes.SharedWithFriend"] == "1":
                rows[row["Id"]] = (row["Address"], row["Attributes.AccountLength"])
    return rows


def copy_sample(tmp):
    """A private copy of the quickstart folder (its var/ is not copied)."""
    dest = os.path.join(tmp, "quickstart")
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("var", "var-*"))
    return dest


def run_herald(herald, workdir, config, env=None):
    proc = subprocess.run([herald, "run", config], cwd=workdir, capture_output=True, text=True,
                          timeout=600, env=env)
    if proc.returncode != 0:
        raise AssertionError(f"herald run exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc.stdout


def parse_message(raw_bytes):
    return email.message_from_bytes(raw_bytes, policy=email.policy.default)


def check_messages(messages, expected, testcase):
    """messages: list of email.message.EmailMessage. Checks one message per expected Id, each addressed to
    that Id's address and carrying its AccountLength, and none to anyone else."""
    seen = {}
    for msg in messages:
        to = str(msg["To"]).strip()
        html = msg.get_body(preferencelist=("html",))
        text = msg.get_body(preferencelist=("plain",))
        testcase.assertIsNotNone(html, f"message to {to} has no HTML part")
        testcase.assertIsNotNone(text, f"message to {to} has no text part")
        html_content, text_content = html.get_content(), text.get_content()
        match = re.search(r"Your customer id: (\d+)", text_content)
        testcase.assertIsNotNone(match, f"message to {to} does not name its endpoint id")
        endpoint_id = match.group(1)
        testcase.assertIn(endpoint_id, expected, f"endpoint {endpoint_id} ({to}) is not in the segment")
        testcase.assertNotIn(endpoint_id, seen, f"endpoint {endpoint_id} got two messages")
        seen[endpoint_id] = True
        address, account_length = expected[endpoint_id]
        testcase.assertEqual(to, address)
        testcase.assertIn(f"<strong>{account_length}</strong>", html_content)
        testcase.assertIn(f"with us for {account_length} days", text_content)
        testcase.assertIn(address, str(msg["Subject"]))
        testcase.assertEqual(msg["From"].addresses[0].addr_spec, "offers@example.com")
    testcase.assertEqual(len(seen), len(expected), "some segment members got no message")


def herald_binary():
    path = os.environ.get("HERALD_BIN")
    if not path or not os.path.exists(path):
        raise AssertionError("HERALD_BIN must point to the built herald runner")
    return path


def make_tmp():
    return tempfile.mkdtemp(prefix="herald-e2e-")
