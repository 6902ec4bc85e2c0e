"""The callback crypto against vectors computed elsewhere: Tencent's own WXBizMsgCrypt sample (URL verification), and
a vector built here step by step from the AES primitive with hand-made padding — not through wecom.crypto."""

import base64
import hashlib
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from wecom import xmlmsg
from wecom.crypto import (
    ConfigError,
    DecryptError,
    MsgCrypt,
    ReceiveIdError,
    SignatureError,
    StaleTimestampError,
    signature,
)

# Tencent's WXBizMsgCrypt sample (使用示例一：验证回调URL), as published with the official SDKs.
SAMPLE = {
    "token": "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
    "key": "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
    "corp_id": "ww1436e0e65a779aee",
    "msg_signature": "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb",
    "timestamp": "1476416373",
    "nonce": "47744683",
    "echostr": "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
    "plain": "1288432023552776189",
}


def test_tencent_sample_url_verification():
    crypt = MsgCrypt(SAMPLE["token"], SAMPLE["key"], SAMPLE["corp_id"])
    answer = crypt.verify_url(
        SAMPLE["msg_signature"],
        SAMPLE["timestamp"],
        SAMPLE["nonce"],
        SAMPLE["echostr"],
        now=int(SAMPLE["timestamp"]) + 10,
        max_skew=300,
    )
    assert answer == SAMPLE["plain"]
    # The same sample signs with plain SHA1 over the sorted four strings.
    parts = sorted([SAMPLE["token"], SAMPLE["timestamp"], SAMPLE["nonce"], SAMPLE["echostr"]])
    assert hashlib.sha1("".join(parts).encode()).hexdigest() == SAMPLE["msg_signature"]


def _independent_encrypt(key43: str, corp_id: str, message: str, random16: bytes) -> str:
    """The scheme written out by hand: a different code path from wecom.crypto."""
    key = base64.b64decode(key43 + "=")
    body = message.encode("utf-8")
    plain = random16 + len(body).to_bytes(4, "big") + body + corp_id.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad] * pad)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def test_encrypt_matches_the_independent_vector_and_round_trips():
    crypt = MsgCrypt(SAMPLE["token"], SAMPLE["key"], SAMPLE["corp_id"])
    message = "<xml><ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId><Name>江枫社区1号楼群</Name></xml>"
    random16 = b"0123456789abcdef"
    expected = _independent_encrypt(SAMPLE["key"], SAMPLE["corp_id"], message, random16)
    assert crypt.encrypt(message, random16=random16) == expected
    assert crypt.decrypt(expected) == message
    # A random prefix each time: two encryptions differ, both decrypt.
    one, two = crypt.encrypt(message), crypt.encrypt(message)
    assert one != two and crypt.decrypt(one) == crypt.decrypt(two) == message


def test_padding_is_to_32_byte_blocks_even_when_aligned():
    crypt = MsgCrypt(SAMPLE["token"], SAMPLE["key"], SAMPLE["corp_id"])
    # 16 + 4 + 20 + 18 (corp id) = 58 → 64; 16 + 4 + 26 + 18 = 64 → a whole extra block of 32.
    assert len(base64.b64decode(crypt.encrypt("x" * 20))) == 64
    assert len(base64.b64decode(crypt.encrypt("x" * 26))) == 96


def test_signature_is_order_independent_sha1():
    assert signature("b", "a", "c", "d") == hashlib.sha1(b"abcd").hexdigest()


def test_refusals():
    crypt = MsgCrypt("tok", SAMPLE["key"], "wwcorp")
    other = MsgCrypt("tok", SAMPLE["key"], "wwsomeoneelse")
    encrypted = other.encrypt("hello")
    with pytest.raises(ReceiveIdError):
        crypt.decrypt(encrypted)
    with pytest.raises(DecryptError):
        crypt.decrypt("!!!not base64!!!")
    with pytest.raises(DecryptError):
        crypt.decrypt(base64.b64encode(b"short").decode())
    # Whole blocks that decrypt to garbage: the padding check refuses them.
    with pytest.raises(DecryptError):
        crypt.decrypt(base64.b64encode(b"\x00" * 32).decode())
    with pytest.raises(SignatureError):
        crypt.check_signature("0" * 40, "1", "2", encrypted)
    with pytest.raises(StaleTimestampError):
        crypt.check_timestamp("1000", now=1000 + 301, max_skew=300)
    crypt.check_timestamp("1000", now=1000 + 300, max_skew=300)
    with pytest.raises(ConfigError):
        MsgCrypt("tok", "short", "wwcorp")


def test_a_length_field_past_the_end_is_refused():
    key = base64.b64decode(SAMPLE["key"] + "=")
    plain = b"r" * 16 + struct.pack(">I", 10_000) + b"abc" + b"wwcorp"
    pad = 32 - len(plain) % 32
    plain += bytes([pad] * pad)
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    forged = base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()
    with pytest.raises(DecryptError):
        MsgCrypt("tok", SAMPLE["key"], "wwcorp").decrypt(forged)


def test_xml_reads_flat_fields_and_lists():
    fields = xmlmsg.parse(
        xmlmsg.build({"ChatId": "wr1", "CreateTime": 1700000000, "MemChangeList": ["u1", "wm2"], "Name": "a]]>b"})
    )
    assert fields == {"ChatId": "wr1", "CreateTime": "1700000000", "MemChangeList": ["u1", "wm2"], "Name": "a]]>b"}


@pytest.mark.parametrize(
    "document",
    [
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml>&lol2;</xml>',
        '<!DOCTYPE xml [<!ENTITY ext SYSTEM "file:///etc/passwd">]><xml><A>&ext;</A></xml>',
        "<xml><A>unclosed</xml>",
        "not xml at all",
    ],
)
def test_xml_refuses_entities_and_garbage(document):
    with pytest.raises(xmlmsg.XMLRefused):
        xmlmsg.parse(document)
