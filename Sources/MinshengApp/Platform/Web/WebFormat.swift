import Foundation
import MinshengCore

/// Number and date wording for pages (STYLE rule 7: formatting happens in Swift, Leaf only shows).
enum WebFormat {
    /// An item named as the document numbers it, with its plan where several plans meet:
    /// (`2026年民生实事`, `二.(三).5`) → `2026年民生实事 · 二（三）5`; without a plan → `二（三）5`.
    static func item(plan: String?, number: String) -> String {
        let shown = DisplayText.itemNumber(number)
        guard let plan, !plan.isEmpty else { return shown }
        return "\(plan) · \(shown)"
    }

    /// `72.46` → `72.5%`; `60` → `60%`; nil → `—`.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return PercentText.format(value)
    }

    /// A gap in percentage points with its sign: `-12.3` → `落后12.3个百分点`, `4` → `超前4个百分点`.
    static func gap(actual: Double?, expected: Double) -> String {
        guard let actual else { return "未报送" }
        let d = actual - expected
        if abs(d) < 0.05 { return "与序时持平" }
        return d > 0 ? "超前\(decimal(d, places: 1))个百分点" : "落后\(decimal(-d, places: 1))个百分点"
    }

    /// Money held in 万元: `8500` → `8500万元`, `125000` → `12.5亿元`, nil → `—`.
    static func wan(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        if abs(value) >= 10_000 { return decimal(value / 10_000, places: 2) + "亿元" }
        return decimal(value, places: 2) + "万元"
    }

    /// A plain figure with up to `places` decimals and no trailing zeros: `5.80` → `5.8`.
    /// 草稿 / 已发布 / 已归档.
    static func planStatusLabel(_ status: PlanStatus) -> String {
        switch status {
        case .draft: "草稿"
        case .published: "已发布"
        case .archived: "已归档"
        }
    }

    static func decimal(_ value: Double, places: Int = 2) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var s = String(format: "%.\(places)f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `2026-06-30` → `2026年6月30日`.
    static func date(_ d: CivilDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }

    /// `2026-06` → `2026年6月`.
    static func month(_ m: YearMonth) -> String { "\(m.year)年\(m.month)月" }

    /// A chart's month axis: `3月` within one year, `26年3月` when the months span several.
    static func monthAxis(_ months: [YearMonth]) -> [String] {
        let single = Set(months.map(\.year)).count <= 1
        return months.map { single ? "\($0.month)月" : "\($0.year % 100)年\($0.month)月" }
    }

    /// A moment in the city's time zone: `2026-06-30 17:05`.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = AppClock.cityTimeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// Chinese names of the 三色预警 colours.
    static func healthLabel(_ h: Health) -> String {
        switch h {
        case .done: "已完成"
        case .green: "正常推进"
        case .yellow: "滞后"
        case .red: "严重滞后"
        }
    }

    /// A CSS colour with at least 4.5:1 contrast on white (WCAG AA) for each colour.
    static func healthColour(_ h: Health) -> String {
        switch h {
        case .done: "#1f5fa8"
        case .green: "#2e7d32"
        case .yellow: "#8a6d00"
        case .red: "#c62828"
        }
    }

    /// Role names as staff say them.
    static func roleLabel(_ role: String) -> String {
        switch role {
        case "admin": return "系统管理员"
        case "coordinator": return "督查协调员"
        case "clerk": return "单位联络员"
        case "leader": return "领导"
        case "deputy": return "人大代表/政协委员"
        case "hotline": return "12345接诉员"
        case "unitLeader": return "单位负责人"
        default: return role
        }
    }
}
