"""A real SMTP server on the loopback (aiosmtpd), which CKAN's mailer sends to."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the server received, each message parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.server = ""
        # what `ckan` commands read (they load the configuration file again)
        self.environment: dict[str, str] = {}

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(ckan_config, monkeypatch) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.server = f"127.0.0.1:{controller.port}"
    inbox.environment = {
        "CKAN_SMTP_SERVER": inbox.server,
        "CKAN_SMTP_MAIL_FROM": "portal@example.org",
    }
    monkeypatch.setitem(ckan_config, "smtp.server", inbox.server)
    monkeypatch.setitem(ckan_config, "smtp.mail_from", "portal@example.org")
    try:
        yield inbox
    finally:
        controller.stop()
