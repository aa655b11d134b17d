import Foundation
import MinshengCore
import Vapor

/// The web site map: every page and form, with who may use it. Handlers check again with the
/// subject (a clerk's unit against the commitment's, a notice's addressee).
enum WebPages {
    static func register(_ r: WebRouter) {
        let coordinatorsAndLeaders: WebAccess = .roles([.coordinator, .leader])

        let dashboard = DashboardController()
        r.on(.GET, "/dashboard", coordinatorsAndLeaders, use: dashboard.dashboard)
        r.on(.GET, "/commitments", .signedIn, use: dashboard.list)

        let commitment = CommitmentController()
        r.on(.GET, "/commitments/:id", .signedIn, use: commitment.show)
        r.on(.POST, "/commitments/:id/instructions", .action(.writeInstruction), use: commitment.instruct)
        r.on(.POST, "/commitments/:id/comments", .action(.comment), use: commitment.comment)
        r.on(.POST, "/commitments/:id/attachments", .roles([.clerk, .coordinator, .admin]),
             body: .collect(maxSize: ByteCount(value: AttachmentCheck.maxBytes + (1 << 20))), use: commitment.upload)
        r.on(.GET, "/attachments/:id", .signedIn, use: commitment.download)
        r.on(.POST, "/attachments/:id/delete", .roles([.clerk, .coordinator, .admin]), use: commitment.deleteAttachment)
        r.on(.POST, "/commitments/:id/reports/:period/reopen", .action(.reopenReport), use: commitment.reopen)

        let clerk = ClerkController()
        r.on(.GET, "/clerk", .roles([.clerk]), use: clerk.home)
        r.on(.GET, "/commitments/:id/report", .action(.submitReport), use: clerk.form)
        r.on(.POST, "/commitments/:id/report", .action(.submitReport), use: clerk.submit)

        let supervision = SupervisionController()
        r.on(.GET, "/supervision", .roles([.coordinator, .leader, .clerk, .admin]), use: supervision.list)
        r.on(.GET, "/supervision/new", .action(.issueNotice), use: supervision.newForm)
        r.on(.POST, "/supervision", .action(.issueNotice), use: supervision.create)
        r.on(.GET, "/supervision/:id", .roles([.coordinator, .leader, .clerk, .admin]), use: supervision.show)
        r.on(.POST, "/supervision/:id/reply", .action(.replyNotice), use: supervision.reply)
        r.on(.POST, "/supervision/:id/signoff", .action(.signOffNotice), use: supervision.signOff)
        r.on(.POST, "/supervision/:id/return", .action(.signOffNotice), use: supervision.giveBack)

        let imports = ImportReviewController()
        r.on(.GET, "/imports", .action(.importPlan), use: imports.start)
        r.on(.POST, "/imports", .action(.importPlan), body: .collect(maxSize: "20mb"), use: imports.create)
        r.on(.GET, "/imports/:id", .action(.importPlan), use: imports.review)
        r.on(.POST, "/imports/:id", .action(.editPlan), use: imports.save)
        r.on(.POST, "/imports/:id/publish", .action(.publishPlan), use: imports.publish)

        let admin = AdminController()
        r.on(.GET, "/admin/users", .action(.manageUsers), use: admin.users)
        r.on(.POST, "/admin/users", .action(.manageUsers), use: admin.createUser)
        r.on(.GET, "/admin/units", .action(.manageUsers), use: admin.units)
        r.on(.POST, "/admin/units/merge", .action(.manageUsers), use: admin.merge)

        let bulletin = BulletinController()
        r.on(.GET, "/bulletins", coordinatorsAndLeaders, use: bulletin.index)
        r.on(.GET, "/bulletins/:month", coordinatorsAndLeaders, use: bulletin.show)
        r.on(.GET, "/bulletins/:month/xlsx", coordinatorsAndLeaders, use: bulletin.xlsx)
        r.on(.GET, "/plans/:id/progress.xlsx", coordinatorsAndLeaders, use: bulletin.progressXlsx)
        r.on(.GET, "/plans/:id/progress.csv", coordinatorsAndLeaders, use: bulletin.progressCSV)
    }
}
