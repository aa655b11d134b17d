import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import MinshengApp
import MinshengStore

/// The requests' back office: the platform import, the overdue ladder, the monthly scores, a unit
/// merge and the calendar command.
@Suite struct RequestsOperationsTests {
    typealias DTO = RequestsController.RequestDTO
    typealias Report = RequestImport.Report

    // MARK: import

    static let header = "工单编号,受理时间,诉求人,联系电话,诉求类型,诉求分类,诉求内容,街道"
    /// Lines 2 and 3 good (a category by name, one by code), 4 a bad phone, 5 the ticket of line 3 again.
    static let csv = """
        \(header)
        GD202607090001,2026-07-09 08:30,王五,13811112222,投诉,路灯照明,和平路路灯不亮,东城街道
        GD202607090002,2026/07/09 9:05,赵六,010-62345678,求助,0204,小区垃圾三天未清运,西城街道
        GD202607090003,2026-07-09 10:00,钱七,1381111,咨询,0402,社保缴费基数如何调整,南湖街道
        GD202607090002,2026-07-09 11:00,孙八,13833334444,投诉,0201,夜间施工噪声扰民,北关街道

        """

    @Test func csvImportTakesNothingUntilToldThenTakesTheGoodRowsOnce() async throws {
        try await withTestApp { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            func counts() async throws -> [Int] {
                [try await CitizenRequestRecord.query(on: app.db).count(), try await RequestEventRecord.query(on: app.db).count(),
                 try await AuditEntryRecord.query(on: app.db).count()]
            }
            let before = try await counts()
            let data = Data(Self.csv.utf8)

            // MUT: without takeValidRows
            let refused = try await api.upload(data, token: cast.hotline, contentType: "text/csv")
            // validate: 422 with the report, nothing written
            #expect(refused.status == .unprocessableEntity)
            let first = try refused.decode(Report.self)
            #expect(first.nothingTaken)
            #expect((first.taken, first.skipped, first.refused) == (0, 1, 1))
            #expect(first.lines.map(\.line) == [2, 3, 4, 5])
            #expect(first.lines.map(\.outcome) == ["notTaken", "notTaken", "refused", "skipped"])
            let bad = try #require(first.lines.first { $0.line == 4 })
            #expect(bad.sourceRef == "GD202607090003")
            #expect(bad.messages.count == 1)
            #expect(bad.messages.first?.hasPrefix("联系电话：") == true)
            #expect(first.lines.first { $0.line == 5 }?.messages.first?.contains("GD202607090002") == true)
            #expect(first.columns == ["工单编号": "sourceRef", "受理时间": "receivedAt", "诉求人": "requesterName", "联系电话": "requesterPhone",
                                      "诉求类型": "kind", "诉求分类": "categoryCode", "诉求内容": "text", "街道": "street"])
            #expect(first.ignoredColumns.isEmpty)
            #expect(try await counts() == before)

            // MUT: with takeValidRows
            let taken = try await api.upload(data, token: cast.hotline, contentType: "text/csv", takeValidRows: true)
            // validate
            #expect(taken.status == .ok)
            let second = try taken.decode(Report.self)
            #expect(!second.nothingTaken)
            #expect((second.taken, second.skipped, second.refused) == (2, 1, 1))
            #expect(second.lines.map(\.outcome) == ["taken", "taken", "refused", "skipped"])
            let rows = try await CitizenRequestRecord.query(on: app.db).sort(\.$sourceRef).all()
            #expect(rows.map(\.sourceRef) == ["GD202607090001", "GD202607090002"])
            #expect(second.lines.filter { $0.outcome == "taken" }.map(\.trackingNumber) == rows.map(\.trackingNumber))
            #expect(rows.allSatisfy { $0.channel == "platform" && $0.state == "received" && $0.trackingNumber.hasPrefix("20260710") })
            #expect(rows.map(\.kind) == ["complaint", "help"])
            #expect(rows.map(\.categoryCode) == ["0103", "0204"])          // by name and by code
            #expect(try rows.map { try $0.requesterName(app.dataKeys) } == ["王五", "赵六"])
            #expect(try rows.map { try $0.requesterPhone(app.dataKeys) } == ["13811112222", "010-62345678"])
            #expect(rows.map(\.street) == ["东城街道", "西城街道"])
            #expect(rows.map(\.text) == ["和平路路灯不亮", "小区垃圾三天未清运"])
            let beijing = { (h: Int, m: Int) in CivilDate(2026, 7, 9).startOfDay(in: AppClock.cityTimeZone).addingTimeInterval(Double(h * 3600 + m * 60)) }
            #expect(rows.map(\.receivedAt) == [beijing(8, 30), beijing(9, 5)])
            let events = try await RequestEventRecord.query(on: app.db).all()
            #expect(events.map(\.step) == ["intake", "intake"])
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.import").count() == 1)

