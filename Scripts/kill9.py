#!/usr/bin/env python3
"""The steps and checks of Scripts/kill9.sh: durability of request intake across `kill -9`.

The shell script prepares a data directory (demo data, a `hotline` bearer token) and, for
PostgreSQL, a database of its own; this starts `minsheng serve` on it and then

  1. sends SUBMISSIONS `POST /api/v1/requests`, each with its own Idempotency-Key, from WORKERS
     concurrent connections, and sends SIGKILL to the server as soon as half have been
     acknowledged (a 201 with an id fully received);
  2. starts the server again on the same data and retries every submission that was not
     acknowledged, with the same key and body: a 201 means it had not been stored, a 200 with
     `Idempotent-Replayed: true` means it had been stored but its answer was lost in the kill;
  3. sends every acknowledged submission again with its key: each must be a replay (200,
     `Idempotent-Replayed: true`) with the id first given, never a new request;
  4. reads every id back through `GET /api/v1/requests/{id}`;
  5. counts in the database (sqlite3 module, or psql): table citizen_requests, each key exactly
     once with the id the client was given, and SUBMISSIONS new rows in all.

Prints the figures; exits 1 on any loss, duplicate or broken promise. Standard library only.
"""
import argparse
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

KINDS = ["consult", "help", "complaint", "report", "suggestion"]
STREETS = ["东城街道", "西城街道", "南湖街道", "北苑街道", "新华街道"]
TEXTS = ["小区路灯不亮已有一周，夜间出行不便", "楼下餐馆油烟扰民，请相关部门处理",
         "咨询新生儿医保办理需要哪些材料", "道路井盖破损，存在安全隐患", "建议在公交站增设遮阳棚"]


class Submission:
    def __init__(self, index, key, body):
        self.index = index
        self.key = key
        self.body = body
        self.started = None     # monotonic time the first POST began (phase 1)
        self.acked = False      # a 2xx with an id was fully received in phase 1
        self.id = None          # the id the client was given (phase 1, else phase 2)
        self.outcome = None     # phase 1: "acked", or why not
        self.retry = None       # phase 2: "created" | "replayed" | failure text
        self.raw = build("POST", "/api/v1/requests", ARGS.token, body, key)   # the same bytes every time


class Conn:
    """One keep-alive HTTP/1.1 connection on a raw socket: far less client CPU per request than
    http.client, so the server, not this client, is where requests wait when the kill comes."""

    def __init__(self, port, timeout=60):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buf = None, b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buf += chunk

    def exchange(self, raw):
        """Sends one request (bytes) and reads its answer: (status, {lower-case header: value}, body)."""
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(raw)
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            n = int(headers["content-length"])
            while len(self.buf) < n:
                self._fill()
            body, self.buf = self.buf[:n], self.buf[n:]
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                while b"\r\n" not in self.buf:
                    self._fill()
                size_line, self.buf = self.buf.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                while len(self.buf) < size + 2:
                    self._fill()
                body, self.buf = body + self.buf[:size], self.buf[size + 2:]
                if size == 0:
                    break
        else:  # no length: the body runs to the end of the connection
            try:
                while True:
                    self._fill()
            except ConnectionError:
                pass
            body, self.buf = self.buf, b""
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body


def build(method, path, token, body=None, key=None):
    """The bytes of one request."""
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{ARGS.port}", "Authorization: Bearer " + token,
            "Accept: application/json"]
    data = b""
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    if key is not None:
        head.append("Idempotency-Key: " + key)
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data


def request(conn, method, path, token, body=None, key=None):
    return conn.exchange(build(method, path, token, body, key))


def parse_id(payload):
    try:
        return str(uuid.UUID(str(json.loads(payload)["id"])))
    except (ValueError, KeyError, TypeError):
        return None


def snippet(payload, n=200):
    return re.sub(r"\s+", " ", payload.decode("utf-8", "replace"))[:n]


