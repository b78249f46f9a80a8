# >>> clients.md: python hook
import hashlib
import hmac
import json
import threading
import time
from urllib.parse import urlsplit

import phoenix_coupons


class HmacSigningApiClient(phoenix_coupons.ApiClient):
    """Signs every request of the generated client as the coupon service's tenantHmac scheme says."""

    def __init__(self, configuration, tenant_id, secret):
        super().__init__(configuration)
        self.tenant_id = tenant_id
        self.key = secret.encode("utf-8")  # the secret's UTF-8 bytes
        self.lock = threading.Lock()
        self.second, self.writes = None, set()  # the writes signed in the current second

    def call_api(self, method, url, header_params=None, body=None, post_params=None, _request_timeout=None):
        parts = urlsplit(url)
        path = parts.path + ("?" + parts.query if parts.query else "")
        # the generated REST client sends a JSON body as json.dumps(body): sign those very bytes
        payload = b"" if body is None else json.dumps(body).encode("utf-8")
        while True:
            timestamp = str(int(time.time()))
            canonical = f"{method}\n{path}\n{timestamp}\n".encode("utf-8") + payload
            signature = hmac.new(self.key, canonical, hashlib.sha256).hexdigest()
            if method in ("GET", "HEAD") or self._first_this_second(timestamp, signature):
                break
            # the same write (a retry) signed again this second is the same signature, refused as a replay
            time.sleep(1 - time.time() % 1)
        headers = dict(header_params or {})
        headers.update({"X-Tenant-Id": self.tenant_id, "X-Timestamp": timestamp,
                        "X-Signature": "hmac-sha256=" + signature})
        return super().call_api(method, url, headers, body, post_params, _request_timeout)

    def _first_this_second(self, timestamp, signature):
        with self.lock:
            if timestamp != self.second:
                self.second, self.writes = timestamp, set()
            first = signature not in self.writes
            self.writes.add(signature)
            return first
# <<< clients.md
