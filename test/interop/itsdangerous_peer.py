"""Python side of test/interop/itsdangerous.test.ts.

Reads a JSON list of cases on stdin and writes a JSON list of results on stdout, one per
case, in order. Each case names an itsdangerous class (or "Starlette" for Starlette's real
SessionMiddleware), its parameters, a fixed clock, and an operation:

  {"cls": "URLSafeTimedSerializer", "secret": "k" | ["old", "new"] | {"hex": "..."},
   "salt": null | "s" | {"hex": "..."}, "kd": "hmac", "digest": "sha256",
   "now": 1308874145, "op": "dumps", "value": ...}
  {..., "op": "loads", "token": "...", "max_age": null | 10}

Results: {"token": "..."} | {"value": ..., "ts": 1308874145 | null} | {"error": "BadSignature"}.
"""

import asyncio
import hashlib
import json
import sys

import itsdangerous
from itsdangerous.timed import TimestampSigner
from starlette.middleware.sessions import SessionMiddleware

NOW = [0]
# The fixed clock for every signer, as freezegun does in itsdangerous's own tests.
TimestampSigner.get_timestamp = lambda self: NOW[0]


def text_or_bytes(spec):
    if isinstance(spec, dict):
        return bytes.fromhex(spec["hex"])
    return spec


def secret_of(case):
    secret = case["secret"]
    if isinstance(secret, list):
        return [text_or_bytes(s) for s in secret]
    return text_or_bytes(secret)


def signer_kwargs(case):
    kwargs = {}
    if case.get("kd"):
        kwargs["key_derivation"] = case["kd"]
    if case.get("digest"):
        kwargs["digest_method"] = getattr(hashlib, case["digest"])
    return kwargs


def make(case):
    cls = getattr(itsdangerous, case["cls"])
    salt = text_or_bytes(case.get("salt"))
    if issubclass(cls, itsdangerous.Signer):
        args = {"salt": salt} if salt is not None else {}
        return cls(secret_of(case), **args, **signer_kwargs(case))
    args = {"salt": salt} if salt is not None else {}
    return cls(secret_of(case), **args, signer_kwargs=signer_kwargs(case))


async def starlette_round_trip(case):
    """Runs one request through Starlette's SessionMiddleware, the way a server would."""
    seen = {}

    async def app(scope, receive, send):
        if case["op"] == "dumps":
            scope["session"].update(case["value"])
        seen["session"] = dict(scope["session"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    kwargs = {"max_age": case["max_age"]} if case.get("max_age") is not None else {}
    middleware = SessionMiddleware(app, secret_key=case["secret"], **kwargs)
    headers = []
    if case["op"] == "loads":
        headers.append((b"cookie", b"session=" + case["token"].encode("latin-1")))
    scope = {"type": "http", "method": "GET", "path": "/", "headers": headers}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await middleware(scope, receive, send)
    if case["op"] == "loads":
        return {"value": seen["session"]}
    for name, value in sent[0]["headers"]:
        if name == b"set-cookie":
            cookie = value.decode("latin-1")
            return {"token": cookie.split(";", 1)[0].split("=", 1)[1]}
    return {"error": "NoCookie"}


def run(case):
    NOW[0] = case["now"]
    if case["cls"] == "Starlette":
        return asyncio.run(starlette_round_trip(case))
    obj = make(case)
    try:
        if case["op"] == "dumps":
            if isinstance(obj, itsdangerous.Signer):
                return {"token": obj.sign(case["value"]).decode("utf-8")}
            return {"token": obj.dumps(case["value"])}
        max_age = case.get("max_age")
        if isinstance(obj, itsdangerous.TimestampSigner):
            value, date = obj.unsign(case["token"], max_age=max_age, return_timestamp=True)
            return {"value": value.decode("utf-8"), "ts": int(date.timestamp())}
        if isinstance(obj, itsdangerous.Signer):
            return {"value": obj.unsign(case["token"]).decode("utf-8")}
        if isinstance(obj, itsdangerous.TimedSerializer):
            value, date = obj.loads(case["token"], max_age=max_age, return_timestamp=True)
            return {"value": value, "ts": int(date.timestamp())}
        return {"value": obj.loads(case["token"])}
    except itsdangerous.BadData as error:
        return {"error": type(error).__name__}


def main():
    cases = json.load(sys.stdin)
    # ensure_ascii keeps lone surrogates (which UTF-8 cannot carry) intact on the way back.
    json.dump([run(case) for case in cases], sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
