import Foundation
import MinshengCore
import PolicyParser

extension ErrorMapping {
    /// Core's rule errors (enums without wording) → status, code and Chinese message.
    static func coreError(_ error: any Error) -> APIError? {
        if let rejection = error as? Rejection { return apiError(for: rejection) }
        // Plans
        if let refusal = error as? PlanDraftRefusal { return apiError(for: refusal) }
        if let locked = error as? AccountLocked {
            var error = APIError(.tooManyRequests, "locked", Wording.signInLocked(seconds: locked.seconds))
            error.retryAfter = locked.seconds
            return error
        }
        if let failure = error as? InternalFailure {
            return APIError(.internalServerError, code(failure), Wording.internalFailure(failure))
        }
        if let refusal = error as? RequestRefusal {
            var fields = Wording.request(refusal)
            if let body = fields.removeValue(forKey: "body") {
                return APIError(.conflict, "request_state", body, fields: fields)
            }
            return APIError.invalid(fields)
        }
        if let refusal = error as? ReportRefusal {
            let first = refusal.first
            if first.field == nil || first.isConflict { return coreError(first) }
            // A lower percent alone is not bad input: the client may confirm it with a reason.
            if refusal.all.count == 1, case .progressLower = first { return coreError(first) }
            return APIError.invalid(fields(for: refusal.all))
        }
        guard let rejection = error as? ReportRejection else { return nil }
        if rejection == .notResponsible {
            return APIError(.forbidden, "not_responsible", "只有牵头或责任单位的填报员可以报送本任务的进展")
        }
        if case .progressLower = rejection {
            return APIError(.unprocessableEntity, code(rejection), Wording.report(rejection) + "（在请求中填写 decreaseReason）",
                            fields: fields(for: [rejection]))
        }
        if rejection.isConflict {
            return APIError(.conflict, code(rejection), Wording.report(rejection), fields: fields(for: [rejection]))
        }
        return APIError.invalid(fields(for: [rejection]), message: Wording.report(rejection))
    }

    /// The refusals every feature shares: 404, 409 (stale version or state) and 422 with fields.
    static func apiError(for rejection: Rejection) -> APIError {
        switch rejection {
        case .notFound(let thing):
            return .notFound(Wording.thing(thing))
        case .staleVersion(let current):
            return .staleVersion(current: current)
        case .invalid(let problems):
            var fields: [String: String] = [:]
            for problem in problems where fields[problem.field] == nil {
                fields[problem.field] = Wording.field(problem.reason)
            }
            return .invalid(fields)
        case .conflict(let state):
            return APIError(.conflict, code(state), Wording.conflict(state))
        }
    }

    /// The API's stable code for each state conflict.
    static func code(_ state: StateConflict) -> String {
        switch state {
        // Plans
        case .draftOnly: return "not_draft"
        case .pastYear: return "past_year"
        // Directory
        case .disablingSelf: return "self"
        case .userNameTaken: return "name_taken"
        case .secondFactorAlreadyOn: return "totp_enabled"
        case .aliasTaken: return "alias_taken"
        }
    }

    /// The API's code for each internal failure (the 500's `code`).
    static func code(_ failure: InternalFailure) -> String {
        switch failure {
        case .sealFailed: return "seal"
        case .secretUnreadable: return "totp_secret"
        case .storedDayUnreadable: return "internal"
        }
    }

    /// A parsed plan Core would not make a draft of: 422 naming each untitled row under
    /// `items.N.title`.
    static func apiError(for refusal: PlanDraftRefusal) -> APIError {
        switch refusal {
        case .untitledRows(let rows):
            var fields: [String: String] = [:]
            for row in rows { fields["items.\(row.index).title"] = Wording.untitledRow(row) }
            return APIError(.unprocessableEntity, "untitled_rows", Wording.untitledRows, fields: fields)
        }
    }

    /// The API's answer to an error a page or command can show in place (a refusal: 4xx), or nil
    /// for anything else (a server error), which the caller rethrows.
    static func refusal(_ error: any Error) -> APIError? {
        if let api = error as? APIError { return api.status.code < 500 ? api : nil }
        return coreError(error)
    }

    /// Field → message for a form, the first problem of each field.
    static func fields(for rejections: [ReportRejection]) -> [String: String] {
        var fields: [String: String] = [:]
        for rejection in rejections {
            let key = rejection.field?.rawValue ?? "body"
            if fields[key] == nil { fields[key] = Wording.report(rejection) }
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
        case .narrativeRequired: return "narrative_required"
        case .textTooLong: return "text_too_long"
        case .progressLower: return "progress_lower"
        case .reopenReasonRequired: return "reopen_reason_required"
        }
    }
}
