import Fluent
import Foundation
import MinshengCore
import SQLKit
import Vapor
import MinshengStore

/// `minsheng requests generate N [--unit NAME] [--months M] [--seed S]`: N synthetic requests for
/// benchmarks, clearly marked (tracking numbers `S…`, channel `staff`, text 【模拟】): spread over the
/// units that lead routing rules or commitments and the last M months (default 12), mostly closed
/// with a call-back; with `--unit`, all open in that unit (its inbox).
struct RequestsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "generate")
        var action: String
        @Argument(name: "count", help: "generate: how many")
        var count: String
        @Option(name: "unit", help: "generate: put every request, open, in this unit")
        var unit: String?
        @Option(name: "months", help: "generate: spread over this many months up to today (default 12)")
        var months: Int?
        @Option(name: "seed", help: "generate: random seed (default 1)")
        var seed: Int?
    }

    var help: String { "Synthetic citizens' requests for benchmarks: requests generate N [--unit NAME] [--months M]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "generate":
            guard let count = Int(signature.count), count > 0 else {
                throw CommandFailure("请给出数量：requests generate N")
            }
            let started = Date()
            let made = try await RequestGenerator(app: app, seed: UInt64(signature.seed ?? 1))
                .generate(count, unitName: signature.unit, months: max(1, signature.months ?? 12))
            print(String(format: "已生成 %d 件模拟诉求（%.1f 秒）", made, Date().timeIntervalSince(started)))
        default:
            throw CommandFailure("未知操作 \(signature.action)；用法：requests generate N [--unit NAME]")
        }
    }
}

/// Writes synthetic requests in batches straight through SQL (one audit entry for the run).
struct RequestGenerator {
    let app: Application
    var seed: UInt64

    func generate(_ count: Int, unitName: String?, months: Int) async throws -> Int {
        let db = app.db
        guard let sql = db as? any SQLDatabase else { throw CommandFailure("需要 SQL 数据库") }
        let units: [UUID]
        if let unitName {
            guard let unit = try await UnitRecord.query(on: db).filter(\.$name == unitName).first() else {
                throw CommandFailure("\(unitName)：单位不存在")
            }
            units = [unit.id!]
        } else {
            units = try await UnitRecord.query(on: db).limit(60).all().compactMap(\.id)
        }
        guard !units.isEmpty else { throw CommandFailure("还没有单位：先载入演示数据或导入计划") }
        let categories = try await RequestCategoryRecord.query(on: db).all().map(\.code).filter { $0.count == 4 }
        let calendar = try await WorkCalendarStore.load(on: db)
        let limits = try await RequestSettings.limits(on: db)
        let today = app.clock.today
        let now = app.clock.now()
        let streets = ["东城街道", "西城街道", "南湖街道", "北关街道", "新华街道", "滨江街道", "城南镇", "城北镇"]
        let subjects = ["路灯不亮", "污水外溢", "噪声扰民", "垃圾未清运", "占道经营", "物业不作为", "停车收费", "公交班次少", "小区漏水", "拖欠工资"]
        var random = DemoRandom(seed: seed)
        let start = try await existingSynthetic(on: sql)
        var made = 0
        while made < count {
            let batch = min(200, count - made)
            var rows: [CitizenRequestRecord] = []
            for i in 0..<batch {
                let n = start + made + i + 1
                let daysBack = unitName == nil ? Int.random(in: 0...(months * 30 - 1), using: &random) : Int.random(in: 0...2, using: &random)
                let day = today.adding(days: -daysBack)
                let r = CitizenRequestRecord()
                r.id = UUID()
                r.trackingNumber = String(format: "S%04d%02d%02d%07d", day.year, day.month, day.day, n)
                r.channel = RequestChannel.staff.rawValue
                r.receivedAt = day.startOfDay(in: AppClock.cityTimeZone).addingTimeInterval(Double(Int.random(in: 28_800...64_800, using: &random)))
                if r.receivedAt > now { r.receivedAt = now }
                r.setRequester(name: "模拟\(n % 1000)", phone: String(format: "139%08d", n % 100_000_000), keys: app.dataKeys)
                r.confidential = false
                let kind = RequestKind.allCases[Int.random(in: 0...4, using: &random)]
                r.kind = kind.rawValue
                r.categoryCode = categories.isEmpty ? "99" : categories[Int.random(in: 0...(categories.count - 1), using: &random)]
                let street = streets[Int.random(in: 0...(streets.count - 1), using: &random)]
                let subject = subjects[Int.random(in: 0...(subjects.count - 1), using: &random)]
                r.text = "【模拟】\(street)\(subject)，请尽快处理（第\(n)号）"
                r.street = street
                r.district = "示范区"
                r.urgency = RequestUrgency.normal.rawValue
                r.$leadUnit.id = units[Int.random(in: 0...(units.count - 1), using: &random)]
                r.dispatchedOn = day.description
                r.month = day.yearMonth.description
                r.signForDue = calendar.due(after: day, workdays: limits.signFor).description
                r.handlingDue = calendar.due(after: day, workdays: limits.handling(kind)).description
                r.returnCount = Int.random(in: 0...19, using: &random) == 0 ? 1 : 0
                r.returnUpheld = false
                r.redoCount = 0
                r.unreasonable = Int.random(in: 0...49, using: &random) == 0
                r.createdAt = now
                r.updatedAt = now
                if unitName != nil || daysBack < 3 {
                    r.state = (Int.random(in: 0...1, using: &random) == 0 ? RequestState.dispatched : .handling).rawValue
                    if r.state == RequestState.handling.rawValue { r.signedInTime = true }
                } else {
                    r.state = RequestState.closed.rawValue
                    r.signedInTime = Int.random(in: 0...9, using: &random) > 0
                    r.repliedInTime = Int.random(in: 0...9, using: &random) > 1
                    r.resolution = [Resolution.solved, .solved, .solved, .partly, .unsolved][Int.random(in: 0...4, using: &random)].rawValue
                    r.satisfaction = [5, 5, 4, 4, 4, 3, 2, 1][Int.random(in: 0...7, using: &random)]
                    r.redoCount = r.resolution == Resolution.unsolved.rawValue && Int.random(in: 0...1, using: &random) == 0 ? 1 : 0
                    r.replyText = "已核实处理。"
                    r.closedAt = now
                }
                rows.append(r)
            }
            try await Self.insert(rows, on: sql)
            made += batch
        }
        let total = made
        try await app.writeContext().commit { tx in
            units.forEach { tx.touch(requestsOf: $0) }
            try await tx.audit(.requestCreate, .request, nil, after: ["generated": String(total), "unit": unitName ?? ""])
        }
        return made
    }

