"""Reviewer logins from hashed secrets in the settings (CLAIMTRACK_UI_USERS).

Hashes are `pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`; make one with
`python -m ui.auth hash` (asks for the password without echoing it).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import sys
import time

from claimtrack.settings import Settings

ALGO = "pbkdf2_sha256"
ITERATIONS = 200_000


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    dk = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGO}${iterations}${salt.hex()}${dk.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algo, iterations, salt_hex, hash_hex = stored.split("$")
        if algo != ALGO:
            return False
        dk = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(dk.hex(), hash_hex)


def check_login(settings: Settings, user: str, password: str) -> bool:
    stored = settings.ui_users.get(user)
    # Hash even for unknown users so timing does not tell which names exist.
    return verify_password(password, stored or hash_password("", iterations=ITERATIONS)) and stored is not None


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def review_mode(settings: Settings, server_address: str | None = None) -> str:
    """'login' when reviewer logins are configured, 'name' (free-text reviewer name) on loopback,
    'off' when served beyond this machine without logins. `server_address` is the address the
    Streamlit server was actually told to listen on, when known (it wins over the settings)."""
    if settings.ui_users:
        return "login"
    return "name" if is_loopback(server_address or settings.ui_host) else "off"


def failed_login_pause(seconds: float = 1.0) -> None:
    """Slow down password guessing from one session."""
    time.sleep(seconds)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["hash"]:
        print("usage: python -m ui.auth hash   (prints a hash for CLAIMTRACK_UI_USERS)", file=sys.stderr)
        return 2
    import getpass

    password = getpass.getpass("password: ")
    if not password:
        print("empty password refused", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
