import Foundation
import MinshengCore

/// The demo progress history generator (演示进展数据): monthly reports for demo commitments so that
/// every screen has something to show. Deterministic: the same commitments, rules, `today` and
/// seed give the same reports. Every narrative starts with ``label`` so nobody mistakes it for
/// real data.
///
/// Commitments are dealt profiles in turn (see ``Profile``) so that any ten consecutive
/// commitments include some ahead, some on track, yellow and red ones, one done, one with two
/// missing months, and a share of late reports.
enum DemoHistory {
    /// The label every generated narrative starts with.
    static let label = "【演示数据】"

    /// How a demo commitment behaves (演示进度类型).
    enum Profile: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        /// 5–12 points ahead of schedule on `today`.
        case ahead
        /// 0–5 points behind on `today` (green).
        case onTrack
        /// 16–23 points behind on `today` (yellow).
        case behind
        /// 38–50 points behind on `today` (red).
        case farBehind
        /// Ahead, reaching 100% in the first month the schedule expects 50% or more.
        case done
        /// On track but the two latest owed months are not reported (red by missing reports).
        case missingMonths
        /// On track but every other report is 1–6 days late.
        case lateReporter
    }

    /// The order profiles are dealt in, by commitment position.
    static let cycle: [Profile] = [
        .onTrack, .ahead, .behind, .lateReporter, .farBehind, .done, .onTrack, .missingMonths, .behind, .ahead,
    ]

    /// The profile of the commitment at `index` (position in the list given to ``reports(for:rules:today:seed:)``).
    static func profile(at index: Int) -> Profile { cycle[index % cycle.count] }

    /// Consolidated reports (and a few support-unit contributions) for every owed month up to `today`.
    ///
    /// Example: 15 commitments of an annual 2026 plan, today 2026-07-10, seed 1 → about 90 reports
    /// for 2026-01 … 2026-06, with some yellow and red commitments, one or two done, gaps and late ones.
    static func reports(for commitments: [Commitment], rules: TrackingRules, today: CivilDate,
                               seed: UInt64 = 2026) -> [ProgressReport] {
        var all: [ProgressReport] = []
        for (index, commitment) in commitments.enumerated() {
            guard let unit = commitment.leadUnits.first else { continue }
            var random = DemoRandom(seed: DemoRandom.seed(seed, commitment.id.rawValue))
            let profile = profile(at: index)
            let schedule = rules.schedule(for: commitment)
            var owed = rules.owedPeriods(for: commitment, today: today)
            if profile == .missingMonths, owed.count >= 2 { owed.removeLast(2) }
            guard let lastPeriod = owed.last else { continue }
            let offset = Double.random(in: 0...1, using: &random)
            // The latest report is set so that, on `today`, the commitment is as far behind the
            // expected percent as its profile says; earlier months follow the schedule's shape.
            let gap: Double
            switch profile {
            case .ahead, .done: gap = -(5 + 7 * offset)
            case .onTrack, .missingMonths, .lateReporter: gap = 5 * offset
            case .behind: gap = 16 + 7 * offset
            case .farBehind: gap = 38 + 12 * offset
            }
            let latest = min(profile == .ahead ? 100 : 99, max(0, schedule.expectedPercent(on: today) - gap))
            let lastExpected = schedule.expectedPercent(on: lastPeriod.lastDay)
            var last = 0.0
            for (n, period) in owed.enumerated() {
                let expected = schedule.expectedPercent(on: period.lastDay)
                var percent = lastExpected > 0 ? latest * expected / lastExpected : latest
                if profile == .done { percent = expected >= 50 ? 100 : min(99, expected + 10) }
                percent = min(100, max(last, (percent * 10).rounded() / 10))
                last = percent
                let actuals = actualsFor(commitment.targets, percent: percent)
                let derived = ReportPolicy.derivedPercent(targets: commitment.targets, actuals: actuals)
                let due = rules.reportDue.dueDate(for: period)
                let late = profile == .lateReporter ? n % 2 == 1 : Int.random(in: 0..<12, using: &random) == 0
                var submitted = late ? due.adding(days: Int.random(in: 1...6, using: &random))
                                     : due.adding(days: -Int.random(in: 0...4, using: &random))
                if submitted >= today { submitted = today.adding(days: -1) }
                let investment = commitment.plannedInvestment.map { ($0 * percent / 100).rounded() }
                all.append(ProgressReport(
                    commitmentID: commitment.id, period: period, kind: .consolidated, unit: unit,
                    percent: derived ?? percent, percentSource: derived == nil ? .entered : .derived,
                    targetActuals: actuals, investment: investment,
                    narrative: "\(label)\(period.month)月,\(commitment.title)累计完成约\(Int((derived ?? percent).rounded()))%。",
                    problems: profile == .behind || profile == .farBehind ? "\(label)前期手续办理滞后,施工进度偏慢。" : "",
                    nextSteps: percent >= 100 ? "\(label)做好后续管护。" : "\(label)倒排工期,加快推进。",
                    submittedOn: submitted, dueOn: due))
                if let support = commitment.supportUnits.first, period.month % 3 == 0 {
                    all.append(ProgressReport(
                        commitmentID: commitment.id, period: period, kind: .contribution, unit: support,
                        percent: nil, percentSource: nil,
                        narrative: "\(label)\(support)配合完成本季度相关工作。",
                        submittedOn: min(due, today.adding(days: -1)), dueOn: due))
                }
                if percent >= 100 { break }
            }
        }
        return all
    }

    /// Target actuals consistent with a percent complete: each target at that share of the way
    /// from its baseline (or 0) to its value, whole numbers rounded to whole (so the percent the
    /// rules derive from them can differ slightly from the one asked for), never rounded to meeting
    /// a target before the percent is 100. A `<=` target without a
    /// baseline above its value, or a `+`/`-` target without baseline, gets no actual.
    static func actualsFor(_ targets: [Target], percent: Double) -> [TargetActual] {
        targets.compactMap { target in
            let share = percent / 100
            let actual: Double
            switch target.op {
            case .atLeast, .equal, .about:
                let start = target.baseline.flatMap { $0 < target.value ? $0 : nil } ?? 0
                actual = start + (target.value - start) * share
            case .atMost:
                guard let baseline = target.baseline, baseline > target.value else { return nil }
                actual = baseline - (baseline - target.value) * share
            case .increaseBy, .decreaseBy:
                guard let baseline = target.baseline else { return nil }
                let change = Attainment.relativeChangeUnits.contains(target.unit)
                    ? baseline * target.value / 100 : target.value
                actual = target.op == .increaseBy ? baseline + change * share : baseline - change * share
            }
            let whole = target.value == target.value.rounded() && (target.baseline ?? 0) == (target.baseline ?? 0).rounded()
            var reported = whole ? actual.rounded() : (actual * 100).rounded() / 100
            if percent < 100, Attainment(target: target, actual: reported).isMet == true {
                // Rounding must not complete a target the commitment has not completed.
                let rising = target.op != .atMost && target.op != .decreaseBy
                reported = whole ? (rising ? actual.rounded(.down) : actual.rounded(.up)) : actual
            }
            return TargetActual(targetID: target.id, actual: reported)
        }
    }
}
