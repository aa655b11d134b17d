#!/usr/bin/env python3
"""Checks an audit export (`minsheng audit export … FILE`, or the download
`GET /api/v1/audit/export`) outside Minsheng, with Python's standard library only.

Recomputes every entry's SHA-256 from its fields (the canonical encoding of
Sources/MinshengApp/Platform/AuditChain.swift: version, then `\\nname=LENGTH:VALUE` per
field, `-` when absent, then the previous hash), checks that each entry follows the one before
(`prevHash`), that the sequence has no gap, and that each day's head names that day's last
entry. With --key KEY (the audit key's text) it also checks the heads' HMAC-SHA256 signatures.

Usage: verify-audit-export.py FILE [--key KEY]. Exits 1 naming the first broken entry.
"""
import hashlib
import hmac
import json
import sys

VERSION = "minsheng-audit-v1"
FIELDS = [("seq", "seq"), ("day", "day"), ("id", "id"), ("at", "atMillis"), ("user", "userID"),
          ("actor", "actor"), ("action", "action"), ("subjectType", "subjectType"),
          ("subjectID", "subjectID"), ("before", "before"), ("after", "after")]


def canonical(entry, previous):
    out = VERSION.encode()
    for name, key in FIELDS + [("prev", None)]:
        value = previous if key is None else entry.get(key)
        out += b"\n" + name.encode() + b"="
        if value is None:
            out += b"-"
        else:
            data = str(value).encode()
            out += str(len(data)).encode() + b":" + data
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    key = argv[argv.index("--key") + 1].strip().encode() if "--key" in argv else None
    entries, heads, header = [], [], None
    with open(argv[1], encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            obj = json.loads(line)
            kind = obj.get("type")
            if kind == "export":
                header = obj
            elif kind == "entry":
                entries.append(obj)
            elif kind == "head":
                heads.append(obj)
            else:
                print(f"line {number}: unknown type {kind!r}")
                return 1
    if header is None or header.get("version") != VERSION:
        print("not a minsheng-audit-v1 export")
        return 1
    if header.get("entries") != len(entries):
        print(f"the export announces {header.get('entries')} entries but holds {len(entries)}")
        return 1
    previous, last_of_day, count_of_day = None, {}, {}
    for entry in entries:
        where = f"entry seq {entry['seq']} ({entry['id']})"
        if previous is not None:
            if entry["seq"] != previous["seq"] + 1:
                print(f"{where}: entries seq {previous['seq'] + 1}…{entry['seq'] - 1} are missing")
                return 1
            if entry["prevHash"] != previous["entryHash"]:
                print(f"{where}: does not follow the entry before it")
                return 1
        digest = hashlib.sha256(canonical(entry, entry["prevHash"])).hexdigest()
        if digest != entry["entryHash"]:
            print(f"{where}: its content does not match its hash (edited)")
            return 1
        last_of_day[entry["day"]] = entry
        count_of_day[entry["day"]] = count_of_day.get(entry["day"], 0) + 1
        previous = entry
    for head in heads:
        last = last_of_day.get(head["day"])
        if last is None or last["seq"] != head["seq"] or last["entryHash"] != head["hash"]:
            print(f"day {head['day']}: the signed head names seq {head['seq']}, the export's last entry of the day differs")
            return 1
        if key is not None:
            message = f"{VERSION}-head\nday={head['day']}\nseq={head['seq']}\nhash={head['hash']}\nentries={head['entries']}"
            mac = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
            if not hmac.compare_digest(mac, head["signature"]):
                print(f"day {head['day']}: the head's signature is not valid under this key")
                return 1
    print(f"intact: {len(entries)} entries, {len(heads)} signed day heads ({header['from']} – {header['to']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
