"""Shared pieces of the benchmark scripts: start the service jar on a fresh schema, sign requests as the
guide's Python client does, and talk to PostgreSQL through psql. Standard library only."""
import base64
import hashlib
import hmac
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "coupon-service-0.1.0-SNAPSHOT.jar")
PG = {"host": os.environ.get("PG_HOST", "127.0.0.1"), "port": os.environ.get("PG_PORT", "5432"),
      "db": os.environ.get("PG_DATABASE", "postgres"), "user": os.environ.get("PG_USER", "postgres")}


def build_jar():
    if not os.path.exists(JAR):
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)


class Service:
    """One service process on its own port and schema, with the admin API on its ops port (port + 1000)."""

    def __init__(self, port=18090, extra_env=None, share_with=None, jar=JAR):
        """share_with: another Service whose schema and admin token this one uses (and leaves in place); jar: the
        service's jar (another build, for an A/B comparison)."""
        self.port = port
        self.ops_port = port + 1000
        self.owns_schema = share_with is None
        self.schema = share_with.schema if share_with else "bench_" + uuid.uuid4().hex[:10]
        self.admin_token = share_with.admin_token if share_with else uuid.uuid4().hex
        env = dict(os.environ, HTTP_PORT=str(port), OPS_PORT=str(self.ops_port), PG_SCHEMA=self.schema, ADMIN_TOKEN=self.admin_token,
                   PG_HOST=PG["host"], PG_PORT=PG["port"], PG_DATABASE=PG["db"], PG_USER=PG["user"])
        env.update(extra_env or {})
        self.log = open(os.path.join(ROOT, "target", f"bench-service-{port}.log"), "w")
        self.process = subprocess.Popen(["java", "-Xmx256m", "-jar", jar], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        self.ops = f"http://127.0.0.1:{self.ops_port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                # The public port opens last, after the ops listener: once it answers, both do.
                self.call("GET", "/health/live")
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the service did not start; see " + self.log.name)

    def stop(self):
        self.process.terminate()
        self.process.wait(30)
        if self.owns_schema:
            psql(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")

    def call(self, method, path, body=None, admin=False, tenant=None):
        data = b"" if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if admin:
            headers["Authorization"] = "Bearer " + self.admin_token
        if tenant:
            # The service accepts each signed write once: the same request signed again within a second takes an
            # earlier second, as a client that signs every request anew would.
            signed = vars(self).setdefault("signed", set())  # chaos.py makes a Service without __init__
            second = int(time.time())
            while (tenant["id"], method, path, data, second) in signed:
                second -= 1
            signed.add((tenant["id"], method, path, data, second))
            timestamp = str(second)
            canonical = f"{method}\n{path}\n{timestamp}\n{data.decode()}"
            digest = hmac.new(tenant["secret"].encode(), canonical.encode(), hashlib.sha256).hexdigest()
            headers.update({"X-Tenant-Id": tenant["id"], "X-Timestamp": timestamp, "X-Signature": "hmac-sha256=" + digest})
        request = urllib.request.Request((self.ops if admin else self.base) + path, data=data if body is not None else None, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read() or b"null")

    def tenant(self):
        return self.call("POST", "/v1/admin/tenants", {"id": "bench-" + uuid.uuid4().hex[:8], "name": "Bench"}, admin=True)

    def definition(self, tenant, config):
        item = self.call("POST", f"/v1/coupons/{tenant['id']}/reward-items",
                         {"name": "100 Bonus Points", "reward_type": "points", "payload": {"amount": 100}}, tenant=tenant)
        config = dict(config, reward_item_id=item["item_id"])
        return self.call("POST", f"/v1/coupons/{tenant['id']}/definitions", {"name": "Bench", "config": config}, tenant=tenant)


def jwt(tenant, ttl=7200):
    """A server's token (no sub), HS256 with the tenant's secret, as jsonwebtoken makes it."""
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    now = int(time.time())
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64(json.dumps({"sub_type": "tenant", "sub_id": tenant["id"], "iat": now, "exp": now + ttl}, separators=(",", ":")).encode())
    sig = hmac.new(tenant["secret"].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"


def psql(sql, schema=None):
    command = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", PG["db"], "-v", "ON_ERROR_STOP=1", "-Atq"]
    if schema:
        sql = f"SET search_path TO {schema};\n" + sql
    return subprocess.run(command, input=sql, text=True, capture_output=True, check=True).stdout.strip()


def machine():
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
    mem = subprocess.run(["sh", "-c", "free -g | awk '/Mem:/ {print $2}'"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB"


def notify_trigger_sql():
    """The outbox insert trigger that NOTIFYs in every writing transaction, exactly as V3 created it (V35 dropped it):
    the B side of the wake-up comparisons."""
    import re
    with open(os.path.join(ROOT, "src/main/resources/db/migration/V3__outbox_and_webhooks.sql")) as v3:
        return re.search(r"CREATE FUNCTION outbox_events_notify.*?EXECUTE FUNCTION outbox_events_notify\(\);", v3.read(), re.S).group(0)
