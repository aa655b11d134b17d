import Fluent
import Vapor
import MinshengStore

/// Encrypts the personal data stored in plain text before encryption at rest existed (requesters'
/// names and phones, SMS recipients) under the current data key, with the phones' blind index,
/// in audited batches (``PersonalDataSealing/sealAll(in:batchSize:progress:)``, the same run as
/// `minsheng keys rotate`). Holds the application for its write context: the keys and the audit
/// chain are the application's.
struct SealPersonalData: AsyncMigration {
    var name: String { "0071_SealPersonalData" }
    let app: Application

    func prepare(on database: any Database) async throws {
        var ctx = app.writeContext()
        ctx.db = database
        let outcome = try await PersonalDataSealing.sealAll(in: ctx)
        if outcome.rows > 0 {
            app.logger.notice("个人数据已加密 (sealed \(outcome.rows) rows in \(outcome.batches) batches under key \(app.dataKeys.current.id))")
        }
    }

    /// Leaves the data encrypted: writing personal data back in plain text is not a step to undo by accident.
    func revert(on database: any Database) async throws {}
}
