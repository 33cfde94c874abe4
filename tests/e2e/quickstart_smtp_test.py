"""The quickstart's SMTP variant: the same campaign through channel/email-smtp to a real SMTP server
(python3-aiosmtpd, started here on 127.0.0.1); the test reads what the server stored."""
import json
import os
import re
import shutil
import socket
import subprocess
import time
import unittest

import quickstart_common as qc

PEER = os.path.join(qc.ROOT, "tests", "peers", "smtp_sink.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class QuickstartSmtp(unittest.TestCase):
    def test_smtp_server_receives_every_message(self):
        tmp = qc.make_tmp()
        port = free_port()
        maildir = os.path.join(tmp, "maildir")
        server = subprocess.Popen(["/usr/bin/python3", PEER, "--port", str(port), "--maildir", maildir],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError("SMTP server did not start: " + (server.stdout.read() or ""))
                    time.sleep(0.05)
            work = qc.copy_sample(tmp)
            config_path = os.path.join(work, "herald-smtp.json")
            with open(config_path, encoding="utf-8") as f:
                config = json.load(f)
            config["channels"][0]["settings"]["url"] = f"smtp://127.0.0.1:{port}"
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(config, f)
            stdout = qc.run_herald(qc.herald_binary(), work, "herald-smtp.json")
            expected = qc.expected_recipients()
            new_dir = os.path.join(maildir, "new")
            files = [os.path.join(new_dir, f) for f in os.listdir(new_dir)]
            self.assertEqual(len(files), len(expected), stdout)
            messages = []
            for path in files:
                with open(path, "rb") as f:
                    msg = qc.parse_message(f.read())
                # The envelope recipient the server saw is the endpoint's address.
                self.assertEqual(str(msg["X-RcptTo"]).strip(), str(msg["To"]).strip())
                self.assertTrue(re.match(r"^<[^<>@\s]+@[^<>@\s]+>$", str(msg["Message-ID"])), msg["Message-ID"])
                self.assertIsNotNone(msg["Date"])
                self.assertEqual(msg.get_content_type(), "multipart/alternative")
                messages.append(msg)
            qc.check_messages(messages, expected, self)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            server.stdout.close()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