    /// One multi-row INSERT for a batch (Fluent's `create` reads each model's fields by
    /// reflection: a million of them took longer than the rest of the benchmark).
    static func insert(_ rows: [CitizenRequestRecord], on sql: any SQLDatabase) async throws {
        var query: SQLQueryString = """
            INSERT INTO citizen_requests (id, tracking_number, channel, received_at, requester_name, requester_phone, \
            requester_phone_index, confidential, kind, category_code, text, district, street, urgency, state, lead_unit_id, dispatched_on, month, \
            sign_for_due, handling_due, signed_in_time, replied_in_time, return_count, return_upheld, redo_count, reply_text, \
            resolution, satisfaction, unreasonable, closed_at, created_at, updated_at) VALUES 
            """
        for (i, r) in rows.enumerated() {
            if i > 0 { query = query + ", " }
            query = query + """
                (\(bind: r.id!), \(bind: r.trackingNumber), \(bind: r.channel), \(bind: r.receivedAt), \(bind: r.sealedName), \
                \(bind: r.sealedPhone), \(bind: r.phoneIndex), \(bind: r.confidential), \(bind: r.kind), \(bind: r.categoryCode), \(bind: r.text), \
                \(bind: r.district), \(bind: r.street), \(bind: r.urgency), \(bind: r.state), \(bind: r.$leadUnit.id), \
                \(bind: r.dispatchedOn), \(bind: r.month), \(bind: r.signForDue), \(bind: r.handlingDue), \(bind: r.signedInTime), \
                \(bind: r.repliedInTime), \(bind: r.returnCount), \(bind: r.returnUpheld), \(bind: r.redoCount), \
                \(bind: r.replyText), \(bind: r.resolution), \(bind: r.satisfaction), \(bind: r.unreasonable), \
                \(bind: r.closedAt), \(bind: r.createdAt), \(bind: r.updatedAt))
                """
        }
        try await sql.raw(query).run()
    }

    /// How many synthetic requests exist (their serials continue).
    func existingSynthetic(on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM citizen_requests WHERE tracking_number LIKE 'S%'").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// `minsheng ladder`: runs the overdue ladder once (提醒 → 催办 → 督办); the server also runs it every
/// 10 minutes.
struct LadderCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Runs the citizens' requests' overdue ladder once (reminders, 催办, 督办)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let outcome = try await RequestLadder.sweep(in: context.application.writeContext())
        print("临期提醒 \(outcome.reminded) 件，催办 \(outcome.overdue) 件，转督办 \(outcome.escalated) 件")
    }
}
