#!/usr/bin/env python3
"""The checks of Scripts/backup-restore.sh: backup while writes go on, restore into fresh data
directories, compare. Standard library only (sqlite3 reads the databases). Prints PASS/FAIL per
check with figures; exits 1 if any failed."""
import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
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


def api(args, method, path, body=None, raw=None, key=None):
    headers = {"Authorization": "Bearer " + args.token, "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers["Content-Type"] = "application/json"
    elif raw is not None:
        data = raw
        headers["Content-Type"] = "application/octet-stream"
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(f"http://127.0.0.1:{args.port}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def minsheng(args, *arguments, key=True):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MINSHENG_DATA", "MINSHENG_DATA_KEY_FILE")}
    # The personal data key is never in the archive: the operator carries it (here, the key file the
    # source instance generated, named by MINSHENG_DATA_KEY_FILE).
    if key:
        env["MINSHENG_DATA_KEY_FILE"] = os.path.join(args.src, "data.keys")
    t0 = time.monotonic()
    p = subprocess.run([args.bin, *arguments], capture_output=True, text=True, env=env, cwd=os.path.dirname(args.work))
    return p.returncode, p.stdout + p.stderr, time.monotonic() - t0


def db(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    return con


def tables(con):
    return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def digest(con, table):
    """Row count and SHA-256 over the table's rows, in a fixed order (sorted by their repr)."""
    rows = [repr(tuple(r)) for r in con.execute(f'SELECT * FROM "{table}"')]
    rows.sort()
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def uploads(data):
    """Relative path → SHA-256 of every file in the data directory's folders."""
    out = {}
    for name in sorted(os.listdir(data)):
        folder = os.path.join(data, name)
        if name.startswith(".") or not os.path.isdir(folder):
            continue
        for root, _, files in os.walk(folder):
            for f in files:
                p = os.path.join(root, f)
                out[os.path.relpath(p, data)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--writers", type=int, default=4)
    args = ap.parse_args()
    src_db = os.path.join(args.src, "minsheng.sqlite")

    status, payload = api(args, "GET", "/api/v1/request-categories")
    if status != 200:
        raise SystemExit(f"FAIL backup-restore: GET /api/v1/request-categories: {status}")
    catalogue = json.loads(payload)
    codes = [c["code"] for c in catalogue]
    leaves = [c["code"] for c in catalogue if not any(o != c["code"] and o.startswith(c["code"]) for o in codes)]

    # ---- writers: requests with a photo each, until told to stop --------------------------------
    stop = threading.Event()
    counts = {"requests": 0, "photos": 0, "errors": 0}
    lock = threading.Lock()
    nonce = uuid.uuid4().hex[:10]

    def writer(w):
        i = 0
        while not stop.is_set():
            i += 1
            key = f"backup-{nonce}-{w}-{i}"
            status, body = api(args, "POST", "/api/v1/requests", body={
                "channel": "hotline", "kind": "complaint", "categoryCode": leaves[i % len(leaves)],
                "text": f"备份测试：小区路灯不亮（{key}）", "requesterName": f"市民{i % 100:02d}",
                "requesterPhone": f"138{i:08d}", "address": "示范市幸福路1号"}, key=key)
            if status != 201:
                with lock:
                    counts["errors"] += 1
                continue
            rid = json.loads(body)["id"]
            photo = b"\xff\xd8\xff\xe0" + key.encode() + os.urandom(2048) + b"\xff\xd9"
            s2, _ = api(args, "POST", f"/api/v1/requests/{rid}/photos?filename=p{i}.jpg", raw=photo)
            with lock:
                counts["requests"] += 1
                counts["photos"] += s2 == 201
                counts["errors"] += s2 != 201

    con = db(src_db)
    before = con.execute("SELECT COUNT(*) FROM citizen_requests").fetchone()[0]
    con.close()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(args.writers)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    busy = os.path.join(args.work, "busy.tar.gz")
    with lock:
        during = dict(counts)
    code, out, seconds = minsheng(args, "backup", busy, "--data", args.src)
    with lock:
        after_backup = dict(counts)
    time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join()
    con = db(src_db)
    final = con.execute("SELECT COUNT(*) FROM citizen_requests").fetchone()[0]
    con.close()
    check(code == 0 and after_backup["requests"] > during["requests"] and counts["errors"] == 0, "backup while writing",
          f"exit {code}, {seconds:.2f} s, {os.path.getsize(busy) if os.path.exists(busy) else 0} bytes; requests taken while it ran: "
          f"{after_backup['requests'] - during['requests']}; {counts['requests']} requests and {counts['photos']} photos in all, "
          f"{counts['errors']} errors | {out.strip().splitlines()[-1] if out.strip() else ''}")

    # ---- 0. the key is not in the archive; a restore without it says which key it lacks ----------
    with tarfile.open(busy) as t:
        names = [os.path.basename(n) for n in t.getnames()]
    r0 = os.path.join(args.work, "r0")
    code, out, _ = minsheng(args, "restore", busy, "--data", r0, key=False)
    check("data.keys" not in names and code != 0 and "MINSHENG_DATA_KEY" in out, "the data key stays out of the archive",
          f"{len(names)} entries, data.keys among them: {'data.keys' in names}; restore without the key: exit {code} | "
          f"{out.strip().splitlines()[-1][:160] if out.strip() else ''}")

    # ---- 1. the busy backup restores, verifies and is consistent --------------------------------
    r1 = os.path.join(args.work, "r1")
    code, out, _ = minsheng(args, "restore", busy, "--data", r1)
    check(code == 0, "restore of the busy backup", out.strip().splitlines()[-1] if out.strip() else f"exit {code}")
    code, out, _ = minsheng(args, "audit", "verify", "--data", r1)
    check(code == 0 and "intact" in out, "audit verify on the busy copy", " | ".join(out.strip().splitlines()[-3:]))
    con = db(os.path.join(r1, "minsheng.sqlite"))
    restored = con.execute("SELECT COUNT(*) FROM citizen_requests").fetchone()[0]
    unaudited = con.execute("""SELECT COUNT(*) FROM citizen_requests c WHERE c.text LIKE ? AND NOT EXISTS
        (SELECT 1 FROM audit_entries a WHERE a.subject_id = c.id AND a.action = 'request.create')""", (f"%backup-{nonce}%",)).fetchone()[0]
    photo_rows = con.execute("SELECT stored_name, sha256 FROM request_photos").fetchall()
    con.close()
    files = uploads(r1)
    missing = [n for n, h in photo_rows if files.get(os.path.join("request-photos", n)) != h]
    check(before < restored <= final and unaudited == 0 and not missing, "busy copy is a consistent snapshot",
          f"{restored} requests (before {before}, at the end {final}); {unaudited} without their audit entry; "
          f"{len(photo_rows)} photo rows, {len(missing)} without their file")

    # ---- 2. idle: every table and every upload the same -----------------------------------------
    quiet = os.path.join(args.work, "quiet.tar.gz")
    code, out, seconds = minsheng(args, "backup", quiet, "--data", args.src)
    r2 = os.path.join(args.work, "r2")
    code2, out2, _ = minsheng(args, "restore", quiet, "--data", r2)
    check(code == 0 and code2 == 0, "backup and restore when idle", f"backup {seconds:.2f} s, exit {code}/{code2}")
    a, b = db(src_db), db(os.path.join(r2, "minsheng.sqlite"))
    names = tables(a)
    differ = [t for t in names if digest(a, t) != digest(b, t)]
    total = sum(digest(a, t)[0] for t in names)
    check(names == tables(b) and not differ, "every table's rows and digest",
          f"{len(names)} tables, {total} rows; differing: {differ or 'none'}")
    a.close(); b.close()
    su, ru = uploads(args.src), uploads(r2)
    check(su == ru and len(su) > 0, "uploads byte for byte", f"{len(su)} files in the source, {len(ru)} restored")
    code, out, _ = minsheng(args, "audit", "verify", "--data", r2)
    check(code == 0 and "intact" in out, "audit verify on the restored copy", " | ".join(out.strip().splitlines()[-3:]))

    # ---- 3. a non-empty directory needs --force -------------------------------------------------
    code, out, _ = minsheng(args, "restore", quiet, "--data", r2)
    code2, out2, _ = minsheng(args, "restore", quiet, "--data", r2, "--force")
    check(code != 0 and "--force" in out and code2 == 0, "non-empty directory refused without --force",
          f"without: exit {code}; with --force: exit {code2}")

    # ---- 4. a changed file is refused -----------------------------------------------------------
    unpacked = os.path.join(args.work, "unpacked")
    os.makedirs(unpacked)
    with tarfile.open(quiet) as t:
        t.extractall(unpacked, filter="data") if hasattr(tarfile, "data_filter") else t.extractall(unpacked)
    victim = None
    for root, _, fs in os.walk(os.path.join(unpacked, "files")):
        for f in fs:
            victim = os.path.join(root, f)
            break
        if victim:
            break
    with open(victim, "r+b") as f:
        f.seek(10)
        byte = f.read(1)
        f.seek(10)
        f.write(bytes([byte[0] ^ 0xFF]))
    forged = os.path.join(args.work, "forged.tar.gz")
    subprocess.run(["tar", "-czf", forged, "-C", unpacked, "."], check=True)
    r3 = os.path.join(args.work, "r3")
    code, out, _ = minsheng(args, "restore", forged, "--data", r3)
    leftovers = [n for n in (os.listdir(r3) if os.path.isdir(r3) else []) if not n.startswith(".")]
    check(code != 0 and "manifest" in out and not leftovers, "a changed archive is refused",
          f"exit {code}, {len(leftovers)} files left in the target | {out.strip().splitlines()[-1] if out.strip() else ''}")

    if FAILED:
        print(f"backup-restore: {len(FAILED)} check(s) failed: {', '.join(FAILED)}")
        raise SystemExit(1)
    print("backup-restore: all checks passed")


if __name__ == "__main__":
    main()
