import Foundation

/// Time limits in working days (办理时限), per step and kind; set by admins.
///
/// Defaults: sign-for 1 working day; handling 咨询 1, 求助 5, 投诉 5, 举报 10, 建议 10; a complex
/// request gets up to 15 by an approved extension; reminders 1 working day before a limit; 督办
/// after 3 working days past it.
public struct RequestLimits: Sendable, Codable, Equatable {
    public var signFor: Int
    public var handling: [RequestKind: Int]
    /// The longest limit an extension may reach (复杂件).
    public var extendedMaximum: Int
    /// Working days before a limit when the reminder goes out.
    public var remindBefore: Int
    /// Working days past a limit after which a supervision notice (督办) is issued.
    public var escalateAfter: Int

    public init(signFor: Int = 1,
                handling: [RequestKind: Int] = [.consult: 1, .help: 5, .complaint: 5, .report: 10, .suggestion: 10],
                extendedMaximum: Int = 15, remindBefore: Int = 1, escalateAfter: Int = 3) {
        self.signFor = signFor
        self.handling = handling
        self.extendedMaximum = extendedMaximum
        self.remindBefore = remindBefore
        self.escalateAfter = escalateAfter
    }

    public static let standard = RequestLimits()

    /// The handling limit for a kind (5 when not set).
    public func handling(_ kind: RequestKind) -> Int { handling[kind] ?? 5 }

    /// Problems with limits typed by an admin (field → problem), empty when fine.
    public func problems() -> [String: String] {
        var out: [String: String] = [:]
        if !(0...30).contains(signFor) { out["signFor"] = "签收时限应为 0–30 个工作日" }
        for kind in RequestKind.allCases where !(1...60).contains(handling(kind)) {
            out["handling.\(kind.rawValue)"] = "\(kind.label)办理时限应为 1–60 个工作日"
        }
        if extendedMaximum < (handling.values.max() ?? 0) || extendedMaximum > 90 {
            out["extendedMaximum"] = "延期上限应不小于各类办理时限且不超过 90 个工作日"
        }
        if !(0...10).contains(remindBefore) { out["remindBefore"] = "提醒提前量应为 0–10 个工作日" }
        if !(1...30).contains(escalateAfter) { out["escalateAfter"] = "转督办的超期天数应为 1–30 个工作日" }
        return out
    }
}

/// Where a request stands against its limit: the inbox's colour and the overdue ladder
/// (提醒 → 催办 → 督办).
public enum LimitStage: String, Sendable, Equatable, CaseIterable {
    /// More than the reminder's lead time left (green).
    case onTime
    /// Within the reminder's lead time (yellow): 临期提醒.
    case dueSoon
    /// Past the limit (red): 催办.
    case overdue
    /// Past the limit by `escalateAfter` working days or more: 转督办.
    case escalate

    public var label: String {
        switch self {
        case .onTime: "正常"
        case .dueSoon: "临期"
        case .overdue: "超期"
        case .escalate: "超期转督办"
        }
    }

    /// Where `due` stands on `today`.
    ///
    /// Example (2026, limits standard): due 2026-10-09, today 10-08 → `.dueSoon`; today 10-12 →
    /// `.overdue` (10-10 is a 调休 Saturday, so 10-10 and 10-12 are 2 working days past); today
    /// 10-13 → `.escalate`.
    public static func of(due: CivilDate, today: CivilDate, calendar: WorkCalendar, limits: RequestLimits) -> LimitStage {
        if today <= due {
            // Working days still to come after today, up to and including the due day.
            let left = calendar.workdays(from: today, to: due) - (calendar.isWorkday(today) ? 1 : 0)
            return left <= limits.remindBefore ? .dueSoon : .onTime
        }
        return calendar.workdaysPast(due, today: today) >= limits.escalateAfter ? .escalate : .overdue
    }
}

/// 派单规则: a category (by code prefix) and an area (street or district, blank = anywhere) → the
/// lead unit and co-units. The most specific rule wins: the longest code prefix, then a street
/// over a district over anywhere.
public struct RoutingRule: Sendable, Equatable, Codable {
    public var categoryPrefix: String
    public var district: String
    public var street: String
    public var leadUnit: String
    public var coUnits: [String]

    public init(categoryPrefix: String, district: String = "", street: String = "", leadUnit: String, coUnits: [String] = []) {
        self.categoryPrefix = categoryPrefix
        self.district = district
        self.street = street
        self.leadUnit = leadUnit
        self.coUnits = coUnits
    }

    func matches(category: String, district: String?, street: String?) -> Bool {
        category.hasPrefix(categoryPrefix)
            && (self.district.isEmpty || self.district == district)
            && (self.street.isEmpty || self.street == street)
    }

    var specificity: (Int, Int) {
        (categoryPrefix.count, street.isEmpty ? (district.isEmpty ? 0 : 1) : 2)
    }

    /// The rule for a request, or nil when none matches (the hotline chooses by hand).
    public static func route(category: String, district: String?, street: String?, rules: [RoutingRule]) -> RoutingRule? {
        rules.filter { $0.matches(category: category, district: district, street: street) }
            .max { $0.specificity < $1.specificity }
    }
}
