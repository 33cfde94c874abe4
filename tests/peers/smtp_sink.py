#!/usr/bin/python3
"""SMTP test peer: aiosmtpd (python3-aiosmtpd) with AUTH and optional STARTTLS, storing every
accepted message byte-for-byte in a Maildir.

Usage: /usr/bin/python3 smtp_sink.py --maildir DIR [--port 0] [--user U --password P]
                                     [--cert C --key K [--require-starttls]] [--auth-required]
Prints "listening 127.0.0.1:<port>" on stdout once it accepts connections (--port 0 picks a free
port, bound before the line is printed, so there is no race). Stops on SIGTERM/SIGINT.

Test hooks: recipients starting with "reject" get "550 5.1.1", with "busy" get "451 4.2.0".
Every EHLO/HELO name is appended to DIR/../ehlo.log (one line per SMTP session greeting), so a
test can count connections and check the EHLO name. Stored messages get X-MailFrom and X-RcptTo
headers prepended (the original bytes follow unchanged).
"""
import argparse
import mailbox
import os
import signal
import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class BoundController(Controller):
    """A Controller serving on an already bound socket (so --port 0 works)."""

    def __init__(self, handler, sock, **kwargs):
        self._sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class MaildirSink:
    def __init__(self, maildir):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.ehlo_log = os.path.join(os.path.dirname(os.path.abspath(maildir)), "ehlo.log")

    def _log_greeting(self, hostname):
        with open(self.ehlo_log, "a", encoding="utf-8") as f:
            f.write(hostname + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self._log_greeting(hostname)
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        session.host_name = hostname
        self._log_greeting(hostname)
        return "250 {}".format(server.hostname)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 <{}>: mailbox unavailable".format(address)
        if address.startswith("busy"):
            return "451 4.2.0 <{}>: try again later".format(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        prefix = "X-MailFrom: {}\r\nX-RcptTo: {}\r\n".format(envelope.mail_from, ", ".join(envelope.rcpt_tos))
        self.maildir.add(prefix.encode("utf-8") + envelope.original_content)
        return "250 2.0.0 OK stored"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--maildir", required=True)
    p.add_argument("--user", default="user")
    p.add_argument("--password", default="pass")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--auth-required", action="store_true")
    a = p.parse_args()

    def auth(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == a.user.encode() and data.password == a.password.encode()
        return AuthResult(success=ok, handled=False)  # handled=False => 535 on failure (True hangs the client)

    tls = None
    if a.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(a.cert, a.key)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", a.port))
    controller = BoundController(MaildirSink(a.maildir), sock, authenticator=auth, auth_require_tls=bool(tls),
                                 auth_required=a.auth_required, tls_context=tls,
                                 require_starttls=a.require_starttls)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    controller.start()
    print("listening 127.0.0.1:{}".format(sock.getsockname()[1]), flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
