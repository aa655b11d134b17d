import Fluent
import Foundation
import MinshengCore
import Vapor

/// The overview and the filtered commitment list.
struct DashboardController {
    func dashboard(req: Request) async throws -> Response {
        let viewer = try await req.webViewer()
        let snapshots = try await WebQueries.publishedSnapshots(req: req)
        let notices = try await SupervisionController.summary(req: req)
        let page = DashboardPage.make(shell: WebShell.make(req, title: "总览"), snapshots: snapshots, today: req.today,
                                      canIssueNotices: viewer.may(.issueNotice), openNoticeCommitments: notices.commitments,
                                      openNotices: notices.open, overdueNotices: notices.overdue)
        return try await req.view.render("Web/Dashboard/dashboard", page).encodeResponse(for: req).get()
    }

    func list(req: Request) async throws -> Response {
        _ = try await req.webViewer()
        let filter = Self.filter(from: req)
        var snapshots = try await WebQueries.publishedSnapshots(req: req)
        if let plan = filter.plan, !snapshots.contains(where: { $0.planID == plan }) {
            // A draft named explicitly: only for roles that may read drafts.
            let viewer = try await req.webViewer()
            try viewer.require(.readDraft)
            snapshots = [try await WebQueries.snapshot(plan, req: req)]
        }
        let page = CommitmentListPage.make(shell: WebShell.make(req, title: "任务清单"), snapshots: snapshots, filter: filter)
        return try await req.view.render("Web/Dashboard/commitments", page).encodeResponse(for: req).get()
    }

    static func filter(from req: Request) -> CommitmentListPage.Filter {
        func text(_ key: String) -> String? {
            guard let v = req.query[String.self, at: key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        return CommitmentListPage.Filter(
            plan: text("plan").flatMap(UUID.init(uuidString:)), health: text("health").flatMap(Health.init(rawValue:)),
            unit: text("unit"), leader: text("leader"), section: text("section"), district: text("district"),
            late: text("late") == "1", text: text("q"))
    }
}
