#!/usr/bin/python3
"""Prints the messages of a Maildir as JSON, decoded by Python's own email package (an
independent RFC 5322/2047/2045 parser): envelope, decoded headers and each MIME part's text.
Usage: /usr/bin/python3 read_maildir.py MAILDIR
"""
import email.policy
import json
import mailbox
import sys
from email.parser import BytesParser


def main():
    out = []
    box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
    for key in sorted(box.keys()):
        with box.get_file(key) as f:
            raw = f.read()
        msg = BytesParser(policy=email.policy.default).parsebytes(raw)
        parts = []
        leaves = list(msg.iter_parts()) if msg.is_multipart() else [msg]
        for part in leaves:
            parts.append({"content_type": part.get_content_type(), "charset": part.get_content_charset(),
                          "transfer_encoding": part.get("Content-Transfer-Encoding", ""), "text": part.get_content()})
        out.append({
            "mail_from": str(msg["X-MailFrom"]), "rcpt_to": str(msg["X-RcptTo"]),
            "from": str(msg["From"]), "to": str(msg["To"]), "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]), "date": str(msg["Date"]),
            "content_type": msg.get_content_type(), "parts": parts,
            "defects": [type(d).__name__ for d in msg.defects] + [type(d).__name__ for p in leaves for d in p.defects],
            "max_line": max(len(line) for line in raw.split(b"\r\n")),
            "bare_lf": raw.replace(b"\r\n", b"").count(b"\n"),
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
