import Foundation
import PolicyParser

/// Where a plan stands in its life (计划状态): a draft (草稿) after import, published (已发布) once
/// checked, archived (已归档) when its period is over.
public enum PlanStatus: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 草稿: imported, being checked; seen by staff only.
    case draft
    /// 已发布: public, tracked.
    case published
    /// 已归档: kept for the record, read-only.
    case archived
}

/// A livelihood plan (民生实事计划 / 行动方案) as the rules see it.
///
/// Example: 2026年示范市民生实事项目, 示政发〔2026〕3号, period 2026—2026, 15 commitments.
public struct Plan: Sendable, Equatable, Codable, Identifiable {
    /// The App's identifier for the plan.
    public var id: PlanID
    /// The plan's own title, e.g. `2026年示范市民生实事项目`.
    public var title: String
    /// The 文号, e.g. `示政发〔2026〕3号`; nil when none.
    public var documentNumber: String?
    /// The plan's years; an annual plan has `from == to`.
    public var period: YearSpan
    /// 计划状态.
    public var status: PlanStatus
    /// The tracking rules of this plan (序时进度, 预警区间, 报送期限).
    public var rules: TrackingRules

    /// A plan; `rules` default to ``TrackingRules/standard(for:)`` of the period.
    public init(id: PlanID, title: String, documentNumber: String? = nil, period: YearSpan,
                status: PlanStatus = .draft, rules: TrackingRules? = nil) {
        self.id = id
        self.title = title
        self.documentNumber = documentNumber
        self.period = period
        self.status = status
        self.rules = rules ?? .standard(for: period)
    }

    /// Whether the plan covers one year only (年度计划), e.g. 2026—2026.
    public var isAnnual: Bool { period.from == period.to }
}

extension CivilDate {
    /// The date a deadline as stated in a plan means (完成时限): the last day of the period named.
    ///
    /// `"2025"` → 2025-12-31, `"2023-11"` → 2023-11-30, `"2024-06-30"` → that day; nil for anything else.
    public static func deadline(stated text: String) -> CivilDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = CivilDate(trimmed) { return date }
        if let month = YearMonth(trimmed) { return month.lastDay }
        if trimmed.count == 4, let year = Int(trimmed), (1...9999).contains(year) { return CivilDate(year, 12, 31) }
        return nil
    }
}

/// What publishing a draft should make the coordinator think twice about.
public enum PublishCheck {
    /// The plan's years are all before today's: published now, every commitment is judged against
    /// a schedule that ended long ago and turns red at once. Returns the plan's last year then.
    ///
    /// Example: a 2023 plan published on 2026-11-29 → 2023; a 2026 plan, or 2024—2026 → nil.
    /// A plan with no stated years (nil, nil) → nil (nothing to compare).
    public static func pastYear(periodFrom: Int?, periodTo: Int?, today: CivilDate) -> Int? {
        guard let last = periodTo ?? periodFrom, last < today.year else { return nil }
        return last
    }
}
