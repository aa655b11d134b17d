import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// Keeping a month's bulletin as issued: its 期号, 印发单位, 印发日期, 主要问题 and 下步工作要求,
/// one per month, audited with what it said before.
enum BulletinActions {
    /// The issue's fields as stored and audited.
    struct Stored: Codable, Equatable {
        var number: Int
        var issuer: String
        var date: String
        var problems: String
        var requirements: String
    }

    /// Checks every field at once (the form shows all problems together).
    static func check(_ fields: BulletinPage.IssueFields) -> Result<Stored, APIError> {
        var problems: [String: String] = [:]
        let number = Int(fields.number.trimmingCharacters(in: .whitespaces))
        if number == nil || !(1..<10_000).contains(number!) { problems["number"] = "期号应为正整数，如 6。" }
        let issuer = fields.issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        if issuer.isEmpty || issuer.count > 100 { problems["issuer"] = "请填写印发单位（不超过100字）。" }
        let date = CivilDate(fields.date.trimmingCharacters(in: .whitespaces))
        if date == nil { problems["date"] = "印发日期格式应为 年-月-日，如 2026-07-03。" }
        let limit = BulletinPage.IssueFields.textLimit
        if fields.problems.count > limit { problems["problems"] = "主要问题不超过\(limit)字。" }
        if fields.requirements.count > limit { problems["requirements"] = "下步工作要求不超过\(limit)字。" }
        guard problems.isEmpty, let number, let date else { return .failure(APIError.invalid(problems)) }
        return .success(Stored(number: number, issuer: issuer, date: date.description,
                               problems: fields.problems.trimmingCharacters(in: .whitespacesAndNewlines),
                               requirements: fields.requirements.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Saves the month's issue (creating or replacing it).
    static func save(month: YearMonth, fields: BulletinPage.IssueFields, in ctx: WriteContext) async throws {
        let stored = try check(fields).get()
        try await ctx.commit { tx in
            let db = tx.db
            let existing = try await BulletinIssueRecord.query(on: db).filter(\.$month == month.description).first()
            let before = existing.map(Self.stored)
            let record = existing ?? BulletinIssueRecord()
            record.month = month.description
            record.number = stored.number
            record.issuer = stored.issuer
            record.issuedOn = stored.date
            record.problems = stored.problems
            record.requirements = stored.requirements
            record.updatedBy = ctx.actor.userID
            record.updatedAt = tx.now
            try await record.save(on: db)
            try await tx.audit(.bulletinIssue, .bulletin, record.id, before: before, after: stored)
        }
    }

    static func stored(_ r: BulletinIssueRecord) -> Stored {
        Stored(number: r.number, issuer: r.issuer, date: r.issuedOn, problems: r.problems, requirements: r.requirements)
    }

    /// The month's issue as kept, as the page's fields; nil when none was saved.
    static func issue(of month: YearMonth, on db: any Database) async throws -> BulletinPage.IssueFields? {
        guard let r = try await BulletinIssueRecord.query(on: db).filter(\.$month == month.description).first() else { return nil }
        return .init(number: String(r.number), issuer: r.issuer, date: r.issuedOn, problems: r.problems, requirements: r.requirements)
    }
}
