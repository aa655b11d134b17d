import Fluent
import Foundation
import MinshengCore
import Testing
import Vapor
import VaporTesting
@testable import MinshengApp
import MinshengStore

/// Group commit of intake (``IntakeBatcher``): intakes that queue while another write holds the
/// turn are written together, each numbered, historied and audited as its own caller's, and a
/// group that cannot be written together is written one by one with the answers a lone intake
/// would get.
@Suite struct IntakeBatchTests {
    /// An intake as the hotline takes it (checked, as ``RequestActions/take(_:in:batcher:)`` does).
    func checked(_ app: Application, by actor: AuditLog.Actor, text: String, key: String? = nil,
                 phone: String? = "13812341234") async throws -> RequestActions.Checked {
        var intake = RequestActions.Intake()
        intake.kind = "complaint"
        intake.categoryCode = "0103"
        intake.text = text
        intake.requesterPhone = phone
        intake.idempotencyKey = key
        let ctx = app.writeContext(actor: actor)
        #expect(try await RequestActions.problems(intake, on: ctx.db, now: ctx.now).isEmpty)
        return .init(intake: intake, suggestedUnit: nil, context: ctx)
    }

    /// Holds the write turn until `count` intakes wait, then lets them go; returns their answers.
    func takeWhileTheTurnIsHeld(_ app: Application, _ batcher: IntakeBatcher,
                                _ intakes: [RequestActions.Checked]) async throws -> [Result<RequestActions.Taken, any Error>] {
        let turn = try #require(app.serialWrites, "group commit is for SQLite, where writes take turns")
        await turn.lock()
        return await withTaskGroup(of: (Int, Result<RequestActions.Taken, any Error>).self) { group in
            func add(_ i: Int) {
                let checked = intakes[i]
                group.addTask {
                    do { return (i, .success(try await batcher.take(checked))) } catch { return (i, .failure(error)) }
                }
            }
            // The first intake leads: it takes the queue (itself) and waits for the turn …
            add(0)
            while batcher.queue != (0, true) { try? await Task.sleep(for: .milliseconds(5)) }
            // … while the others queue behind it.
            for i in intakes.indices.dropFirst() { add(i) }
            while batcher.queue.waiting < intakes.count - 1 { try? await Task.sleep(for: .milliseconds(5)) }
            turn.unlock()
            var answers = [Result<RequestActions.Taken, any Error>?](repeating: nil, count: intakes.count)
            for await (i, answer) in group { answers[i] = answer }
            return answers.map { $0! }
        }
    }

    static var onSQLite: Bool { if case .postgres = AppConfig.testing().storage { false } else { true } }

    @Test(.enabled(if: onSQLite, "group commit runs where writes take turns: SQLite"))
    func queuedIntakesAreWrittenTogetherEachAsItsOwn() async throws {
        try await withTestApp { app in
            // setup
            _ = try await RequestCast.make(app)
            let hotline = AuditLog.Actor(userID: try await RequestCast.user(app, "hotline"), name: "hotline")
            let other = AuditLog.Actor(userID: nil, name: "open311:测试客户端")
            var intakes: [RequestActions.Checked] = []
            for i in 0..<20 {
                intakes.append(try await checked(app, by: i.isMultiple(of: 2) ? hotline : other, text: "第\(i)号来电：路灯不亮",
                                                 phone: i < 15 ? "1381234\(String(format: "%04d", i))" : nil))
            }
            let batcher = IntakeBatcher()

            // MUT
            let (answers, statements) = try await QueryCounter.measure {
                try await takeWhileTheTurnIsHeld(app, batcher, intakes)
            }

            // validate: every intake answered with its own stored request, numbered once
            let taken = try answers.map { try $0.get() }
            #expect(taken.allSatisfy { !$0.replayed })
            #expect(taken.map(\.request.text) == intakes.map(\.intake.text))
            let stored = try await CitizenRequestRecord.query(on: app.db).all()
            #expect(stored.count == 20)
            #expect(Set(stored.map(\.trackingNumber)) == Set((1...20).map { String(format: "20260710%05d", $0) }))
            #expect(try await RequestEventRecord.query(on: app.db).filter(\.$step == "intake").count() == 20)
            #expect(try await OutboxMessageRecord.query(on: app.db).count() == 15)
            // each audited as its own caller's, and the chain holds
            let audits = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.create").all()
            #expect(audits.count == 20)
            #expect(audits.filter { $0.actor == "hotline" }.count == 10)
            #expect(audits.filter { $0.actor == "open311:测试客户端" }.count == 10)
            let verification = try await AuditChain.verify(on: app.db, key: app.auditKey)
            #expect(verification.problem == nil)
            // two turns (the leader alone, then the other nineteen together), not twenty
            let begins = statements.filter { $0.contains("BEGIN IMMEDIATE") }.count
            #expect(begins == 2, Comment(rawValue: "\(statements.count) statements:\n" + statements.joined(separator: "\n")))
            #expect(statements.filter { $0.contains("INSERT INTO citizen_requests") }.count == 2)
        }
    }

    /// Two queued intakes with one idempotency key cannot be written together: the group is
    /// written one by one, and the second is answered with the first's request, as a retry is.
    @Test(.enabled(if: onSQLite, "group commit runs where writes take turns: SQLite"))
    func aGroupThatFailsIsWrittenOneByOne() async throws {
        try await withTestApp { app in
            // setup
            _ = try await RequestCast.make(app)
            let hotline = AuditLog.Actor(userID: try await RequestCast.user(app, "hotline"), name: "hotline")
            let intakes = [
                try await checked(app, by: hotline, text: "领头的来电"),
                try await checked(app, by: hotline, text: "重试的来电", key: "api:x:retry-1"),
                try await checked(app, by: hotline, text: "另一个来电"),
                try await checked(app, by: hotline, text: "重试的来电", key: "api:x:retry-1"),
            ]

            // MUT
            let answers = try await takeWhileTheTurnIsHeld(app, IntakeBatcher(), intakes)

            // validate
            let taken = try answers.map { try $0.get() }
            #expect(taken.map(\.replayed) == [false, false, false, true])
            #expect(taken[3].request.id == taken[1].request.id)
            #expect(try await CitizenRequestRecord.query(on: app.db).count() == 3)
            #expect(try await AuditEntryRecord.query(on: app.db).filter(\.$action == "request.create").count() == 3)
            #expect(try await AuditChain.verify(on: app.db, key: app.auditKey).problem == nil)
        }
    }
}
