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

    /// Checks every field at once (the form shows all problems together); a refusal is
    /// ``Rejection/invalid(_:)`` naming each field.
    static func check(_ fields: BulletinPage.IssueFields) -> Result<Stored, Rejection> {
        var problems: [FieldProblem] = []
        let number = Int(fields.number.trimmingCharacters(in: .whitespaces))
        if number == nil || !(1..<10_000).contains(number!) { problems.append(FieldProblem("number", .bulletinNumber)) }
        let issuer = fields.issuer.trimmingCharacters(in: .whitespacesAndNewlines)
        if issuer.isEmpty || issuer.count > 100 { problems.append(FieldProblem("issuer", .bulletinIssuer(max: 100))) }
        let date = CivilDate(fields.date.trimmingCharacters(in: .whitespaces))
        if date == nil { problems.append(FieldProblem("date", .bulletinDate)) }
        let limit = BulletinPage.IssueFields.textLimit
        if fields.problems.count > limit { problems.append(FieldProblem("problems", .bulletinProblemsTooLong(max: limit))) }
        if fields.requirements.count > limit {
            problems.append(FieldProblem("requirements", .bulletinRequirementsTooLong(max: limit)))
        }
        guard problems.isEmpty, let number, let date else { return .failure(.invalid(problems)) }
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
