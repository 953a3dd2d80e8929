#!/usr/bin/env python3
"""A webhook receiver that verifies Standard Webhooks signatures (standard library only).

    python3 docs/examples/webhook_receiver.py --port 9000 --secret "$(curl -s \
        -H "Authorization: Bearer $SCREENSHOTS_API_KEY" http://127.0.0.1:8080/webhook-secret \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')"

then submit a job with "webhook": {"url": "http://<this host>:9000/hook"}. It answers 204 to a
valid delivery and 401 to anything else (the service then retries). Note that the service's URL
policy refuses loopback and private addresses unless allowed (security.url-policy.allow).
"""
import argparse
import base64
import hashlib
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE_SECONDS = 300


def verify(secret: str, headers, body: bytes) -> bool:
    """True if the delivery is signed with the secret and not older than the tolerance."""
    msg_id, timestamp = headers.get("webhook-id"), headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature", "")
    if not msg_id or not timestamp or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures.split())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--secret", required=True, help="the tenant's secret, whsec_…")
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not verify(args.secret, self.headers, body):
                self.send_response(401)
                self.end_headers()
                print("rejected: bad or missing signature")
                return
            event = json.loads(body)
            print(f"{event['type']} {event['data']['id']} (webhook-id {self.headers['webhook-id']})")
            self.send_response(204)
            self.end_headers()

    HTTPServer(("0.0.0.0", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
