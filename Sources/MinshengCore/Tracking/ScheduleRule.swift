import Foundation
import PolicyParser

/// One dated node of a schedule (进度节点): by `date`, `percent` of the commitment should be done.
///
/// Example: `ScheduleNode(date: CivilDate(2026, 6, 30), percent: 60)` — 半年度完成全年任务的60%.
public struct ScheduleNode: Sendable, Equatable, Hashable, Codable {
    /// The date the node falls on.
    public var date: CivilDate
    /// The share of the whole commitment expected by then, 0…100.
    public var percent: Double

    /// A node.
    public init(date: CivilDate, percent: Double) {
        self.date = date
        self.percent = percent
    }
}

/// The schedule rule (序时进度规则): how far a commitment should be on any date.
///
/// The curve starts at 0% on `start` and runs through its nodes; between two points the expected
/// percent is interpolated linearly by days. Example, the annual default from 锡政发〔2023〕5号
/// ("原则上半年度完成全年任务的60%、11月底前完成年度目标任务"): 2026-01-01 0%, 2026-06-30 60%,
/// 2026-11-30 100%, so on 2026-04-01 the expected percent is 60 × 90/180 = 30.
public struct ScheduleRule: Sendable, Equatable, Codable {
    /// The day the curve starts from 0% (usually 1 January of the plan's first year).
    public var start: CivilDate
    /// The dated nodes, in date order.
    public var nodes: [ScheduleNode]

    /// A rule; nodes are sorted by date.
    public init(start: CivilDate, nodes: [ScheduleNode]) {
        self.start = start
        self.nodes = nodes.sorted { $0.date < $1.date }
    }

    /// The midyear share of the annual rule: 60% (锡政发〔2023〕5号).
    public static let annualMidyearPercent: Double = 60

    /// The annual default (年度计划): 60% by 06-30, 100% by 11-30 of `year` (锡政发〔2023〕5号).
    /// `finishMonth` outside 7…12 falls back to November.
    ///
    /// Example: `ScheduleRule.annual(year: 2026).expectedPercent(on: CivilDate(2026, 6, 30)) == 60`.
    public static func annual(year: Int, midyearPercent: Double = annualMidyearPercent,
                              finishMonth: Int = 11) -> ScheduleRule {
        let finish = (7...12).contains(finishMonth) ? finishMonth : 11
        return ScheduleRule(start: .anyYear(year, 1, 1), nodes: [
            ScheduleNode(date: .anyYear(year, 6, 30), percent: midyearPercent),
            ScheduleNode(date: .anyYear(year, finish, 31), percent: 100),
        ])
    }

    /// The multi-year default (多年度行动计划): one node at the end of each year.
    ///
    /// Without `yearEndPercents` the share rises evenly, reaching 100% on 12-31 of the last year:
    /// 2025—2027 → 33.3% on 2025-12-31, 66.7% on 2026-12-31, 100% on 2027-12-31. With
    /// `yearEndPercents` (one per year, e.g. `[40, 75, 100]`) the plan sets its own shares.
    public static func multiYear(period: YearSpan, yearEndPercents: [Double]? = nil) -> ScheduleRule {
        // More than 50 years is no plan; the cap keeps a mistyped period from costing memory.
        let years = Array(period.from...min(max(period.from, period.to), period.from + 49))
        let shares: [Double]
        if let given = yearEndPercents, given.count == years.count {
            shares = given
        } else {
            shares = years.indices.map { 100 * Double($0 + 1) / Double(years.count) }
        }
        let nodes = zip(years, shares).map { ScheduleNode(date: .anyYear($0, 12, 31), percent: $1) }
        return ScheduleRule(start: .anyYear(period.from, 1, 1), nodes: nodes)
    }

    /// The default for a plan's period: ``annual(year:midyearPercent:finishMonth:)`` for one year,
    /// ``multiYear(period:yearEndPercents:)`` for more.
    public static func standard(for period: YearSpan) -> ScheduleRule {
        period.from >= period.to ? annual(year: period.from) : multiYear(period: period)
    }

    /// This rule with a commitment's own nodes (节点化推进) in place of the plan's; the start stays.
    /// nil or empty `nodes` leave the rule as it is.
    public func overridden(by nodes: [ScheduleNode]?) -> ScheduleRule {
        guard let nodes, !nodes.isEmpty else { return self }
        return ScheduleRule(start: start, nodes: nodes)
    }

    /// The date of the last node: when the commitment should be complete (e.g. 2026-11-30).
    /// With no nodes, the start.
    public var finish: CivilDate { nodes.last?.date ?? start }

    /// The expected percent (序时进度) on a date, 0…100.
    ///
    /// 0 on or before `start`; linear between consecutive points (the start counting as a 0% point);
    /// a node's own percent on its date; 100 after the last node. Example for the annual rule of
    /// 2026: 2026-01-01 → 0, 2026-06-30 → 60, 2026-09-14 → 80 (76 of 153 days past 60%,
    /// rounded), 2026-11-30 → 100, 2026-12-15 → 100.
    public func expectedPercent(on date: CivilDate) -> Double {
        guard let last = nodes.last else { return date > start ? 100 : 0 }
        if date <= start { return 0 }
        if date > last.date { return 100 }
        var previous = ScheduleNode(date: start, percent: 0)
        for node in nodes {
            if date <= node.date {
                let span = previous.date.days(until: node.date)
                guard span > 0 else { return node.percent }
                let fraction = Double(previous.date.days(until: date)) / Double(span)
                return previous.percent + (node.percent - previous.percent) * fraction
            }
            previous = node
        }
        return last.percent
    }

    /// What is wrong with the rule, if anything (used when a coordinator edits nodes); empty when valid.
    public var problems: [ScheduleProblem] {
        var found: [ScheduleProblem] = []
        if nodes.isEmpty { found.append(.noNodes) }
        for node in nodes {
            if !(0...100).contains(node.percent) || node.percent.isNaN { found.append(.percentOutOfRange(node.date)) }
            if node.date <= start { found.append(.nodeNotAfterStart(node.date)) }
        }
        for (a, b) in zip(nodes, nodes.dropFirst()) {
            if a.date == b.date { found.append(.duplicateDate(b.date)) }
            if b.percent < a.percent { found.append(.decreasing(b.date)) }
        }
        if let last = nodes.last, last.percent != 100 { found.append(.lastNodeNotComplete) }
        return found
    }
}

/// Why a schedule rule is not acceptable (序时进度规则错误); no wording, the App words it.
public enum ScheduleProblem: Sendable, Equatable, Hashable, Codable {
    /// The rule has no node.
    case noNodes
    /// A node's percent is outside 0…100.
    case percentOutOfRange(CivilDate)
    /// A node lies on or before the start.
    case nodeNotAfterStart(CivilDate)
    /// Two nodes share a date.
    case duplicateDate(CivilDate)
    /// A node expects less than the one before it.
    case decreasing(CivilDate)
    /// The last node is not 100%.
    case lastNodeNotComplete
}
