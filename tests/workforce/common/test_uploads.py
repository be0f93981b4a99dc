"""Uploads go through the virus-check hook: a scanner's flag refuses the file, and ClamAV is asked in its
own protocol where a daemon is configured."""

import socket
import struct
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.library.documents import validate_document_upload
from competencies.framework.exchange.formats import parse_upload
from competencies.framework.exchange.structure import FileProblems
from workforce.common.uploads import clamd_scan, scan_content
from workforce.people.staff_import import read_staff_file

# The standard anti-virus test file: harmless, and flagged by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def flag_eicar(content: bytes):
    return "Eicar-Test-Signature" if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in content else None


@pytest.fixture
def scanner(settings):
    settings.UPLOAD_SCANNERS = ["tests.workforce.common.test_uploads.flag_eicar"]


@pytest.mark.usefixtures("scanner")
def test_a_flagged_document_is_refused():
    with pytest.raises(ValidationError, match="refused by the virus check"):
        validate_document_upload(SimpleUploadedFile("guide.pdf", b"%PDF-1.7\n" + EICAR))


@pytest.mark.usefixtures("scanner")
def test_a_flagged_staff_file_is_refused():
    with pytest.raises(ValidationError, match="refused by the virus check"):
        read_staff_file(name="staff.csv", content=b"email,first_name\n" + EICAR)


@pytest.mark.usefixtures("scanner")
def test_a_flagged_framework_file_is_refused():
    with pytest.raises(FileProblems, match="refused by the virus check"):
        parse_upload(raw=b"{}" + EICAR, filename="framework.json", fmt="native")


@pytest.mark.usefixtures("scanner")
def test_a_clean_file_passes():
    scan_content(b"%PDF-1.7 a plain guide")


def test_with_no_daemon_configured_the_file_is_let_through_and_the_log_says_so(settings, caplog):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""
    assert clamd_scan(EICAR) is None
    assert "not scanned" in caplog.text


class FakeClamd:
    """A ClamAV daemon on a Unix socket that reads one INSTREAM and answers like clamd does."""

    def __init__(self, path, reply=None):
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(1)
        self.reply = reply
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _ = self.server.accept()
        with connection:
            command = connection.recv(10)
            assert command == b"zINSTREAM\0"
            while True:
                (size,) = struct.unpack("!L", self._exactly(connection, 4))
                if not size:
                    break
                self.received += self._exactly(connection, size)
            found = b"EICAR-STANDARD" in self.received
            answer = self.reply or (b"stream: Eicar-Test-Signature FOUND\0" if found else b"stream: OK\0")
            connection.sendall(answer)
        self.server.close()

    @staticmethod
    def _exactly(connection, size):
        data = b""
        while len(data) < size:
            data += connection.recv(size - len(data))
        return data


def test_clamd_is_asked_in_its_own_protocol_and_its_finding_refuses_the_file(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "clamd.sock")
    daemon = FakeClamd(tmp_path / "clamd.sock")
    with pytest.raises(ValidationError, match=r"virus check \(Eicar-Test-Signature\)"):
        scan_content(b"%PDF-1.7\n" + EICAR * 3000)  # several chunks
    daemon.thread.join(5)
    assert daemon.received.startswith(b"%PDF-1.7")


def test_a_clean_answer_from_clamd_lets_the_file_through(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "clamd.sock")
    FakeClamd(tmp_path / "clamd.sock")
    scan_content(b"%PDF-1.7 a plain guide")


def test_a_daemon_that_cannot_answer_keeps_the_file_out(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(ValidationError, match="could not be reached"):
        scan_content(b"%PDF-1.7 a plain guide")
