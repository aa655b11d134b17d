#!/usr/bin/env python3
"""Writes the working-day calendar data, Sources/MinshengCore/Requests/Holidays/YYYY.txt (2020–2026),
from the State Council's (国务院办公厅) yearly holiday notices, transcribed below.

Generation time only: `pip install lunardate==0.3.0` (the lunar dates of 春节, 端午 and 中秋). The
committed .txt files are the output; nothing reads this script at run time. Re-run it after editing a
notice below (or adding next year's), then run Scripts/check_calendar.py.

    python3 Scripts/make_holidays.py          # rewrite the files
    python3 Scripts/make_holidays.py --check  # exit 1 if a file differs from what would be written

Each notice is transcribed as its breaks: the first and last day off (放假) and the weekend days
that are working days (上班). The statutory days (法定, 全体公民放假的节日 of 《全国年节及纪念日放假
办法》) are computed from the rules, not transcribed, and each must fall inside its festival's break:
  before 2025 (11): 元旦 1-1; 春节 正月初一至初三; 清明 (the solar term); 劳动节 5-1; 端午 五月初五;
                    中秋 八月十五; 国庆 10-1..10-3
  from 2025 (13):   春节 adds 除夕 (the last day of 腊月); 劳动节 adds 5-2
                    (国务院关于修改《全国年节及纪念日放假办法》的决定, 2024-11-12, in force 2025-01-01)
Every other day of a break is 休. A file holds the dates of its own year only (the app's parser
refuses others), so a break that starts in December (2023's 元旦 from 2022-12-31, 2024's 元旦 joined
with the weekend of 2023-12-30/31) puts those days in the earlier year's file, with a comment.
"""
import argparse
import datetime
import os
import sys

try:
    from lunardate import LunarDate
except ImportError:  # pragma: no cover
    sys.exit("make_holidays.py needs lunardate at generation time: pip install lunardate==0.3.0")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT_DIR = os.path.join(ROOT, "Sources", "MinshengCore", "Requests", "Holidays")

D = datetime.date

