#!/usr/bin/env python3
"""The checks of Scripts/two-instances.sh: two `minsheng serve` instances (A, B) on one PostgreSQL
database behind nginx (LB). The shell script starts everything and calls this; it only talks HTTP
to the three addresses, runs `minsheng token create` for the clerks it adds, and reads the
database with psql to count what landed. Standard library only.

Each check prints one PASS or FAIL line with its figures; the exit status is 1 if any failed.
"""
import argparse
import collections
import concurrent.futures
import datetime
import gzip
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

PASSWORDS = {"coordinator": "coordinator-demo", "admin": "admin-demo"}
SESSION_COOKIE = "minsheng_session"


# --- HTTP ---------------------------------------------------------------------------------------

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def snippet(self, n=300):
        return re.sub(r"\s+", " ", self.text)[:n]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at (a signed-out page redirects to /login), not to follow."""
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def http(method, url, *, token=None, body=None, form=None, cookie=None, headers=None, timeout=120):
    headers = {"Accept": "application/json, text/html", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = "Bearer " + token
    if cookie:
        headers["Cookie"] = f"{SESSION_COOKIE}={cookie}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with _OPENER.open(req, timeout=timeout) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read() or b"")


def session_cookie(response):
    for value in response.headers.get_all("Set-Cookie") or []:
        m = re.match(rf"\s*{SESSION_COOKIE}=([^;]*)", value)
        if m:
            return m.group(1)
    return None


def csrf_token(html):
    m = re.search(r'name="csrfToken" value="([^"]+)"', html)
    return m.group(1) if m else None


def sign_in(base, user):
    """Signs in through the web form: the anonymous session's CSRF token, then the password.
    Returns the signed-in session cookie, or raises with what went wrong."""
    page = http("GET", base + "/login")
    anon, token = session_cookie(page), csrf_token(page.text)
    if page.status != 200 or not token:
        raise RuntimeError(f"GET {base}/login: {page.status}, csrfToken {'found' if token else 'missing'}")
    r = http("POST", base + "/login", cookie=anon,
             form={"csrfToken": token, "username": user, "password": PASSWORDS[user], "next": ""})
    cookie = session_cookie(r) or anon
    if r.status not in (302, 303) or not cookie:
        raise RuntimeError(f"POST {base}/login as {user}: {r.status} {r.snippet()}")
    return cookie


def signed_out(response):
    """A signed-in page answered to a dead session: a redirect to /login, or 401/403."""
    if response.status in (401, 403):
        return True
    return response.status in (302, 303, 307) and "/login" in (response.headers.get("Location") or "")


# --- database -----------------------------------------------------------------------------------

def psql(url, sql):
    out = subprocess.run(["psql", url, "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines() if line]


# --- checks -------------------------------------------------------------------------------------

class Checks:
    def __init__(self, args):
        self.a, self.b, self.lb = args.a, args.b, args.lb
        self.args = args
        self.plan = args.plan.strip()
        self.results = []

    def record(self, name, ok, figures):
        self.results.append((name, ok))
        print(f"{'PASS' if ok else 'FAIL'} {name}: {figures}", flush=True)

    def name_of(self, base):
        return {self.a: "A", self.b: "B", self.lb: "nginx"}[base]

    # Set-up: free commitment-months, clerks for the units that lead them, their tokens.
    def prepare(self):
        t0 = time.time()
        r = http("GET", f"{self.a}/api/v1/plans/{self.plan}/commitments")
        if r.status != 200:
            raise RuntimeError(f"listing of plan {self.plan} on A: {r.status} {r.snippet()}")
        rows = r.json()
        self.rows = {row["id"].lower(): row for row in rows}
        ids = "','".join(self.rows)
        taken = collections.defaultdict(set)
        for cid, period in psql(self.args.psql_url,
                                f"SELECT commitment_id, period FROM progress_reports WHERE commitment_id IN ('{ids}')"):
            taken[cid.lower()].add(period)
        first = min((p for ps in taken.values() for p in ps), default=None)
        today = datetime.datetime.now(datetime.timezone.utc)
        # The city's clock (UTC+8) is never behind UTC's month, so UTC's month is never in the future.
        last = (today.year, today.month)
        year, month = (int(first[:4]), 1) if first else (today.year, 1)
        months = []
        while (year, month) <= last:
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        current = months[-1]
        by_unit = collections.defaultdict(list)
        for cid, row in self.rows.items():
            if row.get("leadUnits"):
                by_unit[row["leadUnits"][0]].append(cid)
        free = {cid: [m for m in months if m not in taken[cid]] for cid in self.rows}
        # Fewest units (clerks, tokens) that give enough months for check 4 and two spare commitments
        # (this month still open, later than everything they have) for check 1.
        need = self.args.reports
        units = sorted(by_unit, key=lambda u: -sum(len(free[c]) for c in by_unit[u]))
        chosen, have = [], 0
        for unit in units:
            chosen.append(unit)
            have += sum(len(free[c]) for c in by_unit[unit])
            if have >= need + 2 * len(months) + 24:
                break
        pool = [c for u in chosen for c in by_unit[u]]
        spare = [c for c in pool if current in free[c] and all(p < current for p in taken[c])][:2]
        if len(spare) < 2:
            raise RuntimeError(f"no two commitments with {current} open and nothing later")
        self.check1_commitments = spare
        self.current_month = current
        pairs = [(c, m) for c in pool if c not in spare for m in free[c]]
        # Interleave commitments so that concurrent submissions touch different commitments and months.
        pairs.sort(key=lambda p: (p[1], p[0]))
        if len(pairs) < need:
            raise RuntimeError(f"only {len(pairs)} free commitment-months in plan {self.plan}; need {need}")
        step = len(pairs) / need
        self.pairs = [pairs[int(i * step)] for i in range(need)]
        self.unit_of = {c: self.rows[c]["leadUnits"][0] for c in pool}

        # One clerk per chosen unit, created through the API (nginx), with a token from the command.
        self.clerk_token = {}
        suffix = uuid.uuid4().hex[:6]

        def make_clerk(i_unit):
            i, unit = i_unit
            name = f"two-clerk-{i}-{suffix}"
            r = http("POST", f"{self.lb}/api/v1/users", token=self.args.admin_token,
                     body={"name": name, "role": "clerk", "unit": unit})
            if r.status != 201:
                raise RuntimeError(f"POST /api/v1/users ({unit}): {r.status} {r.snippet()}")
            out = subprocess.run([self.args.bin, "token", "create", name, "--data", self.args.data],
                                 capture_output=True, text=True, cwd=os.getcwd())
            if out.returncode != 0:
                raise RuntimeError(f"minsheng token create {name}: {out.stderr[-500:]}")
            return unit, out.stdout.strip().splitlines()[-1].strip()

        with concurrent.futures.ThreadPoolExecutor(2) as pool_:
            for unit, token in pool_.map(make_clerk, enumerate(chosen)):
                self.clerk_token[unit] = token
        print(f"   set-up: plan of {len(self.rows)} commitments, months {months[0]}…{current}, "
              f"{len(chosen)} lead units with a new clerk each, {len(pairs)} free commitment-months "
              f"({len(self.pairs)} used), {time.time() - t0:.1f} s", flush=True)

    def token_for(self, cid):
        return self.clerk_token[self.unit_of[cid]]

    # 1. A report written through one instance shows at once in the other's listing, dashboard, page.
    def check_report_visible(self):
        cookies = {base: sign_in(base, "coordinator") for base in (self.a, self.b)}
        for (writer, reader), cid in zip([(self.a, self.b), (self.b, self.a)], self.check1_commitments):
            self._report_visible(writer, reader, cid, cookies)

    def _row(self, base, cid):
        r = http("GET", f"{base}/api/v1/plans/{self.plan}/commitments")
        if r.status != 200:
            return None, f"listing {r.status}"
        self.etag = r.headers.get("ETag")
        for i, row in enumerate(r.json()):
            if row["id"].lower() == cid:
                self.row_index = i
                return row, None
        return None, "row missing"

    def _listing_variants(self, base, cid, etag_before, month, percent):
        """The listing's other cached forms on the reader after the write: a revalidation with the
        ETag it gave before (304 would be stale), the gzipped body, and a page holding the row."""
        problems = []
        url = f"{base}/api/v1/plans/{self.plan}/commitments"
        r = http("GET", url, headers={"If-None-Match": etag_before} if etag_before else None)
        if r.status != 200:
            problems.append(f"If-None-Match with the ETag from before the write: {r.status} (stale)")
        r = http("GET", url, headers={"Accept-Encoding": "gzip"})
        body = gzip.decompress(r.body) if r.headers.get("Content-Encoding") == "gzip" else r.body
        rows = [x for x in json.loads(body) if x["id"].lower() == cid] if r.status == 200 else []
        if not rows or rows[0]["lastPeriod"] != month or abs(rows[0]["actualPercent"] - percent) > 1e-6:
            problems.append(f"gzipped listing ({r.status}, {r.headers.get('Content-Encoding')}): "
                            f"{rows[0]['lastPeriod'] + ' ' + str(rows[0]['actualPercent']) if rows else 'row missing'}")
        r = http("GET", f"{url}?limit=5&offset={max(self.row_index - 2, 0)}")
        rows = [x for x in r.json() if x["id"].lower() == cid] if r.status == 200 else []
        if not rows or rows[0]["lastPeriod"] != month or abs(rows[0]["actualPercent"] - percent) > 1e-6:
            problems.append(f"page of the listing ({r.status}): "
                            f"{rows[0]['lastPeriod'] + ' ' + str(rows[0]['actualPercent']) if rows else 'row missing'}")
        return problems

    def _card(self, base, cookie):
        r = http("GET", f"{base}/dashboard", cookie=cookie)
        if r.status != 200:
            return None, None, f"dashboard {r.status}"
        m = re.search(r'<section class="card plan-card"[^>]*data-plan="%s".*?</section>' % re.escape(self.plan),
                      r.text, re.S | re.I)
        if not m:
            return None, None, "plan card missing"
        mean = re.search(r"平均实际进度 <strong>([^<]*)</strong>", m.group(0))
        return m.group(0), (mean.group(1) if mean else "?"), None

    def _page(self, base, cookie, cid):
        r = http("GET", f"{base}/commitments/{cid}", cookie=cookie)
        return r.status, r.text

    def _report_visible(self, writer, reader, cid, cookies):
        name = f"1 report via {self.name_of(writer)} seen on {self.name_of(reader)}"
        month = self.current_month
        problems = []
        # Warm both instances' caches first: a stale cache is what this check is after. The
        # reader's last, its listing just before the write, so that a cache trusted for a moment
        # still holds what it served; the figures say how long before the read-back each was served.
        writer_card_before, _, _ = self._card(writer, cookies[writer])
        self._row(writer, cid)
        http("GET", f"{writer}/api/v1/plans/{self.plan}/commitments", headers={"Accept-Encoding": "gzip"})
        warmed = {}
        card_before, mean_before, err2 = self._card(reader, cookies[reader])
        warmed["dashboard"] = time.time()
        self._page(reader, cookies[reader], cid)
        warmed["page"] = time.time()
        before_row, err = self._row(reader, cid)
        etag_before = self.etag
        http("GET", f"{reader}/api/v1/plans/{self.plan}/commitments", headers={"Accept-Encoding": "gzip"})
        http("GET", f"{reader}/api/v1/plans/{self.plan}/commitments?limit=5&offset={max(self.row_index - 2, 0)}")
        self._row(reader, cid)
        warmed["listing"] = time.time()
        if err or err2:
            self.record(name, False, f"before the write: {err or ''} {err2 or ''}")
            return
        if card_before != writer_card_before:
            problems.append("the two instances' dashboard cards differed before the write")
        percent = 5.0 if before_row["actualPercent"] >= 50 else 95.0
        marker = f"two-instances-{uuid.uuid4().hex[:12]}"
        r = http("POST", f"{writer}/api/v1/commitments/{cid}/reports", token=self.token_for(cid),
                 # The percent may fall below last month's: confirmed with a reason (issue 13).
                 body={"period": month, "percent": percent, "narrative": marker, "decreaseReason": "两实例测试的生成数据"})
        if r.status != 201:
            self.record(name, False, f"POST report on {self.name_of(writer)}: {r.status} {r.snippet()}")
            return
        # Read the other instance at once (no sleep, no retry).
        row, err = self._row(reader, cid)
        gaps = {"listing": time.time() - warmed["listing"]}
        page_status, page = self._page(reader, cookies[reader], cid)
        gaps["page"] = time.time() - warmed["page"]
        card_after, mean_after, err2 = self._card(reader, cookies[reader])
        gaps["dashboard"] = time.time() - warmed["dashboard"]
        writer_card, writer_mean, _ = self._card(writer, cookies[writer])
        variants = ""
        if err:
            problems.append(f"listing: {err}")
        elif row["lastPeriod"] != month or abs(row["actualPercent"] - percent) > 1e-6:
            problems.append(f"listing row lastPeriod {row['lastPeriod']} actualPercent {row['actualPercent']} "
                            f"(want {month}, {percent:g}; before {before_row['lastPeriod']}, {before_row['actualPercent']:g})")
        else:
            found = self._listing_variants(reader, cid, etag_before, month, percent)
            variants = " (gzipped, paged and revalidated " + ("too)" if not found else "NOT)")
            problems += found
        if page_status != 200 or marker not in page:
            problems.append(f"commitment page {page_status}, narrative {'shown' if marker in page else 'missing'}")
        if err2:
            problems.append(err2)
        else:
            if card_after != writer_card:
                problems.append(f"dashboard card differs from the writer's (mean actual {mean_after} vs {writer_mean})")
            if card_after == card_before:
                problems.append(f"dashboard card unchanged (mean actual {mean_after})")
        figures = (f"{month} at {percent:g}% on {cid[:8]}: listing lastPeriod "
                   f"{before_row['lastPeriod']}→{row['lastPeriod'] if row else '?'}, actualPercent "
                   f"{before_row['actualPercent']:g}→{row['actualPercent'] if row else '?'}{variants}; commitment page {page_status} "
                   f"{'with' if marker in page else 'WITHOUT'} the narrative; dashboard mean actual "
                   f"{mean_before}→{mean_after} (writer {writer_mean}); read back "
                   + ", ".join(f"{k} {v:.2f} s" for k, v in gaps.items()) + f" after {self.name_of(reader)} last served it")
        self.record(name, not problems, figures + ("; " + "; ".join(problems) if problems else ""))

    # 2. Signing out through one instance ends the session on both at once.
    def check_sign_out(self):
        name = "2 sign-out on A ends the session on B"
        cookie = sign_in(self.a, "coordinator")
        on_b = http("GET", f"{self.b}/dashboard", cookie=cookie)
        on_a = http("GET", f"{self.a}/dashboard", cookie=cookie)
        via_lb = http("GET", f"{self.lb}/dashboard", cookie=cookie)
        token = csrf_token(on_a.text)
        if on_b.status != 200 or on_a.status != 200 or not token:
            self.record(name, False, f"signed in on A: /dashboard on A {on_a.status}, on B {on_b.status}, "
                                     f"via nginx {via_lb.status}, csrfToken {'found' if token else 'missing'}")
            return
        out = http("POST", f"{self.a}/logout", cookie=cookie, form={"csrfToken": token})
        after_b = http("GET", f"{self.b}/dashboard", cookie=cookie)
        after_a = http("GET", f"{self.a}/dashboard", cookie=cookie)
        after_lb = [http("GET", f"{self.lb}/dashboard", cookie=cookie) for _ in range(2)]
        ok = out.status in (302, 303) and signed_out(after_b) and signed_out(after_a) and all(map(signed_out, after_lb))

        def show(r):
            return f"{r.status}" + (f"→{r.headers.get('Location')}" if r.status in (302, 303, 307) else "")
        self.record(name, ok, f"before: B {on_b.status}, A {on_a.status}, nginx {via_lb.status}; "
                              f"POST /logout on A {show(out)}; then /dashboard on B {show(after_b)}, on A {show(after_a)}, "
                              f"via nginx {', '.join(map(show, after_lb))}")

    # 3. Two concurrent edits of one commitment, one per instance: one 200, one 409.
    def check_concurrent_edits(self, rounds=5):
        name = "3 concurrent edits A+B"
        candidates = [c for c in self.rows if c not in self.check1_commitments][-rounds:]
        outcomes, problems = [], []
        for i, cid in enumerate(candidates):
            r = http("GET", f"{self.a}/api/v1/commitments/{cid}")
            if r.status != 200:
                problems.append(f"GET commitment {r.status}")
                continue
            status = r.json()["status"]
            version, title = status["version"], status["title"]
            barrier = threading.Barrier(2)

            def edit(base):
                barrier.wait()
                return base, http("PATCH", f"{base}/api/v1/commitments/{cid}", token=self.args.coordinator_token,
                                  body={"version": version, "title": f"{title}【{self.name_of(base)}{i}】"})
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(edit, (self.a, self.b) if i % 2 == 0 else (self.b, self.a)))
            statuses = sorted(r.status for _, r in answers)
            outcomes.append("+".join(map(str, statuses)))
            if statuses != [200, 409]:
                problems.append(f"round {i + 1}: " + ", ".join(f"{self.name_of(b)} {r.status} {r.snippet(120)}"
                                                            for b, r in answers))
                continue
            winner = next(b for b, r in answers if r.status == 200)
            want = f"{title}【{self.name_of(winner)}{i}】"
            for base in (self.a, self.b):
                seen = http("GET", f"{base}/api/v1/commitments/{cid}").json()["status"]
                if seen["version"] != version + 1 or seen["title"] != want:
                    problems.append(f"round {i + 1}: {self.name_of(base)} then shows version {seen['version']} "
                                    f"title …{seen['title'][-6:]} (want {version + 1}, …{want[-6:]})")
        counts = collections.Counter(outcomes)
        self.record(name, not problems and len(outcomes) == rounds,
                    f"{len(outcomes)} rounds: " + ", ".join(f"{k} ×{v}" for k, v in counts.items())
                    + ("; " + "; ".join(problems) if problems else ""))

    # 4. 1,000 submissions through nginx all land; exactly one audit entry for each, in one
    #    unbroken audit chain (`minsheng audit verify`).
    def check_many_reports(self):
        name = f"4 {len(self.pairs)} reports via nginx"
        t0 = time.time()

        def submit(i_pair):
            i, (cid, month) = i_pair
            r = http("POST", f"{self.lb}/api/v1/commitments/{cid}/reports", token=self.token_for(cid),
                     body={"period": month, "percent": float(10 + i % 90), "narrative": f"two-instances bulk {i}",
                           "decreaseReason": "两实例测试的生成数据"})
            return (cid, month), r
        statuses, failures = collections.Counter(), []
        with concurrent.futures.ThreadPoolExecutor(self.args.threads) as pool:
            for pair, r in pool.map(submit, enumerate(self.pairs)):
                statuses[r.status] += 1
                if not 200 <= r.status < 300:
                    failures.append(f"{pair[0][:8]} {pair[1]}: {r.status} {r.snippet(160)}")
        elapsed = time.time() - t0
        landed = sum(n for s, n in statuses.items() if 200 <= s < 300)

        # Which instance answered each submission (nginx's access log).
        # nginx writes a line after the response has gone, so the last few may lag a moment.
        ports = {self.a.rsplit(":", 1)[1]: "A", self.b.rsplit(":", 1)[1]: "B"}
        deadline = time.time() + 3
        while True:
            spread = collections.Counter()
            try:
                with open(self.args.access_log) as log:
                    for line in log:
                        parts = line.split()
                        if len(parts) >= 4 and parts[0] == "POST" and re.fullmatch(r"/api/v1/commitments/[^/]+/reports", parts[1]):
                            spread[ports.get(parts[3].rsplit(":", 1)[-1], parts[3])] += 1
            except OSError:
                break
            if sum(spread.values()) >= len(self.pairs) or time.time() > deadline:
                break
            time.sleep(0.2)

        # The audit log, read straight from the database: one entry per commitment-month.
        wanted = {(c, m) for c, m in self.pairs}
        entries = collections.Counter()
        for subject, period, _ in psql(self.args.psql_url,
                                       "SELECT subject_id, (after::jsonb)->>'period', action FROM audit_entries "
                                       "WHERE action IN ('report.create', 'contribution.create')"):
            entries[(subject.lower(), period)] += 1
        exactly_one = sum(1 for p in wanted if entries[p] == 1)
        missing = sum(1 for p in wanted if entries[p] == 0)
        doubled = sum(1 for p in wanted if entries[p] > 1)
        stored = int(psql(self.args.psql_url,
                          "SELECT count(*) FROM progress_reports r JOIN commitments c ON c.id = r.commitment_id "
                          f"WHERE c.plan_id = '{self.plan.lower()}' AND r.narrative LIKE 'two-instances bulk %'")[0][0])
        # And through the API (newest first, at most 1,000): every one of them, on each instance.
        api = {}
        for base in (self.a, self.b):
            r = http("GET", f"{base}/api/v1/audit?action=report.create&limit={min(len(wanted), 1000)}",
                     token=self.args.coordinator_token)
            got = set()
            if r.status == 200:
                for e in r.json():
                    try:
                        got.add(((e.get("subjectID") or "").lower(), json.loads(e.get("after") or "{}").get("period")))
                    except ValueError:
                        pass
            api[self.name_of(base)] = (r.status, len(got & wanted))
        # The audit trail is one hash chain however the two processes interleaved their writes:
        # `minsheng audit verify` walks it entry by entry (the instances share MINSHENG_AUDIT_KEY).
        verify = subprocess.run([self.args.bin, "audit", "verify", "--data", self.args.data],
                                capture_output=True, text=True, timeout=600)
        verified = verify.returncode == 0
        verdict = (verify.stdout + verify.stderr).strip().splitlines()
        ok = (landed == len(self.pairs) and exactly_one == len(wanted) and stored == len(wanted) and verified
              and (len(wanted) > 1000 or all(s == 200 and n == len(wanted) for s, n in api.values())))
        figures = (f"{landed}/{len(self.pairs)} landed (statuses {dict(sorted(statuses.items()))}) in {elapsed:.1f} s "
                   f"with {self.args.threads} threads; answered by {dict(sorted(spread.items()))}; "
                   f"audit entries: exactly one for {exactly_one}, none for {missing}, several for {doubled}; "
                   f"{stored} reports stored; GET /api/v1/audit " +
                   ", ".join(f"on {k}: {s}, {n} of {len(wanted)}" for k, (s, n) in api.items()) +
                   f"; audit verify: exit {verify.returncode}, {verdict[0] if verdict else ''}")
        if failures:
            figures += "; first failures: " + " | ".join(failures[:3])
        self.record(name, ok, figures)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--a", required=True)
    p.add_argument("--b", required=True)
    p.add_argument("--lb", required=True)
    p.add_argument("--plan", required=True, help="the synthetic plan's id")
    p.add_argument("--admin-token", required=True)
    p.add_argument("--coordinator-token", required=True)
    p.add_argument("--psql-url", required=True)
    p.add_argument("--bin", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--access-log", required=True)
    p.add_argument("--reports", type=int, default=1000)
    p.add_argument("--threads", type=int, default=16)
    args = p.parse_args()

    checks = Checks(args)
    t0 = time.time()
    try:
        checks.prepare()
    except Exception as e:  # noqa: BLE001 - any set-up failure is reported the same way
        print(f"FAIL set-up: {e}", flush=True)
        return 1
    for check in (checks.check_report_visible, checks.check_sign_out, checks.check_concurrent_edits,
                  checks.check_many_reports):
        try:
            check()
        except Exception as e:  # noqa: BLE001 - a check that crashes is a failed check
            checks.record(check.__name__, False, f"{type(e).__name__}: {e}")
    failed = [n for n, ok in checks.results if not ok]
    print(f"{'FAIL' if failed else 'PASS'} two-instances: {len(checks.results) - len(failed)}/{len(checks.results)} "
          f"checks passed in {time.time() - t0:.0f} s" + (f" (failed: {'; '.join(failed)})" if failed else ""), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
