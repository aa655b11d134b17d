import Foundation
import MinshengCore

/// The report form as typed (strings), turned into Core's `ReportDraft` or into field errors in
/// Chinese. Parsing is here; every judgement of the figures is Core's `ReportPolicy`.
struct ReportFormInput: Codable, Equatable, Sendable {
    var period: String = ""
    var percent: String = ""
    var investment: String = ""
    var narrative: String = ""
    var problems: String = ""
    var nextSteps: String = ""
    /// Target id (uuid string) → typed actual.
    var actuals: [String: String] = [:]

    /// Field name for a target's actual in the form.
    static func actualField(_ id: UUID) -> String { "actual_\(id.uuidString)" }

    /// Reads a number as people type it: full-width digits, thousands separators, a trailing %.
    static func number(_ text: String) -> Double?? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { return .some(nil) }
        t = String(t.unicodeScalars.map { u -> Character in
            if (0xFF10...0xFF19).contains(u.value) { return Character(UnicodeScalar(u.value - 0xFF10 + 48)!) }
            if u == "．" { return "." }
            if u == "－" { return "-" }
            return Character(u)
        })
        t = t.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "，", with: "")
        if t.hasSuffix("%") || t.hasSuffix("％") { t.removeLast() }
        guard let v = Double(t), v.isFinite else { return nil }
        return .some(v)
    }

    /// A draft for Core, or the fields that are not numbers / not a month.
    func draft(targets: [Target]) -> (ReportDraft?, [String: String]) {
        var errors: [String: String] = [:]
        let month = YearMonth(period)
        if month == nil { errors["period"] = "请选择报送月份。" }
        let percentValue = Self.number(percent)
        if percentValue == nil { errors["percent"] = "完成进度请填写数字，如 65 或 65.5。" }
        let investmentValue = Self.number(investment)
        if investmentValue == nil { errors["investment"] = "完成投资请填写数字（万元）。" }
        var actualValues: [TargetActual] = []
        for t in targets {
            let key = Self.actualField(t.id)
            switch Self.number(actuals[t.id.uuidString] ?? "") {
            case .none: errors[key] = "“\(t.metric)”请填写数字（\(t.unit)）。"
            case .some(.none): break
            case .some(.some(let v)): actualValues.append(TargetActual(targetID: t.id, actual: v))
            }
        }
        guard errors.isEmpty, let month else { return (nil, errors) }
        return (ReportDraft(period: month, percent: percentValue ?? nil, targetActuals: actualValues,
                            investment: investmentValue ?? nil, narrative: narrative.trimmingCharacters(in: .whitespacesAndNewlines),
                            problems: problems.trimmingCharacters(in: .whitespacesAndNewlines),
                            nextSteps: nextSteps.trimmingCharacters(in: .whitespacesAndNewlines)), [:])
    }

    /// Core's refusals as form errors: each on its field (a target's own field where the
    /// rejection names one), the rest under `form`.
    static func errors(for rejections: [ReportRejection]) -> [String: String] {
        var out: [String: String] = [:]
        for r in rejections {
            let key: String
            switch r {
            case .unknownTarget(let id), .duplicateTarget(let id), .actualNotFinite(let id): key = actualField(id)
            default: key = r.field?.rawValue ?? "form"
            }
            if out[key] == nil { out[key] = Wording.report(r) + "。" }
        }
        return out
    }
}
