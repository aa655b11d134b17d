#!/usr/bin/env python3
"""The checks of Scripts/backup-restore-pg.sh: backup of a PostgreSQL instance while 1,000 writes go
on, restore into a fresh database, compare. Standard library only (psql reads the databases).
Prints PASS/FAIL per check with figures; exits 1 if any failed."""
import argparse
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid

FAILED = []


def check(ok, name, detail):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
    if not ok:
        FAILED.append(name)


def api(args, method, path, body=None, key=None):
    headers = {"Authorization": "Bearer " + args.token, "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(f"http://127.0.0.1:{args.port}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def minsheng(args, *arguments, url, key=True):
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.pop("MINSHENG_DATA", None)
    if not key:
        env.pop("MINSHENG_DATA_KEY_FILE", None)
    t0 = time.monotonic()
    p = subprocess.run([args.bin, *arguments], capture_output=True, text=True, env=env, cwd=os.path.dirname(args.work))
    return p.returncode, p.stdout + p.stderr, time.monotonic() - t0


def psql_url(url):
    return url.replace("tlsmode=", "sslmode=")


def psql(url, query):
    p = subprocess.run(["psql", psql_url(url), "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", query],
                       capture_output=True, text=True, check=True)
    return p.stdout.strip()


def tables(url):
    return psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").splitlines()


def digest(url, table):
    """Row count and MD5 over the table's rows as text, in a fixed order."""
    out = psql(url, f"""SELECT COUNT(*) || ' ' || COALESCE(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM "{table}" t""")
    n, h = out.split(" ")
    return int(n), h


def recreate(args, url):
    name = url.split("?")[0].rsplit("/", 1)[1]
    subprocess.run([args.recreate, "--recreate", name], check=True, capture_output=True)


def last(out):
    lines = out.strip().splitlines()
    return lines[-1] if lines else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--src-url", required=True)
    ap.add_argument("--dst-url", required=True)
    ap.add_argument("--recreate", required=True)
    ap.add_argument("--writes", type=int, default=1000)
    ap.add_argument("--writers", type=int, default=4)
    args = ap.parse_args()

    status, payload = api(args, "GET", "/api/v1/request-categories")
    if status != 200:
        raise SystemExit(f"FAIL backup-restore-pg: GET /api/v1/request-categories: {status}")
    catalogue = json.loads(payload)
    codes = [c["code"] for c in catalogue]
    leaves = [c["code"] for c in catalogue if not any(o != c["code"] and o.startswith(c["code"]) for o in codes)]

    # ---- 1,000 writes (citizens' requests, each with its audit entry and SMS) ---------------
    counts = {"done": 0, "errors": 0}
    lock = threading.Lock()
    nonce = uuid.uuid4().hex[:10]
    queue = list(range(args.writes))

    def writer():
        while True:
            with lock:
                if not queue:
                    return
                i = queue.pop()
            key = f"backup-pg-{nonce}-{i}"
            status, _ = api(args, "POST", "/api/v1/requests", body={
                "channel": "hotline", "kind": "complaint", "categoryCode": leaves[i % len(leaves)],
                "text": f"备份测试：小区路灯不亮（{key}）", "requesterName": f"市民{i % 100:02d}",
                "requesterPhone": f"137{i:08d}", "address": "示范市幸福路1号"}, key=key)
            with lock:
                counts["done" if status == 201 else "errors"] += 1

    before = int(psql(args.src_url, "SELECT COUNT(*) FROM citizen_requests"))
    threads = [threading.Thread(target=writer) for _ in range(args.writers)]
    for t in threads:
        t.start()
    while True:
        with lock:
            if counts["done"] + counts["errors"] >= args.writes // 5:
                break
        time.sleep(0.05)
    busy = os.path.join(args.work, "busy.tar.gz")
    with lock:
        during = counts["done"]
    code, out, seconds = minsheng(args, "backup", busy, "--data", args.src, url=args.src_url)
    with lock:
        after_backup = counts["done"]
    for t in threads:
        t.join()
    final = int(psql(args.src_url, "SELECT COUNT(*) FROM citizen_requests"))
    check(code == 0 and after_backup > during and after_backup < args.writes and counts["errors"] == 0,
          "backup while 1,000 writes go on",
          f"exit {code}, {seconds:.2f} s, {os.path.getsize(busy) if os.path.exists(busy) else 0} bytes; "
          f"writes done when it began: {during}, when it ended: {after_backup}, in all {counts['done']} "
          f"({counts['errors']} errors) | {last(out)}")
    plain = int(psql(args.src_url, "SELECT COUNT(*) FROM citizen_requests WHERE requester_phone NOT LIKE 'ms1.%' "
                                   "OR requester_name NOT LIKE 'ms1.%'"))
    check(plain == 0 and final == before + counts["done"], "personal data sealed in the source",
          f"{final} requests ({before} before), {plain} with a plain name or phone")

    # ---- 2. without the key: the restore says which key it needs -------------------------------
    r0 = os.path.join(args.work, "r0")
    code, out, _ = minsheng(args, "restore", busy, "--data", r0, url=args.dst_url, key=False)
    key_id = psql(args.src_url, "SELECT substr(requester_phone, 5, 8) FROM citizen_requests WHERE requester_phone IS NOT NULL LIMIT 1")
    check(code != 0 and key_id in out and "MINSHENG_DATA_KEY" in out, "restore without the data key is told so",
          f"exit {code}, names key {key_id}: {key_id in out} | {last(out)[:200]}")

    # ---- 1. the busy backup restores into a fresh database, verifies and is consistent --------
    recreate(args, args.dst_url)
    r1 = os.path.join(args.work, "r1")
    code, out, seconds = minsheng(args, "restore", busy, "--data", r1, url=args.dst_url)
    check(code == 0 and "个人数据密钥齐全" in out, "restore of the busy backup into a fresh database", f"exit {code}, {seconds:.2f} s | {last(out)}")
    code, out, _ = minsheng(args, "audit", "verify", "--data", r1, url=args.dst_url)
    check(code == 0 and "intact" in out, "audit verify on the busy copy", " | ".join(out.strip().splitlines()[-2:]))
    restored = int(psql(args.dst_url, "SELECT COUNT(*) FROM citizen_requests"))
    unaudited = int(psql(args.dst_url, f"""SELECT COUNT(*) FROM citizen_requests c WHERE c.text LIKE '%backup-pg-{nonce}%'
        AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.subject_id = c.id AND a.action = 'request.create')"""))
    check(before + during <= restored <= before + after_backup and unaudited == 0, "busy copy is a consistent snapshot",
          f"{restored} requests (between {before + during} and {before + after_backup}); {unaudited} without their audit entry")

    # ---- 3. idle: identical row counts and digests of every table -----------------------------
    quiet = os.path.join(args.work, "quiet.tar.gz")
    code, out, seconds = minsheng(args, "backup", quiet, "--data", args.src, url=args.src_url)
    src_digests = {t: digest(args.src_url, t) for t in tables(args.src_url)}
    recreate(args, args.dst_url)
    r2 = os.path.join(args.work, "r2")
    code2, out2, _ = minsheng(args, "restore", quiet, "--data", r2, url=args.dst_url)
    check(code == 0 and code2 == 0, "backup and restore when idle", f"backup {seconds:.2f} s, exit {code}/{code2}")
    dst_digests = {t: digest(args.dst_url, t) for t in tables(args.dst_url)}
    differ = sorted(t for t in src_digests if src_digests[t] != dst_digests.get(t))
    total = sum(n for n, _ in src_digests.values())
    check(not differ and set(src_digests) == set(dst_digests), "every table's row count and digest",
          f"{len(src_digests)} tables, {total} rows, citizen_requests {src_digests.get('citizen_requests', (0,))[0]}; "
          f"differing: {differ or 'none'}")
    code, out, _ = minsheng(args, "audit", "verify", "--data", r2, url=args.dst_url)
    check(code == 0 and "intact" in out, "audit verify on the restored copy", " | ".join(out.strip().splitlines()[-2:]))
    code, out, _ = minsheng(args, "keys", "status", "--data", r2, url=args.dst_url)
    check(code == 0 and "missing" not in out and key_id in out, "the restored personal data opens with the carried key",
          " | ".join(l for l in out.strip().splitlines() if "requester_phone" in l or "当前" in l))

    if FAILED:
        print(f"backup-restore-pg: {len(FAILED)} check(s) failed: {', '.join(FAILED)}")
        raise SystemExit(1)
    print("backup-restore-pg: all checks passed")


if __name__ == "__main__":
    main()