class Server:
    def __init__(self, args):
        self.args = args
        self.proc = None
        self.log = open(args.log, "ab")

    def start(self, label):
        self.log.write(f"\n===== kill9.py: {label} =====\n".encode())
        self.log.flush()
        self.proc = subprocess.Popen(
            [self.args.bin, "serve", "--data", self.args.data, "--port", str(self.args.port), "--env", "production"],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=self.args.root)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"FAIL kill9: minsheng serve exited ({self.proc.returncode}) while starting; see {self.args.log}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    return time.monotonic() - (deadline - 180)
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit("FAIL kill9: minsheng serve did not answer /healthz within 180 s")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_pool(workers, items, work):
    """Runs work(conn, item) for every item from `workers` threads, one keep-alive connection each
    (work returns False when the connection is to be dropped)."""
    lock = threading.Lock()
    position = [0]

    def loop():
        conn = None
        while True:
            with lock:
                if position[0] >= len(items):
                    break
                item = items[position[0]]
                position[0] += 1
            if conn is None:
                conn = Conn(ARGS.port)
            if not work(conn, item):
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=loop) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def db_rows(args, pattern):
    """(total rows, [(id, idempotency_key)] of rows whose key contains pattern)."""
    if args.psql_url:
        def psql(sql):
            run = subprocess.run(["psql", args.psql_url, "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                raise SystemExit(f"FAIL kill9: psql: {run.stderr.strip()}")
            out = run.stdout
            return [line.split("\t") for line in out.splitlines() if line]
        total = int(psql("SELECT count(*) FROM citizen_requests")[0][0])
        rows = psql(f"SELECT id::text, idempotency_key FROM citizen_requests WHERE idempotency_key LIKE '%{pattern}%'")
        return total, [(str(uuid.UUID(r[0])), r[1]) for r in rows]
    con = sqlite3.connect(f"file:{os.path.join(args.data, 'minsheng.sqlite')}?mode=ro", uri=True, timeout=30)
    try:
        total = con.execute("SELECT count(*) FROM citizen_requests").fetchone()[0]
        rows = con.execute("SELECT id, idempotency_key FROM citizen_requests WHERE idempotency_key LIKE ?",
                           (f"%{pattern}%",)).fetchall()
    except sqlite3.Error as e:
        raise SystemExit(f"FAIL kill9: sqlite3: {e}")
    finally:
        con.close()

    def as_uuid(v):  # Fluent's SQLite driver stores a UUID as 16 bytes; text is read too
        return str(uuid.UUID(bytes=bytes(v))) if isinstance(v, (bytes, memoryview)) and len(v) == 16 else str(uuid.UUID(str(v)))
    return total, [(as_uuid(i), k) for i, k in rows]


def main():
    global ARGS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--root", default=os.getcwd(), help="working directory of `minsheng serve` (package root)")
    p.add_argument("--port", type=int, default=8096)
    p.add_argument("--token", required=True, help="bearer token of the demo hotline user")
    p.add_argument("--submissions", type=int, default=1000)
    p.add_argument("--workers", type=int, default=32)
    p.add_argument("--kill-at", type=int, default=None, help="acknowledgements before the kill (default half)")
    p.add_argument("--psql-url", default="", help="count with psql in this PostgreSQL database instead of SQLite")
    p.add_argument("--log", required=True)
    ARGS = args = p.parse_args()
    n = args.submissions
    kill_at = args.kill_at if args.kill_at is not None else n // 2
    problems = []
    server = Server(args)
    try:
        t = server.start("first start")
        print(f"   server up in {t:.1f} s (pid {server.proc.pid}); storage: {'PostgreSQL (psql)' if args.psql_url else 'SQLite ' + os.path.join(args.data, 'minsheng.sqlite')}")
        conn = Conn(args.port, timeout=30)
        status, _, payload = request(conn, "GET", "/api/v1/request-categories", args.token)
        conn.close()
        if status != 200:
            raise SystemExit(f"FAIL kill9: GET /api/v1/request-categories: {status} {snippet(payload)}")
        catalogue = json.loads(payload)
        codes = [c["code"] for c in catalogue]
        # The leaves of the catalogue (a code no other code extends: 0101, not 01), active ones.
        categories = [c["code"] for c in catalogue if c.get("active", True)
                      and not any(o != c["code"] and o.startswith(c["code"]) for o in codes)]
        if not categories:
            raise SystemExit("FAIL kill9: GET /api/v1/request-categories returned no category")
        baseline, _ = db_rows(args, "kill9-")

        nonce = uuid.uuid4().hex[:12]
        items = []
        for i in range(n):
            key = f"kill9-{nonce}-{i:05d}"
            items.append(Submission(i, key, {
                "channel": "hotline", "kind": KINDS[i % len(KINDS)], "categoryCode": categories[i % len(categories)],
                "text": f"{TEXTS[i % len(TEXTS)]}（kill9 第 {i + 1} 件，{key}）",
                "requesterName": f"市民{i % 100:02d}", "requesterPhone": f"139{i:08d}",
                "address": f"示范市{STREETS[i % len(STREETS)]}幸福路{i % 300 + 1}号", "street": STREETS[i % len(STREETS)]}))

        # ---- 1. the storm, and the kill --------------------------------------------------------
        lock = threading.Lock()
        state = {"acks": 0, "kill_t": None}
        killed = threading.Event()

        def submit(conn, item):
            if killed.is_set():
                item.outcome = "not sent (server killed)"
                return True
            item.started = time.monotonic()
            try:
                status, headers, payload = conn.exchange(item.raw)
            except (OSError, ValueError, IndexError) as e:
                item.outcome = f"no answer ({type(e).__name__})"
                return False
            if status == 201 and parse_id(payload):
                item.acked, item.id, item.outcome = True, parse_id(payload), "acked"
                with lock:
                    state["acks"] += 1
                    if state["acks"] >= kill_at and not killed.is_set():
                        state["kill_t"] = time.monotonic()
                        server.kill9()
                        killed.set()
            elif status == 200:
                item.outcome = f"unexpected replay of a fresh key: 200 {snippet(payload)}"
                problems.append(f"{item.key}: first POST answered 200 (a replay?) {snippet(payload, 120)}")
            else:
                item.outcome = f"HTTP {status}: {snippet(payload)}"
            return True

        t0 = time.monotonic()
        run_pool(args.workers, items, submit)
        t1 = time.monotonic()
        code = server.proc.wait()
        kill_t = state["kill_t"]
        if kill_t is None:
            raise SystemExit(f"FAIL kill9: only {state['acks']} of {n} submissions were acknowledged; the server was never killed. "
                             f"First answers: {sorted({i.outcome for i in items if not i.acked})[:3]}")
        acked = [i for i in items if i.acked]
        in_flight = [i for i in items if not i.acked and i.started is not None and i.started < kill_t]
        after_kill = [i for i in items if not i.acked and i.started is not None and i.started >= kill_t]
        never = [i for i in items if i.started is None]
        other = [i for i in in_flight if i.outcome.startswith("HTTP")]
        print(f"== 1. {n} submissions from {args.workers} workers; SIGKILL at {len(acked)} acknowledged "
              f"({(kill_t - t0):.2f} s after the first, {state['acks'] / max(kill_t - t0, 1e-9):.0f}/s); server exit {code}")
        print(f"   acknowledged before the kill   {len(acked):5d}")
        print(f"   in flight at the kill          {len(in_flight):5d}   (sent before it, no answer)")
        print(f"   sent after the kill (refused)  {len(after_kill):5d}")
        print(f"   never sent                     {len(never):5d}")
        if other:
            print(f"   of those in flight, {len(other)} had an error answer, e.g. {other[0].outcome}")
        if not in_flight:
            print("   note: nothing was in flight at the kill; the run proves less than it should")

        # ---- 2. restart, retry what was not acknowledged -----------------------------------------
        t = server.start("restart after kill -9")
        print(f"== 2. restarted on the same data in {t:.1f} s (pid {server.proc.pid})")
        retry = [i for i in items if not i.acked]

        def resend(conn, item):
            for attempt in range(8):
                try:
                    status, headers, payload = conn.exchange(item.raw)
                except (OSError, ValueError, IndexError) as e:
                    conn.close()
                    item.retry = f"no answer ({type(e).__name__})"
                    time.sleep(0.25 * (attempt + 1))
                    continue
                rid = parse_id(payload)
                replayed = (headers.get("idempotent-replayed") or "").lower() == "true"
                if status == 201 and rid:
                    item.id, item.retry = rid, "created"
                    if replayed:
                        problems.append(f"{item.key}: 201 with Idempotent-Replayed: true")
                elif status == 200 and rid:
                    item.id, item.retry = rid, "replayed"
                    if not replayed:
                        problems.append(f"{item.key}: retry answered 200 without Idempotent-Replayed: true")
                elif status >= 500 or status == 409:
                    item.retry = f"HTTP {status}: {snippet(payload)}"
                    time.sleep(0.25 * (attempt + 1))
                    continue
                else:
                    item.retry = f"HTTP {status}: {snippet(payload)}"
                return True
            return False

        run_pool(args.workers, retry, resend)
        created = [i for i in retry if i.retry == "created"]
        replayed = [i for i in retry if i.retry == "replayed"]
        failed = [i for i in retry if i.retry not in ("created", "replayed")]
        print(f"   retried (same key)             {len(retry):5d}")
        print(f"   stored by the retry (201)      {len(created):5d}")
        print(f"   replays (200, had been stored) {len(replayed):5d}   (of {len(in_flight)} in flight at the kill)")
        print(f"   retries that failed            {len(failed):5d}")
        for i in failed[:5]:
            print(f"      {i.key}: {i.retry}")
        if failed:
            problems.append(f"{len(failed)} retries failed")

        # ---- 3. the acknowledged ones again: replays, same id ----------------------------------
        mismatched = []

        def replay(conn, item):
            try:
                status, headers, payload = conn.exchange(item.raw)
            except (OSError, ValueError, IndexError) as e:
                mismatched.append(f"{item.key}: no answer ({type(e).__name__})")
                return False
            rid = parse_id(payload)
            replayed_header = (headers.get("idempotent-replayed") or "").lower() == "true"
            if status != 200 or rid != item.id or not replayed_header:
                mismatched.append(f"{item.key}: {status}, id {rid} (acknowledged {item.id}), "
                                  f"Idempotent-Replayed {headers.get('idempotent-replayed')}")
            return True

        run_pool(args.workers, acked, replay)
        print(f"== 3. acknowledged submissions sent again: {len(acked) - len(mismatched)} of {len(acked)} "
              f"replayed with the id first given")
        for m in mismatched[:5]:
            print(f"      {m}")
        if mismatched:
            problems.append(f"{len(mismatched)} acknowledged submissions did not replay with their id")

        # ---- 4. read every id back through the API --------------------------------------------
        unread = []

        def read_back(conn, item):
            try:
                status, _, payload = request(conn, "GET", f"/api/v1/requests/{item.id}", args.token)
            except (OSError, ValueError, IndexError) as e:
                unread.append(f"{item.key}: no answer ({type(e).__name__})")
                return False
            if status != 200 or parse_id(payload) != item.id:
                unread.append(f"{item.key}: GET /api/v1/requests/{item.id}: {status} {snippet(payload, 100)}")
            return True

        with_id = [i for i in items if i.id]
        run_pool(args.workers, with_id, read_back)
        print(f"== 4. GET /api/v1/requests/{{id}}: {len(with_id) - len(unread)} of {len(with_id)} ids read back "
              f"(every acknowledged id: {'yes' if not [u for u in unread if any(u.startswith(a.key) for a in acked)] else 'NO'})")
        for u in unread[:5]:
            print(f"      {u}")
        if unread:
            problems.append(f"{len(unread)} ids not readable through the API")

        # ---- 5. the database ------------------------------------------------------------------
        total, rows = db_rows(args, f"kill9-{nonce}-")
        key_re = re.compile(rf"kill9-{nonce}-\d{{5}}")
        by_key = {}
        for rid, stored_key in rows:
            m = key_re.search(stored_key or "")
            by_key.setdefault(m.group(0) if m else stored_key, []).append(rid)
        dup_keys = {k: v for k, v in by_key.items() if len(v) > 1}
        missing = [i for i in items if i.key not in by_key]
        lost_acked = [i for i in acked if i.key not in by_key]
        wrong_id = [i for i in items if i.key in by_key and i.id and i.id not in by_key[i.key]]
        foreign = [k for k in by_key if k not in {i.key for i in items}]
        print(f"== 5. citizen_requests ({'psql' if args.psql_url else 'sqlite3'}): {total} rows, {baseline} before the run, "
              f"{total - baseline} new (expected {n})")
        print(f"   rows with this run's keys      {len(rows):5d}   distinct keys {len(by_key)}")
        print(f"   acknowledged ids lost          {len(lost_acked):5d}")
        print(f"   submissions missing            {len(missing):5d}")
        print(f"   duplicates (key > once)        {sum(len(v) - 1 for v in dup_keys.values()):5d}")
        print(f"   key stored with another id     {len(wrong_id):5d}")
        for i in (lost_acked or missing)[:5]:
            print(f"      missing {i.key} (phase 1: {i.outcome}; retry: {i.retry})")
        for k, v in list(dup_keys.items())[:5]:
            print(f"      duplicate {k}: {v}")
        for i in wrong_id[:5]:
            print(f"      {i.key}: client has {i.id}, database {by_key[i.key]}")
        if lost_acked:
            problems.append(f"{len(lost_acked)} acknowledged submissions lost")
        if missing:
            problems.append(f"{len(missing)} submissions missing")
        if dup_keys:
            problems.append(f"{len(dup_keys)} keys stored more than once")
        if wrong_id:
            problems.append(f"{len(wrong_id)} keys stored with an id other than the one given")
        if foreign:
            problems.append(f"{len(foreign)} unexpected keys")
        if total - baseline != n:
            problems.append(f"{total - baseline} new rows, not {n}")
    finally:
        server.stop()

    if problems:
        print("FAIL kill9: " + "; ".join(problems[:10]))
        return 1
    print(f"PASS kill9: {len(acked)} acknowledged before kill -9, {len(in_flight)} in flight, {len(retry)} retried "
          f"({len(replayed)} replays), duplicates 0, {n} stored exactly once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
