"""Verification codes: 100 random bits, written as 20 Crockford base32 characters in groups
of four (``7KQ2-M9XD-4HTR-0BWN-C3FP``), easy to read aloud and to type.

Crockford's alphabet leaves out I, L, O and U; when a code is typed, I and L are read as 1,
O as 0, and spaces, dashes and case are ignored.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # 20 characters of 5 bits each: 100 bits
GROUP = 4
_TYPED = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A fresh random code, grouped."""
    return group("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def group(raw: str) -> str:
    return "-".join(raw[start : start + GROUP] for start in range(0, len(raw), GROUP))


def normalize_code(typed: str) -> str | None:
    """The grouped code a person meant, or None when it cannot be a code at all."""
    raw = "".join(char for char in (typed or "").upper() if char not in " -\t").translate(_TYPED)
    if len(raw) != LENGTH or any(char not in ALPHABET for char in raw):
        return None
    return group(raw)
