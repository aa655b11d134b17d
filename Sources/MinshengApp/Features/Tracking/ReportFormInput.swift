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
    /// 回落原因, asked for when the percent is below the last month's.
    var decreaseReason: String = ""
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
        let (draft, errors) = readDraft(targets: targets, fallbackPeriod: nil)
        return errors.isEmpty ? (draft, [:]) : (nil, errors)
    }

    /// What could be read as typed, and the fields that could not: a figure that is not a number
    /// is left out of the draft (and named in the errors), so Core can still judge every other
    /// field in the same round. An unreadable month becomes `fallbackPeriod`; with none, the draft
    /// is nil.
    func readDraft(targets: [Target], fallbackPeriod: YearMonth?) -> (ReportDraft?, [String: String]) {
        var errors: [String: String] = [:]
        let month = YearMonth(period)
        if month == nil { errors["period"] = "请选择报送月份。" }
        let percentValue = Self.number(percent)
        if percentValue == nil { errors["percent"] = "完成进度请填写数字，如 65 或 65.5。" }
        let investmentValue = Self.number(investment)
        if investmentValue == nil { errors["investment"] = "完成投资请填写数字（万元），如 100 或 1,200.5。" }
        var actualValues: [TargetActual] = []
        for t in targets {
            let key = Self.actualField(t.id)
            switch Self.number(actuals[t.id.uuidString] ?? "") {
            case .none: errors[key] = "“\(t.metric)”请填写数字（\(t.unit)）。"
            case .some(.none): break
            case .some(.some(let v)): actualValues.append(TargetActual(targetID: t.id, actual: v))
            }
        }
        guard let usedMonth = month ?? fallbackPeriod else { return (nil, errors) }
        return (ReportDraft(period: usedMonth, percent: percentValue ?? nil, targetActuals: actualValues,
                            investment: investmentValue ?? nil, narrative: Self.trimmed(narrative), problems: Self.trimmed(problems),
                            nextSteps: Self.trimmed(nextSteps), decreaseReason: Self.trimmed(decreaseReason)), errors)
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The form's errors when some fields could not be read: those, and every problem Core finds
    /// in the rest, so one submission names everything wrong at once. Core's problems that only
    /// follow from an unreadable field are left out (a target that is not a number makes the
    /// percent look missing; an unreadable month says nothing of its lock or a fall in progress).
    static func merged(unreadable: [String: String], problems: [ReportRejection]) -> [String: String] {
        let targetUnreadable = unreadable.keys.contains { $0.hasPrefix("actual_") }
        let kept = problems.filter { r in
            switch r {
            case .percentRequired: return !targetUnreadable && unreadable["percent"] == nil
            case .progressLower: return false
            case .periodInFuture, .periodBeforeStart, .periodLocked: return unreadable["period"] == nil
            default: return true
            }
        }
        return unreadable.merging(errors(for: kept)) { typed, _ in typed }
    }

    /// Core's refusals as form errors: each on its field (a target's own field where the
    /// rejection names one), the rest under `form`.
    static func errors(for rejections: [ReportRejection]) -> [String: String] {
        var out: [String: String] = [:]
        for r in rejections {
            let key: String
            switch r {
            case .unknownTarget(let id), .duplicateTarget(let id), .actualNotFinite(let id): key = actualField(id)
            // The form asks for the missing reason right under the percent.
            case .progressLower: key = ReportField.decreaseReason.rawValue
            default: key = r.field?.rawValue ?? "form"
            }
            if out[key] == nil { out[key] = Wording.report(r) + "。" }
        }
        return out
    }
}
