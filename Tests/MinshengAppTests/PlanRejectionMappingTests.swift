import Foundation
import MinshengCore
import PolicyParser
import Testing
@testable import MinshengApp
import MinshengStore

/// The Plans actions throw Core rejections; the API's status, code and Chinese message for each
/// stay what they were when the actions threw `APIError` themselves (clients and pages rely on them).
@Suite struct PlanRejectionMappingTests {
    @Test(arguments: [
        (StateConflict.draftOnly(.publish), "只有草稿状态的计划可以发布"),
        (.draftOnly(.deletePlan), "只有草稿可以删除；已发布的计划有跟踪记录，不能删除"),
        (.draftOnly(.deleteTarget), "计划已发布，指标不能删除，只能修改"),
        (.draftOnly(.editRows), "计划已发布，不能再增加、删除或合并任务"),
    ])
    func draftOnlyIsNotDraft(state: StateConflict, message: String) {
        let api = ErrorMapping.apiError(for: Rejection.conflict(state))
        #expect(api.status == .conflict)
        #expect(api.code == "not_draft")
        #expect(api.message == message)
    }

    @Test func pastYear() {
        let today = CivilDate(2026, 11, 29)
        let api = ErrorMapping.apiError(for: Rejection.conflict(.pastYear(year: 2023, today: today)))
        #expect(api.status == .conflict)
        #expect(api.code == "past_year")
        #expect(api.message == Wording.pastYearPublish(year: 2023, today: today))
        #expect(api.message.hasPrefix("这是2023年的计划，现在已是2026年"))
    }

    @Test(arguments: [
        (FieldProblem("title", .titleBlank), "标题不能为空"),
        (.init("metric", .metricBlank), "指标名称不能为空"),
        (.init("bandYellow", .outOfRange(0...100)), "应在 0 到 100 之间"),
        (.init("reportDueOffset", .outOfRange(-27...27)), "应在 -27 到 27 之间"),
        (.init("bandRed", .redBelowYellow), "红色预警区间不能小于黄色预警区间"),
        (.init("schedule.0.date", .notDate), "日期格式应为 YYYY-MM-DD"),
        (.init("deadline", .notStatedDeadline), "应为 YYYY、YYYY-MM 或 YYYY-MM-DD"),
        (.init("kind", .notItemKind), "应为 task 或 goal"),
        (.init("op", .notTargetOp), "应为 >=、<=、=、~、+ 或 -"),
        (.init("value", .notNumber), "应为数字"),
        (.init("plannedInvestment", .negative), "不能为负数"),
        (.init("newTitle", .newRowTitleBlank), "请填写新任务的标题"),
        (.init("rows", .noRowsChosen), "请先勾选要删除的任务"),
        (.init("rows", .mergeNeedsTwo), "合并至少要勾选两项任务"),
        (.init("schedule", .schedule([.noNodes, .lastNodeNotComplete])), "至少需要一个进度节点;最后一个节点应为 100%"),
    ])
    func fieldProblems(problem: FieldProblem, message: String) {
        let api = ErrorMapping.apiError(for: Rejection.invalid([problem]))
        #expect(api.status == .unprocessableEntity)
        #expect(api.code == "invalid")
        #expect(api.message == Wording.invalid)
        #expect(api.fields == [problem.field: message])
    }

    @Test func notFoundAndStale() {
        #expect(ErrorMapping.apiError(for: Rejection.notFound(.record)).message == "记录不存在。")
        #expect(ErrorMapping.apiError(for: Rejection.notFound(.target)).code == "not_found")
        let stale = ErrorMapping.apiError(for: Rejection.staleVersion(current: 4))
        #expect(stale.status == .conflict)
        #expect(stale.code == "stale_version")
    }

    @Test func untitledRowsNameEachRow() {
        let refusal = PlanDraftRefusal.untitledRows([.init(index: 2, number: "二.1", line: 9), .init(index: 5, number: "", line: 20)])
        let api = ErrorMapping.apiError(for: refusal)
        #expect(api.status == .unprocessableEntity)
        #expect(api.code == "untitled_rows")
        #expect(api.message == Wording.untitledRows)
        #expect(api.fields == ["items.2.title": "第9行的第二.1项没有标题", "items.5.title": "第20行的任务没有标题"])
    }

    @Test func refusalIsNilForServerErrors() {
        #expect(ErrorMapping.refusal(SQLDatabaseRequired()) == nil)
        #expect(ErrorMapping.refusal(APIError(.internalServerError, "internal", "x")) == nil)
        #expect(ErrorMapping.refusal(Rejection.notFound(.plan))?.status == .notFound)
        #expect(ErrorMapping.apiError(for: SQLDatabaseRequired()).status == .internalServerError)
    }
}

/// The actions themselves, on the database: what they throw is Core's, and a refused import
/// stores nothing.
@Suite struct PlanActionRejectionTests {
    @Test func anImportWithAnUntitledRowIsRefusedAndStoresNothing() async throws {
        try await withTestApp { app in
            // setup
            var parsed = TestPlan.parsed()
            parsed.items[1].title = " "
            // MUT
            await #expect(throws: PlanDraftRefusal.untitledRows([.init(index: 1, number: parsed.items[1].number,
                                                                       line: parsed.items[1].lines.from)])) {
                _ = try await PlanImporter().store(parsed, text: "", in: app.writeContext(actor: .system))
            }
            // validate
            let plans = try await PlanRecord.query(on: app.db).count()
            let commitments = try await CommitmentRecord.query(on: app.db).count()
            #expect(plans == 0)
            #expect(commitments == 0)
        }
    }

    @Test func publishingTwiceAndEditingRowsOfAPublishedPlanAreStateConflicts() async throws {
        try await withTestApp { app in
            // setup
            let outcome = try await PlanImporter().store(TestPlan.parsed(), text: "", in: app.writeContext(actor: .system))
            let planID = PlanID(outcome.planID)
            try await PlanActions.publish(planID: planID, in: app.writeContext(actor: .system))
            // MUT + validate
            await #expect(throws: Rejection.conflict(.draftOnly(.publish))) {
                try await PlanActions.publish(planID: planID, in: app.writeContext(actor: .system))
            }
            await #expect(throws: Rejection.conflict(.draftOnly(.editRows))) {
                try await DraftRowActions.add(planID: planID, number: "", title: "新任务", in: app.writeContext(actor: .system))
            }
            await #expect(throws: Rejection.notFound(.plan)) {
                try await PlanActions.publish(planID: PlanID(UUID()), in: app.writeContext(actor: .system))
            }
            await #expect(throws: Rejection.invalid([FieldProblem("title", .titleBlank), FieldProblem("bandRed", .outOfRange(0...100))])) {
                try await PlanActions.update(planID: planID, form: PlanPatchForm(version: 1, title: " ", bandRed: 120),
                                             in: app.writeContext(actor: .system))
            }
        }
    }
}
