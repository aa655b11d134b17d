import Foundation
import MinshengCore
import PolicyParser

extension ErrorMapping {
    /// Core's rule errors (enums without wording) → status, code and Chinese message.
    static func coreError(_ error: any Error) -> APIError? {
        guard let rejection = error as? ReportRejection else { return nil }
        if rejection == .notResponsible {
            return APIError(.forbidden, "not_responsible", "只有牵头或责任单位的填报员可以报送本任务的进展")
        }
        if rejection.isConflict {
            return APIError(.conflict, code(rejection), message(rejection), fields: fields(for: [rejection]))
        }
        return APIError.invalid(fields(for: [rejection]), message: message(rejection))
    }

    /// Field → message for a form, the first problem of each field.
    static func fields(for rejections: [ReportRejection]) -> [String: String] {
        var fields: [String: String] = [:]
        for rejection in rejections {
            let key = rejection.field?.rawValue ?? "body"
            if fields[key] == nil { fields[key] = message(rejection) }
        }
        return fields
    }

    static func code(_ rejection: ReportRejection) -> String {
        switch rejection {
        case .notResponsible: return "not_responsible"
        case .periodInFuture: return "period_in_future"
        case .periodBeforeStart: return "period_before_start"
        case .periodLocked: return "period_taken"
        case .percentOutOfRange: return "percent_out_of_range"
        case .percentRequired: return "percent_required"
        case .unknownTarget: return "unknown_target"
        case .duplicateTarget: return "duplicate_target"
        case .actualNotFinite: return "actual_not_finite"
        case .investmentInvalid: return "investment_invalid"
        case .notLocked: return "not_locked"
        }
    }

    static func message(_ rejection: ReportRejection) -> String {
        switch rejection {
        case .notResponsible: return "本单位不是该任务的牵头或责任单位"
        case .periodInFuture: return "不能报送尚未开始的月份"
        case .periodBeforeStart: return "该月份早于计划的首个报送月份"
        case .periodLocked: return "该月进展已报送并锁定,如需修改请联系统筹部门退回重报"
        case .percentOutOfRange: return "完成进度应在 0 到 100 之间"
        case .percentRequired: return "指标无法推算进度,请填写完成进度"
        case .unknownTarget: return "包含不属于本任务的指标"
        case .duplicateTarget: return "同一指标填写了两次"
        case .actualNotFinite: return "指标完成值应为数字"
        case .investmentInvalid: return "完成投资不能为负数"
        case .notLocked: return "该月进展未锁定,无需退回"
        }
    }
}