# One entry per year's notice. breaks: (name as the notice heads it, festivals whose statutory
# days lie in it, first day off, last day off, [weekend days worked]).
NOTICES = {
    2020: {
        "title": "国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）",
        "notes": [
            "published 2019-11-21; amended by 国务院办公厅关于延长2020年春节假期的通知（国办发明电〔2020〕1号, 2020-01-27）:",
            "the Spring Festival break extended from 01-24..01-30 to 01-24..02-02 (正月初九), work from 02-03 (Mon),",
            "so 01-31 (Fri) is off and 02-01 (Sat), first a 调休 working day, is off too; 01-19 (Sun) was worked.",
            "Later extensions by provinces and cities (e.g. 湖北, 上海) were local, not national: not here.",
        ],
        "breaks": [
            ("元旦", ["元旦"], D(2020, 1, 1), D(2020, 1, 1), []),
            ("春节", ["春节"], D(2020, 1, 24), D(2020, 2, 2), [D(2020, 1, 19)]),
            ("清明节", ["清明节"], D(2020, 4, 4), D(2020, 4, 6), []),
            ("劳动节", ["劳动节"], D(2020, 5, 1), D(2020, 5, 5), [D(2020, 4, 26), D(2020, 5, 9)]),
            ("端午节", ["端午节"], D(2020, 6, 25), D(2020, 6, 27), [D(2020, 6, 28)]),
            ("国庆节、中秋节", ["国庆节", "中秋节"], D(2020, 10, 1), D(2020, 10, 8), [D(2020, 9, 27), D(2020, 10, 10)]),
        ],
    },
    2021: {
        "title": "国务院办公厅关于2021年部分节假日安排的通知（国办发明电〔2020〕27号）",
        "notes": ["published 2020-11-25."],
        "breaks": [
            ("元旦", ["元旦"], D(2021, 1, 1), D(2021, 1, 3), []),
            ("春节", ["春节"], D(2021, 2, 11), D(2021, 2, 17), [D(2021, 2, 7), D(2021, 2, 20)]),
            ("清明节", ["清明节"], D(2021, 4, 3), D(2021, 4, 5), []),
            ("劳动节", ["劳动节"], D(2021, 5, 1), D(2021, 5, 5), [D(2021, 4, 25), D(2021, 5, 8)]),
            ("端午节", ["端午节"], D(2021, 6, 12), D(2021, 6, 14), []),
            ("中秋节", ["中秋节"], D(2021, 9, 19), D(2021, 9, 21), [D(2021, 9, 18)]),
            ("国庆节", ["国庆节"], D(2021, 10, 1), D(2021, 10, 7), [D(2021, 9, 26), D(2021, 10, 9)]),
        ],
    },
    2022: {
        "title": "国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）",
        "notes": ["published 2021-10-25."],
        "breaks": [
            ("元旦", ["元旦"], D(2022, 1, 1), D(2022, 1, 3), []),
            ("春节", ["春节"], D(2022, 1, 31), D(2022, 2, 6), [D(2022, 1, 29), D(2022, 1, 30)]),
            ("清明节", ["清明节"], D(2022, 4, 3), D(2022, 4, 5), [D(2022, 4, 2)]),
            ("劳动节", ["劳动节"], D(2022, 4, 30), D(2022, 5, 4), [D(2022, 4, 24), D(2022, 5, 7)]),
            ("端午节", ["端午节"], D(2022, 6, 3), D(2022, 6, 5), []),
            ("中秋节", ["中秋节"], D(2022, 9, 10), D(2022, 9, 12), []),
            ("国庆节", ["国庆节"], D(2022, 10, 1), D(2022, 10, 7), [D(2022, 10, 8), D(2022, 10, 9)]),
        ],
    },
    2023: {
        "title": "国务院办公厅关于2023年部分节假日安排的通知（国办发明电〔2022〕16号）",
        "notes": ["published 2022-12-08. Its 元旦 break is 2022-12-31..2023-01-02; 2022-12-31 is in 2022.txt."],
        "breaks": [
            ("元旦", ["元旦"], D(2022, 12, 31), D(2023, 1, 2), []),
            ("春节", ["春节"], D(2023, 1, 21), D(2023, 1, 27), [D(2023, 1, 28), D(2023, 1, 29)]),
            ("清明节", ["清明节"], D(2023, 4, 5), D(2023, 4, 5), []),
            ("劳动节", ["劳动节"], D(2023, 4, 29), D(2023, 5, 3), [D(2023, 4, 23), D(2023, 5, 6)]),
            ("端午节", ["端午节"], D(2023, 6, 22), D(2023, 6, 24), [D(2023, 6, 25)]),
            ("中秋节、国庆节", ["中秋节", "国庆节"], D(2023, 9, 29), D(2023, 10, 6), [D(2023, 10, 7), D(2023, 10, 8)]),
        ],
    },
    2024: {
        "title": "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
        "notes": [
            "published 2023-10-25. 元旦 and 端午节 are one day each '与周末连休' (joined with the weekend):",
            "the break is listed with that weekend (2023-12-30/31 are in 2023.txt; 06-08/09 here).",
            "除夕 (02-09, Fri) is a working day: the notice only encourages employers to give it off (鼓励…安排职工在除夕休息).",
        ],
        "breaks": [
            ("元旦", ["元旦"], D(2023, 12, 30), D(2024, 1, 1), []),
            ("春节", ["春节"], D(2024, 2, 10), D(2024, 2, 17), [D(2024, 2, 4), D(2024, 2, 18)]),
            ("清明节", ["清明节"], D(2024, 4, 4), D(2024, 4, 6), [D(2024, 4, 7)]),
            ("劳动节", ["劳动节"], D(2024, 5, 1), D(2024, 5, 5), [D(2024, 4, 28), D(2024, 5, 11)]),
            ("端午节", ["端午节"], D(2024, 6, 8), D(2024, 6, 10), []),
            ("中秋节", ["中秋节"], D(2024, 9, 15), D(2024, 9, 17), [D(2024, 9, 14)]),
            ("国庆节", ["国庆节"], D(2024, 10, 1), D(2024, 10, 7), [D(2024, 9, 29), D(2024, 10, 12)]),
        ],
    },
    2025: {
        "title": "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
        "notes": [
            "published 2024-11-12, with 国务院关于修改《全国年节及纪念日放假办法》的决定 (in force 2025-01-01):",
            "春节 gains 除夕 and 劳动节 gains 05-02 as statutory days. 元旦 is one day, 不调休.",
        ],
        "breaks": [
            ("元旦", ["元旦"], D(2025, 1, 1), D(2025, 1, 1), []),
            ("春节", ["春节"], D(2025, 1, 28), D(2025, 2, 4), [D(2025, 1, 26), D(2025, 2, 8)]),
            ("清明节", ["清明节"], D(2025, 4, 4), D(2025, 4, 6), []),
            ("劳动节", ["劳动节"], D(2025, 5, 1), D(2025, 5, 5), [D(2025, 4, 27)]),
            ("端午节", ["端午节"], D(2025, 5, 31), D(2025, 6, 2), []),
            ("国庆节、中秋节", ["国庆节", "中秋节"], D(2025, 10, 1), D(2025, 10, 8), [D(2025, 9, 28), D(2025, 10, 11)]),
        ],
    },
    2026: {
        "title": "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
        "notes": ["published 2025-11-04."],
        "breaks": [
            ("元旦", ["元旦"], D(2026, 1, 1), D(2026, 1, 3), [D(2026, 1, 4)]),
            ("春节", ["春节"], D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),
            ("清明节", ["清明节"], D(2026, 4, 4), D(2026, 4, 6), []),
            ("劳动节", ["劳动节"], D(2026, 5, 1), D(2026, 5, 5), [D(2026, 5, 9)]),
            ("端午节", ["端午节"], D(2026, 6, 19), D(2026, 6, 21), []),
            ("中秋节", ["中秋节"], D(2026, 9, 25), D(2026, 9, 27), []),
            ("国庆节", ["国庆节"], D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),
        ],
    },
}

