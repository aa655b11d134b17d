import Fluent
import Vapor
import MinshengStore

/// Every migration, in the one order they run. Append only: a merged migration is never edited
/// (STYLE rule 6); Fluent knows each by its type name, so the file numbers only show the order.
func registerMigrations(_ app: Application) {
    app.migrations.add(CreateUnits())
    app.migrations.add(CreateUsers())
    app.migrations.add(CreatePlans())
    app.migrations.add(CreateReports())
    app.migrations.add(CreateAuditEntries())
    app.migrations.add(CreateIndexes())
    app.migrations.add(CreateWebSessions())
    app.migrations.add(CreateSupervisionNotices())
    app.migrations.add(CreateCommitmentNotes())
    app.migrations.add(CreateAttachments())
    app.migrations.add(CreateReportDrafts())
    app.migrations.add(KeyReportDraftsByUnit())
    app.migrations.add(IndexAuditSubjects())
    app.migrations.add(CreateCitizenRequests())
    app.migrations.add(SeedRequestCatalogue())
    app.migrations.add(CreateRequestPhotos())
    app.migrations.add(CreateRequestCounters())
    app.migrations.add(CreateRequestUnitRevisions())
    app.migrations.add(CreateOpen311())
    app.migrations.add(AddObjectionPeriod())
    app.migrations.add(AddAttachmentPublic())
    app.migrations.add(AddReportDecreaseReason())
    app.migrations.add(AddReportReopenReason())
    app.migrations.add(ChainAuditEntries())
    app.migrations.add(CreateSignInCounters())
    app.migrations.add(AddNoticeKindAndUnits())
    app.migrations.add(CreateBulletinIssues())
    app.migrations.add(AddUserDisabled())
    app.migrations.add(AddAccountSecurity())
    app.migrations.add(AddRequesterPhoneIndex())
    app.migrations.add(SealPersonalData(app: app))
    app.migrations.add(AddReportUnitID())
    app.migrations.add(BackfillReportUnitIDs())
}
