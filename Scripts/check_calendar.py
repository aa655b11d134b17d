#!/usr/bin/env python3
"""Cross-checks the working-day calendar data (Sources/MinshengCore/Requests/Holidays/YYYY.txt)
against an outside source: the PyPI package chinesecalendar (module chinese_calendar), which
encodes the same State Council notices. Standard library + chinese_calendar only.

    pip install chinesecalendar==1.11.0
    python3 Scripts/check_calendar.py [--dir DIR]

For every date from 1 January of the first year file to 31 December of the last, "a working day by
our files" (listed 班 → work; listed 法定/休 → rest; otherwise Monday–Friday work) is compared with
chinese_calendar.is_workday(date). Also checked: each line's format, no date listed twice, each file
holds only its own year's dates, 班 only on a Saturday or Sunday, no year file missing in the range,
and the number of 法定 dates per year (EXPECTED_STATUTORY below).

Prints `calendar: N days checked, M differences`, then each difference; years that the installed
chinesecalendar has no data for are printed as not checked (they are not counted as passing).
Exit status 1 on any difference or any other problem above, else 0.
"""
import argparse
import datetime
import os
import re
import sys

import chinese_calendar

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DEFAULT_DIR = os.path.join(ROOT, "Sources", "MinshengCore", "Requests", "Holidays")

# 法定 dates per year file. The statutory days are 11 before 2025 (元旦1, 春节3 = 正月初一至初三,
# 清明1, 劳动节1, 端午1, 中秋1, 国庆3) and 13 from 2025 (春节 adds 除夕, 劳动节 adds 5月2日), counted
# per date: a date that is the statutory day of two festivals is one line. That happens once here:
# 2020-10-01 is both 中秋节 (八月十五) and 国庆节, so 2020 has 10. (2023's 中秋 is 09-29 and 2025's
# is 10-06, not on 国庆.) A new year's file needs its number here, or the check fails.
EXPECTED_STATUTORY = {
    2020: 11 - 1,  # 中秋节 = 国庆节 on 2020-10-01
    2021: 11,
    2022: 11,
    2023: 11,
    2024: 11,
    2025: 13,
    2026: 13,
}

LINE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (法定|休|班) (\S+)$")
FILE = re.compile(r"^(\d{4})\.txt$")


def read_files(directory, problems):
    """{date: (kind, name)} and {file year: number of 法定 lines}."""
    listed = {}
    statutory = {}
    names = sorted(n for n in os.listdir(directory) if FILE.match(n))
    if not names:
        problems.append(f"no YYYY.txt files in {directory}")
    for name in names:
        year = int(FILE.match(name).group(1))
        statutory[year] = 0
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as f:
            for number, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                match = LINE.match(line)
                where = f"{name}:{number}"
                if not match:
                    problems.append(f"{where}: not `YYYY-MM-DD kind name`: {line!r}")
                    continue
                y, m, d, kind, festival = match.groups()
                try:
                    date = datetime.date(int(y), int(m), int(d))
                except ValueError:
                    problems.append(f"{where}: no such date {y}-{m}-{d}")
                    continue
                if date.year != year:
                    problems.append(f"{where}: {date} is not in {year}")
                if date in listed:
                    problems.append(f"{where}: {date} listed twice")
                if kind == "班" and date.weekday() < 5:
                    problems.append(f"{where}: {date} is 班 but a weekday ({date:%a})")
                listed[date] = (kind, festival)
                if kind == "法定":
                    statutory[year] += 1
    return listed, statutory


def main():
    parser = argparse.ArgumentParser(description="Cross-check the holiday files with chinesecalendar.")
    parser.add_argument("--dir", default=DEFAULT_DIR, help="the folder of YYYY.txt files")
    args = parser.parse_args()

    problems = []
    listed, statutory = read_files(args.dir, problems)
    years = sorted(statutory)
    version = getattr(chinese_calendar, "__version__", "?")

    for year in years:
        expected = EXPECTED_STATUTORY.get(year)
        if expected is None:
            problems.append(f"{year}.txt: no expected 法定 count in EXPECTED_STATUTORY (add one)")
        elif statutory[year] != expected:
            problems.append(f"{year}.txt: {statutory[year]} 法定 dates, expected {expected}")
    if years:
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        for year in missing:
            problems.append(f"{year}.txt missing (files run {years[0]}–{years[-1]})")

    checked = 0
    differences = []
    unchecked = set()
    if years:
        day = datetime.date(years[0], 1, 1)
        last = datetime.date(years[-1], 12, 31)
        while day <= last:
            kind = listed.get(day, (None, None))[0]
            ours = kind == "班" if kind else day.weekday() < 5
            try:
                theirs = chinese_calendar.is_workday(day)
            except NotImplementedError:
                unchecked.add(day.year)
            else:
                checked += 1
                if ours != theirs:
                    label = f"{kind} {listed[day][1]}" if kind else "not listed"
                    differences.append(
                        f"  {day} ({day:%a}): ours {'work' if ours else 'rest'} ({label}), "
                        f"chinesecalendar {version} {'work' if theirs else 'rest'}")
            day += datetime.timedelta(days=1)

    print(f"calendar: {checked} days checked, {len(differences)} differences")
    for line in differences:
        print(line)
    if unchecked:
        print(f"calendar: NOT checked, chinesecalendar {version} has no data for: "
              f"{', '.join(str(y) for y in sorted(unchecked))} (a newer chinesecalendar may)")
    for line in problems:
        print(f"calendar: {line}")
    counts = ", ".join(f"{y} {statutory[y]}" for y in years)
    print(f"calendar: files {years[0] if years else '-'}–{years[-1] if years else '-'}, 法定 dates per year: {counts}; "
          f"chinesecalendar {version}")
    sys.exit(1 if differences or problems else 0)


if __name__ == "__main__":
    main()