# Checked by hand against published calendars: (正月初一, 五月初五, 八月十五, 清明). lunardate and the
# solar-term formula must agree with these, or the script stops.
KNOWN = {
    2020: (D(2020, 1, 25), D(2020, 6, 25), D(2020, 10, 1), D(2020, 4, 4)),
    2021: (D(2021, 2, 12), D(2021, 6, 14), D(2021, 9, 21), D(2021, 4, 4)),
    2022: (D(2022, 2, 1), D(2022, 6, 3), D(2022, 9, 10), D(2022, 4, 5)),
    2023: (D(2023, 1, 22), D(2023, 6, 22), D(2023, 9, 29), D(2023, 4, 5)),
    2024: (D(2024, 2, 10), D(2024, 6, 10), D(2024, 9, 17), D(2024, 4, 4)),
    2025: (D(2025, 1, 29), D(2025, 5, 31), D(2025, 10, 6), D(2025, 4, 4)),
    2026: (D(2026, 2, 17), D(2026, 6, 19), D(2026, 9, 25), D(2026, 4, 5)),
}


def lunar(year, month, day):
    return LunarDate(year, month, day).to_solar_date() if hasattr(LunarDate, "to_solar_date") \
        else LunarDate(year, month, day).toSolarDate()


def qingming(year):
    """清明 by the usual 21st-century formula [Y*D+C]-L (Y = year % 100, D = 0.2422, C = 4.81,
    L = [Y/4]); no exceptions fall in 2001–2099 for 清明."""
    y = year % 100
    return D(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def statutory(year):
    """{festival: [dates]} of the statutory days."""
    new_year = lunar(year, 1, 1)
    spring = [new_year + datetime.timedelta(days=i) for i in range(3)]
    labour = [D(year, 5, 1)]
    if year >= 2025:
        spring.insert(0, new_year - datetime.timedelta(days=1))  # 除夕, the last day of 腊月
        labour.append(D(year, 5, 2))
    dragon, moon, qm = lunar(year, 5, 5), lunar(year, 8, 15), qingming(year)
    if year in KNOWN and KNOWN[year] != (new_year, dragon, moon, qm):
        sys.exit(f"{year}: computed {(new_year, dragon, moon, qm)} disagree with KNOWN {KNOWN[year]}")
    return {
        "元旦": [D(year, 1, 1)],
        "春节": spring,
        "清明节": [qm],
        "劳动节": labour,
        "端午节": [dragon],
        "中秋节": [moon],
        "国庆节": [D(year, 10, 1), D(year, 10, 2), D(year, 10, 3)],
    }


def build():
    """{date year: {date: (kind, name)}} and {notice year: number of statutory dates}."""
    by_year = {}
    counts = {}
    shared = {}  # notice year -> [(date, festivals)] of dates that are two festivals' statutory day
    for year, notice in sorted(NOTICES.items()):
        stat = statutory(year)
        # date -> festivals whose statutory day it is (two when 中秋 falls on 国庆, as in 2020)
        stat_dates = {}
        for festival, dates in stat.items():
            for d in dates:
                stat_dates.setdefault(d, []).append(festival)
        placed = set()
        entries = {}
        for name, festivals, first, last, worked in notice["breaks"]:
            d = first
            while d <= last:
                if d in stat_dates and set(stat_dates[d]) <= set(festivals):
                    fest = stat_dates[d]
                    entries[d] = ("法定", name if len(fest) > 1 else fest[0])
                    placed.add(d)
                else:
                    entries[d] = ("休", name)
                d += datetime.timedelta(days=1)
            for w in worked:
                if w.weekday() < 5:
                    sys.exit(f"{year}: {w} is a weekday, not a 调休 working weekend day")
                if w in entries:
                    sys.exit(f"{year}: {w} both off and worked")
                entries[w] = ("班", name)
        missing = sorted(set(stat_dates) - placed)
        if missing:
            sys.exit(f"{year}: statutory days outside their festival's break: {missing}")
        counts[year] = len(stat_dates)
        shared[year] = sorted((d, f) for d, f in stat_dates.items() if len(f) > 1)
        for d, value in entries.items():
            slot = by_year.setdefault(d.year, {})
            if d in slot:
                sys.exit(f"{d} listed by two notices")
            slot[d] = value
    return by_year, counts, shared


def render(year, days, counts, shared):
    notice = NOTICES[year]
    nominal = 11 if year < 2025 else 13
    count = counts[year]
    lines = [
        f"# {year}年 {notice['title']}",
        "# date kind name   (kind: 法定 = statutory holiday day, 休 = other day off in a holiday break, "
        "班 = weekend day that is a working day, 调休上班)",
    ]
    lines += [f"# {n}" for n in notice["notes"]]
    if count == nominal:
        lines.append(f"# 法定: {count} dates ({nominal} statutory days under 《全国年节及纪念日放假办法》"
                     f"{' as amended in 2024' if year >= 2025 else ', before its 2024 amendment'}).")
    else:
        both = "; ".join(f"{d} is the statutory day of both {' and '.join(f)}" for d, f in shared[year])
        lines.append(f"# 法定: {count} dates, not {nominal}: the count is per date, and {both} (listed once).")
    stray = sorted(d for d in days if d.year == year and d not in
                   {x for b in notice["breaks"] for x in _span(b)})
    if stray:
        owner = next(y for y, n in NOTICES.items() if any(stray[0] in _span(b) for b in n["breaks"]))
        lines.append(f"# {' and '.join(str(d) for d in stray)}: the {days[stray[0]][1]} break of the {owner} notice "
                     f"({NOTICES[owner]['title']}), kept in this file because files hold their own year's dates.")
    lines.append("# Days not listed: Mon–Fri work, Sat–Sun rest. Generated by Scripts/make_holidays.py; checked by "
                 "Scripts/check_calendar.py.")
    for d in sorted(days):
        kind, name = days[d]
        lines.append(f"{d.isoformat()} {kind} {name}")
    return "\n".join(lines) + "\n"


def _span(b):
    _, _, first, last, worked = b
    out = set(worked)
    d = first
    while d <= last:
        out.add(d)
        d += datetime.timedelta(days=1)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args()
    by_year, counts, shared = build()
    os.makedirs(OUT_DIR, exist_ok=True)
    stale = []
    for year in sorted(NOTICES):
        text = render(year, by_year.get(year, {}), counts, shared)
        path = os.path.join(OUT_DIR, f"{year}.txt")
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.relpath(path, ROOT)}: {counts[year]} 法定, "
                  f"{sum(1 for v in by_year[year].values() if v[0] == '休')} 休, "
                  f"{sum(1 for v in by_year[year].values() if v[0] == '班')} 班")
    if stale:
        print("out of date (re-run Scripts/make_holidays.py):", *stale, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