            // MUT: the same file again, and its good rows alone
            let againAll = try await api.upload(data, token: cast.hotline, contentType: "text/csv", takeValidRows: true)
            let goodOnly = Data(Self.csv.split(separator: "\n").enumerated().filter { $0.offset != 3 }.map { String($0.element) }
                .joined(separator: "\n").utf8)
            let againGood = try await api.upload(goodOnly, token: cast.hotline, contentType: "text/csv")
            // validate: every ticket already taken is skipped, nothing written
            let third = try againAll.decode(Report.self)
            #expect((third.taken, third.skipped, third.refused) == (0, 3, 1))
            #expect(third.lines.map(\.outcome) == ["skipped", "skipped", "refused", "skipped"])
            #expect(againGood.status == .ok)
            let fourth = try againGood.decode(Report.self)
            #expect((fourth.taken, fourth.skipped, fourth.refused) == (0, 3, 0))
            #expect(fourth.lines.allSatisfy { $0.outcome == "skipped" })
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 2)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.import").count() == 1)
        }
    }

    @Test func xlsxImportMapsTheSameColumnsInAnyOrder() async throws {
        try await withTestApp { app in
            // setup: the columns shuffled, one the import does not know, the phone a number cell
            let cast = try await RequestCast.make(app)
            let workbook = try XlsxWriter.data(sheets: [XlsxSheet(name: "工单", rows: [
                ["诉求内容", "备注", "工单编号", "联系电话", "诉求人", "受理时间", "诉求分类", "诉求类型", "街道"],
                ["和平路路灯不亮", "市民多次来电", "GD202607090001", .number(13811112222), "王五", "2026-07-09 08:30", "路灯照明", "投诉", "东城街道"],
                ["夜间施工噪声扰民", "", "GD202607090009", "12", "孙八", "2026-07-09 11:00", "0201", "投诉", "北关街道"],
            ])])
            let api = RequestsAPI(app: app)

            // MUT
            let res = try await api.upload(workbook, token: cast.hotline,
                                           contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                           takeValidRows: true)
            let byClerk = try await api.upload(workbook, token: cast.clerk, contentType: "application/octet-stream")

            // validate
            #expect(res.status == .ok, "\(res.body.string)")
            let report = try res.decode(Report.self)
            #expect((report.taken, report.skipped, report.refused) == (1, 0, 1))
            #expect(report.lines.map(\.line) == [2, 3])
            #expect(report.lines.map(\.outcome) == ["taken", "refused"])
            #expect(report.lines.last?.messages.first?.hasPrefix("联系电话：") == true)
            #expect(report.ignoredColumns == ["备注"])
            #expect(report.columns["工单编号"] == "sourceRef")
            #expect(report.columns["诉求分类"] == "categoryCode")
            let row = try #require(try await CitizenRequestRecord.query(on: app.db).first())
            #expect(row.sourceRef == "GD202607090001")
            #expect(try row.requesterPhone(app.dataKeys) == "13811112222")
            #expect(try row.requesterName(app.dataKeys) == "王五")
            #expect(row.kind == "complaint")
            #expect(row.categoryCode == "0103")
            #expect(row.text == "和平路路灯不亮")
            #expect(row.street == "东城街道")
            #expect(row.receivedAt == CivilDate(2026, 7, 9).startOfDay(in: AppClock.cityTimeZone).addingTimeInterval(8.5 * 3600))
            #expect(byClerk.status == .forbidden)
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 1)
        }
    }

    /// A workbook whose 受理时间 is a date cell (a serial number in a date format), as Excel stores a
    /// typed date: the spreadsheet reader gives it as `2026年7月9日`.
    @Test func xlsxImportTakesDateCells() async throws {
        try await withTestApp { app in
            // setup: the app's writer, then the time cell given a built-in date format (numFmtId 14)
            let cast = try await RequestCast.make(app)
            let plain = try XlsxWriter.data(sheets: [XlsxSheet(name: "工单", rows: [
                ["工单编号", "受理时间", "诉求分类", "诉求内容"],
                ["GD202607090001", .number(46212), "路灯照明", "和平路路灯不亮"],
            ])])
            let workbook = try Self.rewrite(plain) { path, xml in
                switch path {
                case "xl/styles.xml":
                    return xml.replacingOccurrences(of: "<cellXfs count=\"2\">", with: "<cellXfs count=\"3\">")
                        .replacingOccurrences(of: "</cellXfs>", with: "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>")
                case "xl/worksheets/sheet1.xml":
                    return xml.replacingOccurrences(of: "<c r=\"B2\">", with: "<c r=\"B2\" s=\"2\">")
                default:
                    return xml
                }
            }

            // MUT
            let res = try await RequestsAPI(app: app).upload(workbook, token: cast.hotline, contentType: "application/octet-stream")

            // validate
            #expect(res.status == .ok, "\(res.body.string)")
            let report = try res.decode(Report.self)
            #expect(report.lines.map(\.outcome) == ["taken"], "\(report.lines.map(\.messages))")
            let row = try #require(try await CitizenRequestRecord.query(on: app.db).first())
            #expect(row.receivedAt == CivilDate(2026, 7, 9).startOfDay(in: AppClock.cityTimeZone))
        }
    }

    /// Rewrites the text parts of a zip (an xlsx) through `change`.
    static func rewrite(_ data: Data, _ change: (String, String) -> String) throws -> Data {
        let source = try Archive(data: data, accessMode: .read)
        let target = try Archive(data: Data(), accessMode: .create)
        for entry in source {
            var bytes = Data()
            _ = try source.extract(entry) { bytes.append($0) }
            let out = Data(change(entry.path, String(decoding: bytes, as: UTF8.self)).utf8)
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(out.count), compressionMethod: .deflate) { position, size in
                out.subdata(in: Int(position)..<min(Int(position) + size, out.count))
            }
        }
        return try #require(target.data)
    }

    @Test func anImportWithoutTheNeededColumnsIsRefusedNamingThem() async throws {
        try await withTestApp { app in
            let cast = try await RequestCast.make(app)
            let res = try await RequestsAPI(app: app).upload(Data("工单编号,街道\nGD1,东城街道\n".utf8), token: cast.hotline,
                                                             contentType: "text/csv")
            #expect(res.status == .unprocessableEntity)
            #expect(res.apiError?.fields["file"] == "缺少必需的列：诉求内容、诉求分类。")
            let empty = try await RequestsAPI(app: app).upload(Data(), token: cast.hotline, contentType: "text/csv")
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.apiError?.fields["file"] != nil)
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 0)
        }
    }

    // MARK: the overdue ladder

    /// Sweeps as the server would at noon on `day`.
    static func sweep(_ app: Application, on day: CivilDate) async throws -> RequestLadder.Outcome {
        app.clock = .fixed(day)
        return try await RequestLadder.sweep(in: app.writeContext())
    }

    /// Dispatched on 30 September 2026, the day before the National Day break: the sign-for limit is
    /// 8 October; 10 October is a working Saturday, so 12 October is the third working day past it.
    @Test func theLadderRemindsThenPressesThenEscalatesOnceOverTheHolidays() async throws {
        try await withTestApp(today: CivilDate(2026, 9, 30)) { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let r = try await api.take(token: cast.hotline)
            let dispatched = try await api.step(r.id, "dispatch", token: cast.hotline, .dispatch(cast.lead)).decode(DTO.self)
            #expect(dispatched.signForDue == "2026-10-08")
            #expect(dispatched.handlingDue == "2026-10-13")
            func stored() async throws -> CitizenRequestRecord { try #require(try await CitizenRequestRecord.find(r.id, on: app.db)) }
            func ladderEvents() async throws -> [String] {
                try await RequestEventRecord.query(on: app.db).filter(\.$request.$id == r.id).sort(\.$at).all().map(\.step)
                    .filter { ["remind", "overdue", "escalate"].contains($0) }
            }

            // MUT + validate, day by day
            let dueDay = try await Self.sweep(app, on: CivilDate(2026, 10, 8))
            #expect(dueDay == .init(reminded: 1))
            #expect(try await ladderEvents() == ["remind"])
            #expect(try await Self.sweep(app, on: CivilDate(2026, 10, 8)) == .init())

            let dayAfter = try await Self.sweep(app, on: CivilDate(2026, 10, 9))
            #expect(dayAfter == .init(overdue: 1))
            #expect(try await stored().signedInTime == false)
            #expect(try await api.show(r.id, token: cast.clerk).decode(DTO.self).limitStage == "overdue")

            // Sunday the 11th: two working days past (the 9th and the working Saturday), still 催办
            #expect(try await Self.sweep(app, on: CivilDate(2026, 10, 11)) == .init())
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 0)

            let third = try await Self.sweep(app, on: CivilDate(2026, 10, 12))
            #expect(third == .init(escalated: 1))
            let notices = try await SupervisionNoticeRecord.query(on: app.db).all()
            #expect(notices.count == 1)
            let notice = try #require(notices.first)
            #expect(notice.$unit.id == cast.lead)
            #expect(notice.requiredAction.contains(r.trackingNumber))
            #expect(notice.issuedOn == "2026-10-12")
            #expect(notice.deadline == "2026-10-14")
            #expect(try await stored().noticeID == notice.id)
            #expect(try await api.show(r.id, token: cast.clerk).decode(DTO.self).limitStage == "escalate")

            // sweeping again changes nothing
            let eventsBefore = try await RequestEventRecord.query(on: app.db).count()
            let auditBefore = try await AuditEntryRecord.query(on: app.db).count()
            let notificationsBefore = try await NotificationRecord.query(on: app.db).count()
            #expect(try await Self.sweep(app, on: CivilDate(2026, 10, 12)) == .init())
            #expect(try await Self.sweep(app, on: CivilDate(2026, 10, 13)) == .init())
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 1)
            #expect(try await RequestEventRecord.query(on: app.db).count() == eventsBefore)
            #expect(try await AuditEntryRecord.query(on: app.db).count() == auditBefore)
            #expect(try await NotificationRecord.query(on: app.db).count() == notificationsBefore)
            #expect(try await ladderEvents() == ["remind", "overdue", "escalate"])
            let unitNotes = try await NotificationRecord.query(on: app.db).filter(\.$unit.$id == cast.lead).sort(\.$createdAt).all()
            #expect(unitNotes.count == 4)          // the dispatch and the three rungs
            let audit = try await AuditEntryRecord.query(on: app.db).all().map(\.action)
            #expect(audit.filter { $0 == "request.ladder" }.count == 3)
            #expect(audit.filter { $0 == "notice.issue" }.count == 1)
        }
    }

    /// Signing for late ends the sign-for limit's ladder; the handling limit climbs its own: a
    /// reminder before 13 October and 催办 after it.
    @Test func afterALateSignForTheHandlingLimitGetsItsOwnLadder() async throws {
        try await withTestApp(today: CivilDate(2026, 9, 30)) { app in
            // setup
            let cast = try await RequestCast.make(app)
            let api = RequestsAPI(app: app)
            let r = try await api.take(token: cast.hotline)
            try await api.step(r.id, "dispatch", token: cast.hotline, .dispatch(cast.lead))
            #expect(try await Self.sweep(app, on: CivilDate(2026, 10, 9)) == .init(overdue: 1))
            let signed = try await api.step(r.id, "sign", token: cast.clerk)
            #expect(signed.status == .ok)

            // MUT
            let beforeHandlingDue = try await Self.sweep(app, on: CivilDate(2026, 10, 12))
            let afterHandlingDue = try await Self.sweep(app, on: CivilDate(2026, 10, 14))

            // validate
            #expect(beforeHandlingDue == .init(reminded: 1))
            #expect(afterHandlingDue == .init(overdue: 1))
            let stored = try #require(try await CitizenRequestRecord.find(r.id, on: app.db))
            #expect(stored.signedInTime == false)
            #expect(stored.repliedInTime == false)
            #expect(try await SupervisionNoticeRecord.query(on: app.db).count() == 0)
        }
    }

    // MARK: scores

    @Test func theDatabasesSumsAreCoresScoresAndTheRankingHasPlaces() async throws {
        try await withTestApp { app in
            // setup: requests of July in several end states, one of June and one never routed
            let cast = try await RequestCast.make(app)
            let transport = try await makeToken(app, "jt-leader", .unitLeader, unit: "市交通运输局")
            let fourth = try await RequestCast.unitID(app, "市交通运输局")
            _ = transport
            func row(_ state: RequestState, _ unit: UUID?, day: CivilDate = testToday, signed: Bool? = true, replied: Bool? = true,
                     resolution: Resolution? = nil, satisfaction: Satisfaction? = nil, returns: Int = 0, redos: Int = 0,
                     unreasonable: Bool = false) async throws {
                _ = try await RequestRows.make(app, state: state, lead: unit, day: day) {
                    $0.month = day.yearMonth.description
                    $0.signedInTime = signed; $0.repliedInTime = replied
                    $0.resolution = resolution?.rawValue; $0.satisfaction = satisfaction?.rawValue
                    $0.returnCount = returns; $0.redoCount = redos; $0.unreasonable = unreasonable
                }
            }
            // 市城管局
            try await row(.closed, cast.lead, resolution: .solved, satisfaction: .verySatisfied)
            try await row(.closed, cast.lead, signed: false, replied: false, resolution: .unsolved, satisfaction: .veryDissatisfied,
                          returns: 1, redos: 1)
            try await row(.handling, cast.lead, replied: nil)
            try await row(.closed, cast.lead, signed: false, replied: false, resolution: .unsolved, satisfaction: .dissatisfied,
                          unreasonable: true)
            try await row(.dispatched, cast.lead, signed: nil, replied: nil)
            try await row(.closed, cast.lead, day: CivilDate(2026, 6, 15), signed: false, resolution: .unsolved, satisfaction: .dissatisfied)
            // 市民政局
            try await row(.closed, cast.other, resolution: .partly, satisfaction: .neutral)
            try await row(.calledBack, cast.other, resolution: .solved, satisfaction: .satisfied, redos: 1)
            try await row(.awaitingCallback, cast.other, resolution: .partly, satisfaction: nil)
            // 市住房和城乡建设局 and 市交通运输局: the same perfect record, so they share first place
            try await row(.closed, cast.co, resolution: .solved, satisfaction: .verySatisfied)
            try await row(.closed, fourth, resolution: .solved, satisfaction: .satisfied)
            // never routed (a month, but no lead unit)
            try await row(.received, nil, signed: true, replied: true, resolution: .solved, satisfaction: .verySatisfied)

            // MUT
            let july = YearMonth(2026, 7)
            let summed = try await RequestQueries.monthScores(july, on: app.db)
            let rows = try await CitizenRequestRecord.query(on: app.db).filter(\.$month == july.description).all()
            let names = try await RequestQueries.unitNames(rows.compactMap { $0.$leadUnit.id }, on: app.db)
            let counted = RequestScoring.scores(rows.compactMap { r in r.$leadUnit.id.map { RequestQueries.facts(r, unit: names[$0]!) } })
            let api = RequestsAPI(app: app)
            let ranking = try await api.send(.GET, "/api/v1/request-scores?month=2026-07", token: cast.hotline)
            let thisMonth = try await api.send(.GET, "/api/v1/request-scores", token: cast.unitLeader)
            let byClerk = try await api.send(.GET, "/api/v1/request-scores", token: cast.clerk)
            let badMonth = try await api.send(.GET, "/api/v1/request-scores?month=2026-13", token: cast.hotline)

            // validate: the same figures both ways, and the figures themselves
            #expect(summed == counted)
            let cg = try #require(summed.first { $0.unit == RequestCast.leadName })
            #expect(cg.dispatched == 4)
            #expect(cg.unreasonable == 1)
            #expect((cg.signedInTime, cg.signForCounted) == (2, 3))
            #expect((cg.repliedInTime, cg.replyCounted) == (1, 2))
            #expect(cg.calledBack == 2)
            #expect((cg.solvedWeight, cg.satisfiedWeight) == (1, 1))
            #expect((cg.givenBack, cg.redone) == (1, 1))
            let mz = try #require(summed.first { $0.unit == RequestCast.otherName })
            #expect(mz.calledBack == 3)
            #expect((mz.solvedWeight, mz.satisfiedWeight) == (2, 1.5))
            #expect(summed.count == 4)

            #expect(ranking.status == .ok)
            let lines = try ranking.decode([RequestsController.ScoreDTO].self)
            let expected = RequestScoring.ranking(counted, weights: .standard)
            #expect(lines.map(\.unit) == expected.map(\.unit.unit))
            #expect(lines.map(\.place) == [1, 1, 3, 4])
            #expect(lines.map(\.score) == expected.map(\.score))
            #expect(Set(lines.prefix(2).map(\.unit)) == [RequestCast.coName, "市交通运输局"])
            #expect(lines.prefix(2).allSatisfy { $0.score == 100 })
            #expect(lines[2].unit == RequestCast.otherName)
            #expect(lines[2].score == 62.5)
            #expect(lines[3].unit == RequestCast.leadName)
            #expect(lines[3].score == 51.67)
            #expect(lines[3].returnRate == 0.25)
            #expect(thisMonth.status == .ok)
            #expect(try thisMonth.decode([RequestsController.ScoreDTO].self).count == 4)   // the clock's month is July
            #expect(byClerk.status == .forbidden)
            #expect(badMonth.status == .unprocessableEntity)
        }
    }

    // MARK: unit merge

    @Test func aUnitMergeMovesRequestsCoUnitsAndRoutingRules() async throws {
        try await withTestApp { app in
            // setup: 市城管局 (with its clerk) is merged into 市综合行政执法局
            let cast = try await RequestCast.make(app)
            let newClerk = try await makeToken(app, "zf-clerk", .clerk, unit: "市综合行政执法局")
            let into = try await RequestCast.unitID(app, "市综合行政执法局")
            let from = cast.lead
            let led = try await RequestRows.make(app, state: .dispatched, lead: from, coUnits: [cast.co]) { $0.$suggestedUnit.id = from }
            let both = try await RequestRows.make(app, state: .handling, lead: cast.co, coUnits: [from, into])
            let ledByInto = try await RequestRows.make(app, state: .handling, lead: into, coUnits: [from])
            let ledByFrom = try await RequestRows.make(app, state: .handling, lead: from, coUnits: [into, cast.co])
            let rule = RoutingRuleRecord()
            rule.categoryPrefix = "0103"; rule.district = ""; rule.street = ""
            rule.$leadUnit.id = from; rule.coUnitIDs = [cast.co, from].map(\.uuidString).joined(separator: ",")
            try await rule.create(on: app.db)
            let coRule = RoutingRuleRecord()
            coRule.categoryPrefix = "02"; coRule.district = ""; coRule.street = ""
            coRule.$leadUnit.id = cast.co; coRule.coUnitIDs = from.uuidString
            try await coRule.create(on: app.db)
            try await RequestEventRecord(requestID: led.id!, step: "dispatch", note: "主办：市城管局", unitID: from, userID: nil, at: Date())
                .create(on: app.db)

            // MUT
            struct Merge: Content { var into: UUID; var from: UUID }
            let merged = try await RequestsAPI(app: app).send(.POST, "/api/v1/units/merge", token: cast.admin, json: Merge(into: into, from: from))

            // validate
            #expect(merged.status == .ok, "\(merged.body.string)")
            #expect(try await UnitRecord.find(from, on: app.db) == nil)
            let moved = try #require(try await CitizenRequestRecord.find(led.id, on: app.db))
            #expect(moved.$leadUnit.id == into)
            #expect(moved.$suggestedUnit.id == into)
            func coUnits(_ r: CitizenRequestRecord) async throws -> Set<UUID> {
                Set(try await RequestCoUnitRecord.query(on: app.db).filter(\.$request.$id == r.id!).all().map { $0.$unit.id })
            }
            #expect(try await coUnits(led) == [cast.co])
            #expect(try await coUnits(both) == [into])                // one row where it had both
            #expect(try await coUnits(ledByInto) == [])               // a unit is not its own co-unit
            #expect(try await coUnits(ledByFrom) == [cast.co])
            #expect(try await CitizenRequestRecord.find(ledByFrom.id, on: app.db)?.$leadUnit.id == into)
            let movedRule = try #require(try await RoutingRuleRecord.find(rule.id, on: app.db))
            #expect(movedRule.$leadUnit.id == into)
            #expect(movedRule.coUnitIDs == [cast.co, into].map(\.uuidString).joined(separator: ","))
            #expect(try await RoutingRuleRecord.find(coRule.id, on: app.db)?.coUnitIDs == into.uuidString)
            #expect(try await RequestQueries.route(category: "010301", district: nil, street: nil, on: app.db)?.lead == into)
            #expect(try await RequestEventRecord.query(on: app.db).filter(\.$unit.$id == into).count() == 1)
            // the merged unit's clerk and the new one both act for the request now
            let api = RequestsAPI(app: app)
            let shown = try await api.show(led.id!, token: newClerk).decode(DTO.self)
            #expect(shown.leadUnit == "市综合行政执法局")
            #expect(try await api.step(led.id!, "sign", token: cast.clerk).status == .ok)
        }
    }

    // MARK: the calendar command

    /// The built `minsheng` next to the test bundle (or `MINSHENG_BIN`).
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let bin = ProcessInfo.processInfo.environment["MINSHENG_BIN"] { candidates.append(URL(fileURLWithPath: bin)) }
        if let exe = Bundle.main.executableURL {
            var dir = exe.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("minsheng"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/minsheng"))
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "no minsheng binary among \(candidates.map(\.path))")
    }

    /// Runs the binary on a fresh data directory of its own (never the tests' database).
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("minsheng-cal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments + ["--data", data.path]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["MINSHENG_DATA"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func calendarDuePrintsTheDateAloneOnStandardOutput() throws {
        // New Year 2026: 1–3 January off, Sunday the 4th a working day.
        let due = try Self.run(["calendar", "due", "2025-12-31", "1"])
        #expect(due.status == 0, "\(due.stderr)")
        #expect(due.stdout == "2026-01-04\n")
        let workdays = try Self.run(["calendar", "workdays", "2026-09-28", "2026-10-10"])
        #expect(workdays.stdout == "6\n")   // 28, 29, 30 September, 8, 9 and the working Saturday 10 October
        let uncovered = try Self.run(["calendar", "due", "2031-12-31", "1"])
        #expect(uncovered.stdout == "2032-01-01\n")
        #expect(uncovered.stderr.contains("2031、2032 年没有节假日数据"))
        let badFile = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).txt")
        try "# 2027\n2027-01-01 法定 元旦\n2027-02-30 休 春节\n".write(to: badFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: badFile) }
        let add = try Self.run(["calendar", "add", "2027", badFile.path])
        #expect(add.status == 1)
        #expect(add.stderr.contains("第 3 行格式不对（应为“YYYY-MM-DD 法定|休|班 名称”）：2027-02-30 休 春节"))
        #expect(!add.stdout.contains("已添加"))
    }

    /// Runs `calendar …` in this process against the test's app.
    static func calendar(_ app: Application, _ arguments: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["minsheng"] + arguments))
        context.application = app
        try await CalendarCommand().run(using: &context)
    }

    @Test func calendarAddRefusesABadFileNamingTheLineAndTakesAGoodOne() async throws {
        try await withTestApp { app in
            // setup
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            func file(_ name: String, _ text: String) throws -> String {
                let url = dir.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                return url.path
            }
            let badLine = try file("bad.txt", "# 2027\n2027-01-01 法定 元旦\n2027-01-02 放假 元旦\n")
            let wrongYear = try file("year.txt", "2027-01-01 法定 元旦\n2028-01-01 法定 元旦\n")
            let twice = try file("twice.txt", "2027-01-01 法定 元旦\n\n2027-01-01 休 元旦\n")
            let good = try file("good.txt", "# 2027\n2027-01-01 法定 元旦\n2027-01-02 休 元旦\n2027-01-04 休 元旦\n2027-01-09 班 元旦\n")

            // MUT + validate: refusals name the line and write nothing
            for (path, message) in [(badLine, "第 3 行格式不对（应为“YYYY-MM-DD 法定|休|班 名称”）：2027-01-02 放假 元旦"),
                                    (wrongYear, "第 2 行的日期不在 2027 年"), (twice, "第 3 行：2027-01-01 重复")] {
                do {
                    try await Self.calendar(app, ["add", "2027", path])
                    Issue.record("\(path) was taken")
                } catch let failure as CommandFailure {
                    #expect(failure.description == message)
                }
            }
            #expect(try await CalendarYearRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "calendar.add").count() == 0)

            // a good file is taken, and the limits count with it at once
            try await Self.calendar(app, ["add", "2027", good])
            #expect(try await CalendarYearRecord.query(on: app.db).count() == 1)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "calendar.add").count() == 1)
            let calendar = try await app.workCalendar.calendar(on: app.db, now: app.clock.now())
            #expect(calendar.covers(CivilDate(2027, 1, 4)))
            #expect(calendar.due(after: CivilDate(2026, 12, 31), workdays: 2) == CivilDate(2027, 1, 6))   // 5th and 6th
            #expect(calendar.isWorkday(CivilDate(2027, 1, 9)))
        }
    }
}
