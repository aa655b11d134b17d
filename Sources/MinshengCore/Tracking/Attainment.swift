import Foundation
import PolicyParser

/// How far a target is reached (目标达成情况): whether it is met, and a percent complete.
///
/// `actual` is always the level the metric stands at (e.g. satisfaction 81%), never the change;
/// for `+` and `-` the change is measured from the target's baseline. Examples:
/// - `>= 5.8 万人`, actual 2.9 → not met, 50%;
/// - `<= 3.5 %`, actual 3.2 → met, 100%;
/// - `+ 5 个百分点` from baseline 78, actual 81 → not met, 60%;
/// - `- 10 %` (a relative fall) from baseline 50, actual 45 → met, 100%.
public struct Attainment: Sendable, Equatable, Hashable, Codable {
    /// Whether the target is met; nil when it cannot be judged (a `+`/`-` target without baseline).
    public var isMet: Bool?
    /// The percent complete, 0…100; nil when it cannot be derived from the figures.
    public var percent: Double?

    /// An attainment.
    public init(isMet: Bool?, percent: Double?) {
        self.isMet = isMet
        self.percent = percent
    }

    /// Relative tolerance for `=` (达到 / 稳定在 / 完成 N): an actual within 0.5% below the value
    /// counts as reached, so a reported 99.6% meets 达到100% (rounding in unit reports).
    public static let equalTolerance: Double = 0.005

    /// Relative tolerance for `~` (左右 / 约): an actual within 5% below the value counts as
    /// reached, so 1900 亩 meets 约2000亩 but 1899 does not.
    public static let aboutTolerance: Double = 0.05

    /// Units whose `+`/`-` figure is a relative change of the baseline (增长8% → baseline × 1.08);
    /// every other unit, 个百分点 included, is an absolute change.
    public static let relativeChangeUnits: Set<String> = ["%"]

    /// The attainment of a target given its actual level.
    public init(target: Target, actual: Double) {
        self = Attainment.evaluate(op: target.op, value: target.value, unit: target.unit,
                                   baseline: target.baseline, actual: actual)
    }

    /// The attainment of a figure read with `op`.
    ///
    /// - `>=`: met when `actual >= value`; percent = progress from the baseline (or 0) to value.
    /// - `<=`: met when `actual <= value` (percent 100); when not met, progress from a baseline
    ///   above the value down to it, else nil.
    /// - `=`: read as "reach": met when `actual >= value − |value| × equalTolerance`; percent as `>=`.
    ///   (The parser's `=` covers 完成/新增/建设 N, where more is not worse.)
    /// - `~`: as `=` with ``aboutTolerance``.
    /// - `+`: needs a baseline; the goal level is `baseline + value` (or `baseline × (1 + value/100)`
    ///   for `%`); met when actual reaches it; percent = share of the rise achieved.
    /// - `-`: needs a baseline; the goal level is `baseline − value` (or `× (1 − value/100)`); met when
    ///   actual is at or below it; percent = share of the fall achieved.
    /// Percents are capped to 0…100 and NaN or infinite actuals give an undetermined attainment.
    public static func evaluate(op: TargetOp, value: Double, unit: String, baseline: Double?,
                                actual: Double) -> Attainment {
        guard actual.isFinite, value.isFinite else { return Attainment(isMet: nil, percent: nil) }
        switch op {
        case .atLeast:
            let met = actual >= value
            return Attainment(isMet: met, percent: rising(from: baseline, to: value, actual: actual, met: met))
        case .equal, .about:
            let tolerance = abs(value) * (op == .equal ? equalTolerance : aboutTolerance)
            let met = value == 0 ? abs(actual) <= 1e-9 : actual >= value - tolerance
            return Attainment(isMet: met, percent: rising(from: baseline, to: value, actual: actual, met: met))
        case .atMost:
            if actual <= value { return Attainment(isMet: true, percent: 100) }
            guard let baseline, baseline > value else { return Attainment(isMet: false, percent: nil) }
            return Attainment(isMet: false, percent: capped((baseline - actual) / (baseline - value) * 100))
        case .increaseBy:
            guard let baseline, baseline.isFinite else { return Attainment(isMet: nil, percent: nil) }
            let goal = relativeChangeUnits.contains(unit) ? baseline * (1 + value / 100) : baseline + value
            let met = actual >= goal
            let rise = goal - baseline
            guard rise > 0 else { return Attainment(isMet: met, percent: met ? 100 : 0) }
            return Attainment(isMet: met, percent: met ? 100 : capped((actual - baseline) / rise * 100))
        case .decreaseBy:
            guard let baseline, baseline.isFinite else { return Attainment(isMet: nil, percent: nil) }
            let goal = relativeChangeUnits.contains(unit) ? baseline * (1 - value / 100) : baseline - value
            let met = actual <= goal
            let fall = baseline - goal
            guard fall > 0 else { return Attainment(isMet: met, percent: met ? 100 : 0) }
            return Attainment(isMet: met, percent: met ? 100 : capped((baseline - actual) / fall * 100))
        }
    }

    private static func rising(from baseline: Double?, to value: Double, actual: Double, met: Bool) -> Double? {
        if met { return 100 }
        let start = baseline.flatMap { $0 < value && $0.isFinite ? $0 : nil } ?? 0
        guard value > start else { return nil }
        return capped((actual - start) / (value - start) * 100)
    }

    private static func capped(_ x: Double) -> Double { min(100, max(0, x)) }
}
