"""The WeCom callback crypto (WXBizMsgCrypt), owned here rather than taken from wechatpy (release-frozen; issue 19).

* key = base64decode(EncodingAESKey + "=") — 32 bytes, AES-256-CBC; IV = key[:16].
* plaintext = 16 random bytes + 4-byte big-endian length of the message + message (UTF-8) + ReceiveId (the CorpID),
  padded PKCS#7 to a multiple of 32 bytes (not AES's 16: the scheme's own block size), then base64.
* msg_signature = SHA1 hex of the four strings token, timestamp, nonce and the ciphertext, sorted and concatenated.

Every way a callback can be wrong raises a ``CallbackError`` subclass with the HTTP status the endpoint answers:
403 for a signature, receive id or timestamp the gateway refuses, 400 for input that is not the scheme's at all.
"""

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # the scheme pads to 32 bytes (WXBizMsgCrypt's PKCS7Encoder.block_size)


class CallbackError(Exception):
    status = 400
    code = "bad_request"


class SignatureError(CallbackError):
    status = 403
    code = "bad_signature"


class ReceiveIdError(CallbackError):
    status = 403
    code = "wrong_receive_id"


class StaleTimestampError(CallbackError):
    status = 403
    code = "stale_timestamp"


class DecryptError(CallbackError):
    status = 400
    code = "undecryptable"


class ConfigError(Exception):
    """The gateway's own EncodingAESKey is unusable: an operator's mistake, found at start-up."""


def aes_key(encoding_aes_key: str) -> bytes:
    """The 43-character EncodingAESKey → the 32-byte AES key."""
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigError("EncodingAESKey is not base64") from exc
    if len(key) != 32:
        raise ConfigError("EncodingAESKey must decode to 32 bytes (43 characters)")
    return key


def signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    return hashlib.sha1("".join(sorted([token, str(timestamp), str(nonce), encrypted])).encode()).hexdigest()


def _pad(data: bytes) -> bytes:
    n = BLOCK - len(data) % BLOCK
    return data + bytes([n]) * n


def _unpad(data: bytes) -> bytes:
    if not data:
        raise DecryptError("empty plaintext")
    n = data[-1]
    if not 1 <= n <= BLOCK or data[-n:] != bytes([n]) * n:
        raise DecryptError("bad padding")
    return data[:-n]


class MsgCrypt:
    def __init__(self, token: str, encoding_aes_key: str, receive_id: str):
        self.token = token
        self.key = aes_key(encoding_aes_key)
        self.receive_id = receive_id

    def _cipher(self):
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, message: str, *, random16: bytes | None = None) -> str:
        random16 = os.urandom(16) if random16 is None else random16
        body = message.encode()
        plain = random16 + struct.pack(">I", len(body)) + body + self.receive_id.encode()
        enc = self._cipher().encryptor()
        return base64.b64encode(enc.update(_pad(plain)) + enc.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        try:
            raw = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DecryptError("ciphertext is not base64") from exc
        if not raw or len(raw) % 16:
            raise DecryptError("ciphertext is not whole AES blocks")
        dec = self._cipher().decryptor()
        plain = _unpad(dec.update(raw) + dec.finalize())
        if len(plain) < 20:
            raise DecryptError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        if 20 + length > len(plain):
            raise DecryptError("length field past the end")
        try:
            message = plain[20 : 20 + length].decode()
            receive_id = plain[20 + length :].decode()
        except UnicodeDecodeError as exc:
            raise DecryptError("not UTF-8") from exc
        if not hmac.compare_digest(receive_id.encode(), self.receive_id.encode()):
            raise ReceiveIdError("receive id is not our corp id")
        return message

    def check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        expected = signature(self.token, timestamp, nonce, encrypted)
        if not hmac.compare_digest(expected.encode(), (msg_signature or "").lower().encode()):
            raise SignatureError("msg_signature does not match")

    def check_timestamp(self, timestamp: str, *, now: float, max_skew: int) -> None:
        try:
            ts = int(timestamp)
        except (TypeError, ValueError) as exc:
            raise CallbackError("timestamp is not an integer") from exc
        if abs(now - ts) > max_skew:
            raise StaleTimestampError("timestamp outside the accepted window")

    def verify_url(self, msg_signature, timestamp, nonce, echostr, *, now: float, max_skew: int) -> str:
        """GET verification: the decrypted echostr alone."""
        self.check_timestamp(timestamp, now=now, max_skew=max_skew)
        self.check_signature(msg_signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def decrypt_message(self, msg_signature, timestamp, nonce, encrypted, *, now: float, max_skew: int) -> str:
        self.check_timestamp(timestamp, now=now, max_skew=max_skew)
        self.check_signature(msg_signature, timestamp, nonce, encrypted)
        return self.decrypt(encrypted)
