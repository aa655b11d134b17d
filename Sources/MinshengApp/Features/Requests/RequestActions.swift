import Fluent
import Foundation
import MinshengCore
import SQLKit
import MinshengStore

/// 接诉即办's use cases: take a request in (every channel is an adapter over ``take(_:in:)``),
/// route it, and every step of the closed loop. Each checks with Core's `RequestFlow` and writes
/// the request, its history, its notifications and the audit entry through ``WriteContext/commit(_:)``.
enum RequestActions {
    /// A request as it comes in, whatever the channel; texts as typed.
    struct Intake: Sendable {
        var channel: RequestChannel = .hotline
        var receivedAt: Date?
        var requesterName: String?
        var requesterPhone: String?
        var confidential = false
        var kind: String = RequestKind.help.rawValue
        var categoryCode: String = ""
        var text: String = ""
        var address: String?
        var lat: Double?
        var long: Double?
        var district: String?
        var street: String?
        var urgency: String?
        var commitmentID: UUID?
        /// An objection to this month's published progress of `commitmentID` (`YYYY-MM`).
        var objectionPeriod: String?
        /// Photos that come with it, checked and stored (``RequestPhotos/store(_:filename:app:)``).
        var photos: [RequestPhotos.Stored] = []
        /// The 12345 platform's ticket number (imports): unique.
        var sourceRef: String?
        /// The client's idempotency key, scoped to its caller by the adapter (`api:<user>:<key>`): unique.
        var idempotencyKey: String?
        /// Answers to the category's questions (Open311 `attribute[CODE]`), code → values.
        var attributes: [String: [String]] = [:]
        /// Whether the category's required questions must be answered: yes where the one filing
        /// saw them (Open311 clients read the service definition, the citizens' form shows them);
        /// the hotline and imports take what the caller said.
        var answersRequired: Bool { channel == .open311 || channel == .web }
    }

    /// What ``take(_:in:)`` did: a new request, or the one an earlier submission with the same
    /// idempotency key created (`replayed`).
    struct Taken: Sendable {
        var request: CitizenRequestRecord
        var replayed: Bool
    }

    /// Field problems of an intake, before anything is written (the catalogue is read here).
    /// The category is checked against `rules` when given (intake has read them), else read here.
    static func problems(_ intake: Intake, on db: any Database, now: Date,
                         rules: RequestQueries.IntakeRules? = nil) async throws -> [String: RequestProblem] {
        var out = RequestIntake.problems(text: intake.text, requesterName: blankToNil(intake.requesterName),
                                         requesterPhone: blankToNil(intake.requesterPhone),
                                         address: blankToNil(intake.address), lat: intake.lat, long: intake.long)
        if RequestKind(label: intake.kind) == nil { out["kind"] = .unknown(intake.kind) }
        if let urgency = blankToNil(intake.urgency), RequestUrgency(rawValue: urgency) == nil, urgency != "紧急", urgency != "一般" {
            out["urgency"] = .unknown(urgency)
        }
        let code = intake.categoryCode.trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            out["categoryCode"] = .blank
        } else if let rules, !rules.activeCategories.contains(code) {
            out["categoryCode"] = .unknown(code)
        } else if rules == nil, try await !RequestQueries.isActiveCategory(code, on: db) {
            out["categoryCode"] = .unknown(code)
        }
        if let received = intake.receivedAt, received > now.addingTimeInterval(300) { out["receivedAt"] = .future }
        // The stored key carries its caller (`api:<user>:` + the client's at most 200 characters).
        if let key = intake.idempotencyKey, key.count > 260 { out["idempotencyKey"] = .tooLong(max: 200) }
        if let ref = intake.sourceRef, ref.count > 100 { out["sourceRef"] = .tooLong(max: 100) }
        if out["categoryCode"] == nil, intake.answersRequired || !intake.attributes.isEmpty {
            var definition = try await RequestQueries.attributes(category: code, on: db)
            if !intake.answersRequired { definition = definition.map { var a = $0; a.required = false; return a } }
            for (attribute, problem) in GeoReport.attributeProblems(definition, answers: intake.attributes) {
                out["attribute[\(attribute)]"] = problem
            }
        }
        return out
    }

    /// Takes a request in (受理): validates, numbers it, suggests a lead unit from the routing rules,
    /// and writes it with its first history entry and the audit entry. With an idempotency key, a
    /// retry returns the first request instead of a second one, also when two arrive at once.
    /// With a `batcher` (SQLite), concurrent intakes are written together (``IntakeBatcher``).
    static func take(_ intake: Intake, in ctx: WriteContext, batcher: IntakeBatcher? = nil) async throws -> Taken {
        if let key = intake.idempotencyKey, let first = try await byKey(key, on: ctx.db) {
            return Taken(request: first, replayed: true)
        }
        let rules: RequestQueries.IntakeRules
        if let batcher { rules = try await batcher.rules(on: ctx.db, now: ctx.now) } else { rules = try await RequestQueries.intakeRules(on: ctx.db) }
        let problems = try await problems(intake, on: ctx.db, now: ctx.now, rules: rules)
        guard problems.isEmpty else { throw RequestRefusal(fields: problems) }
        let suggested = rules.route(category: intake.categoryCode.trimmingCharacters(in: .whitespaces),
                                    district: blankToNil(intake.district), street: blankToNil(intake.street))
        let checked = Checked(intake: intake, suggestedUnit: suggested?.lead, context: ctx)
        if let batcher { return try await batcher.take(checked) }
        return try await takeAlone(checked)
    }

    /// An intake that passed its checks, with the routing rules' suggestion, and who took it when.
    struct Checked: Sendable {
        var intake: Intake
        var suggestedUnit: UUID?
        var context: WriteContext
    }

    /// Writes one checked intake in a transaction of its own; a unique key met by a concurrent
    /// write answers with the request that won, or refuses, or tries again.
    static func takeAlone(_ checked: Checked) async throws -> Taken {
        let intake = checked.intake, ctx = checked.context
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                let request = try await ctx.commit { tx in try await insert([checked], in: tx)[0] }
                return Taken(request: request, replayed: false)
            } catch {
                guard let db = error as? any DatabaseError, db.isConstraintFailure else { throw error }
                // Another submission with the same key won the race: answer with its request.
                if let key = intake.idempotencyKey, let first = try await byKey(key, on: ctx.db) {
                    return Taken(request: first, replayed: true)
                }
                if let ref = intake.sourceRef, try await CitizenRequestRecord.query(on: ctx.db).filter(\.$sourceRef == ref).first() != nil {
                    throw RequestRefusal(fields: ["sourceRef": .unknown(ref)])
                }
                lastError = error // another unique value met a concurrent write: try once more
            }
        }
        throw lastError ?? RequestRefusal()
    }

    /// Writes checked intakes in an open transaction, each with its history entry and, when
    /// `announce`d, its audit entry (by its own caller, at its own time) and the requester's
    /// acknowledgement SMS: one statement per table for all of them, so a group costs about what
    /// one does.
    static func insert(_ intakes: [Checked], in tx: WriteTransaction, announce: Bool = true) async throws -> [CitizenRequestRecord] {
        let numbers = try await RequestQueries.nextTrackingNumbers(days: intakes.map(\.context.today), on: tx.db)
        let records = zip(intakes, numbers).map { checked, number in
            record(checked.intake, suggestedUnit: checked.suggestedUnit, trackingNumber: number, at: checked.context.now,
                   keys: checked.context.dataKeys)
        }
        try await RequestQueries.insertNew(records, on: tx.db)
        var events: [RequestQueries.NewEvent] = []
        var messages: [Outbox.Message] = []
        for (checked, r) in zip(intakes, records) {
            let intake = checked.intake, actor = checked.context.actor
            try await RequestQueries.insertAnswers(intake.attributes, request: CitizenRequestID(r.id!), on: tx.db)
            try await RequestPhotos.record(intake.photos, for: r.id!, by: actor.userID, at: r.createdAt, in: tx)
            try await touchCommitment(of: r, in: tx)
            events.append(.init(request: r.id!, step: "intake", note: "\(intake.channel.label)受理", unitID: nil, userID: actor.userID,
                                at: r.createdAt))
            guard announce else { continue }
            var recorded = ["trackingNumber": r.trackingNumber, "channel": r.channel, "category": r.categoryCode]
            if !intake.photos.isEmpty { recorded["photos"] = intake.photos.map(\.sha256).joined(separator: ",") }
            try await tx.audit(.requestCreate, .request, r.id, after: recorded, by: actor, at: r.createdAt)
            // The hotline's queue lists new requests itself; no notification per intake.
            if let phone = blankToNil(intake.requesterPhone)?.filter({ !$0.isWhitespace }) {
                messages.append(.init(recipient: phone, text: "【民生】您的诉求已受理，工单号 \(r.trackingNumber)，可凭工单号和手机号后四位查询办理进度。",
                                      at: r.createdAt))
            }
        }
        try await RequestQueries.insertEvents(events, on: tx.db)
        try await Outbox.queue(messages, in: tx)
        return records
    }

    /// The row of a new request, as taken in at `now` (not yet written).
    private static func record(_ intake: Intake, suggestedUnit: UUID?, trackingNumber: String, at now: Date,
                               keys: DataKeyring) -> CitizenRequestRecord {
        let r = CitizenRequestRecord()
        r.id = UUID()
        r.trackingNumber = trackingNumber
        r.idempotencyKey = intake.idempotencyKey
        r.sourceRef = blankToNil(intake.sourceRef)
        r.channel = intake.channel.rawValue
        r.receivedAt = intake.receivedAt ?? now
        r.setRequester(name: blankToNil(intake.requesterName), phone: blankToNil(intake.requesterPhone)?.filter { !$0.isWhitespace },
                       keys: keys)
        r.confidential = intake.confidential
        r.kind = (RequestKind(label: intake.kind) ?? .help).rawValue
        r.categoryCode = intake.categoryCode.trimmingCharacters(in: .whitespaces)
        r.text = intake.text.trimmingCharacters(in: .whitespacesAndNewlines)
        r.address = blankToNil(intake.address)
        r.lat = intake.lat
        r.long = intake.long
        r.district = blankToNil(intake.district)
        r.street = blankToNil(intake.street)
        r.urgency = (intake.urgency == "紧急" || intake.urgency == RequestUrgency.urgent.rawValue) ? RequestUrgency.urgent.rawValue
            : RequestUrgency.normal.rawValue
        r.state = RequestState.received.rawValue
        r.$suggestedUnit.id = suggestedUnit
        r.$commitment.id = intake.commitmentID
        r.objectionPeriod = intake.objectionPeriod
        r.returnCount = 0
        r.returnUpheld = false
        r.redoCount = 0
        r.unreasonable = false
        r.createdAt = now
        r.updatedAt = now
        return r
    }

    /// The request an idempotency key created, if any: a plain lookup first (the usual answer is
    /// none), the record only when there is one.
    static func byKey(_ key: String, on db: any Database) async throws -> CitizenRequestRecord? {
        if let sql = db as? any SQLDatabase {
            guard let row = try await sql.raw("SELECT id FROM citizen_requests WHERE idempotency_key = \(bind: key)").first() else {
                return nil
            }
            return try await CitizenRequestRecord.find(try row.decode(column: "id", as: UUID.self), on: db)
        }
        return try await CitizenRequestRecord.query(on: db).filter(\.$idempotencyKey == key).first()
    }

    // MARK: routing

    /// 派单 or 改派: to `unitID` (nil: the routing rule's suggestion) with co-units; the limits
    /// start today.
    static func dispatch(_ r: CitizenRequestRecord, unitID: UnitID?, coUnitIDs: [UnitID], note: String, in ctx: WriteContext) async throws {
        let step: RequestStep = r.coreState == .received ? .dispatch : .reroute
        guard let unitID = unitID?.rawValue ?? r.$suggestedUnit.id else { throw RequestRefusal(fields: ["unitID": .blank]) }
        guard let unit = try await UnitRecord.find(unitID, on: ctx.db) else { throw RequestRefusal(fields: ["unitID": .unknown(unitID.uuidString)]) }
        let coUnits = Array(Set(coUnitIDs.map(\.rawValue)).subtracting([unitID]))
        if try await UnitRecord.query(on: ctx.db).filter(\.$id ~~ coUnits).count() != coUnits.count {
            throw RequestRefusal(fields: ["coUnitIDs": .unknown("")])
        }
        let (calendar, limits) = try await rules(ctx)
        let rerouted = r.$leadUnit.id != nil && r.$leadUnit.id != unitID
        try await apply(step, to: r, note: note.isEmpty ? "主办：\(unit.name)" : "主办：\(unit.name)；\(note)", unitID: UnitID(unitID), in: ctx) { r, tx in
            r.$leadUnit.id = unitID
            start(r, today: tx.today, calendar: calendar, limits: limits)
            if rerouted { r.returnUpheld = false }
            try await RequestCoUnitRecord.query(on: tx.db).filter(\.$request.$id == r.id!).delete()
            for co in coUnits { try await RequestCoUnitRecord(requestID: r.id!, unitID: co).create(on: tx.db) }
            try await notifyUnit(UnitID(unitID), "新工单 \(r.trackingNumber)，请在 \(r.signForDue ?? "") 前签收", request: r, in: tx)
        }
    }

    /// Sets the limits of a (re)dispatch: sign-for and handling counted from today.
    private static func start(_ r: CitizenRequestRecord, today: CivilDate, calendar: WorkCalendar, limits: RequestLimits) {
        r.dispatchedOn = today.description
        r.month = today.yearMonth.description
        r.signForDue = calendar.due(after: today, workdays: limits.signFor).description
        r.handlingDue = calendar.due(after: today, workdays: limits.handling(r.coreKind)).description
        r.signedInTime = nil
        r.repliedInTime = nil
        r.ladder = nil
        r.extensionState = nil
        r.extensionDue = nil
        r.extensionReason = nil
    }

    /// 退单 by the lead unit, with a reason, before its sign-for limit passes.
    static func giveBack(_ r: CitizenRequestRecord, reason: String, in ctx: WriteContext) async throws {
        let reason = try required(reason, "reason")
        do {
            try RequestFlow.checkGiveBack(upheld: r.returnUpheld, signForDue: r.signForDue.flatMap(CivilDate.init), today: ctx.today)
        } catch { throw RequestRefusal(flow: error) }
        try await apply(.giveBack, to: r, note: reason, unitID: r.leadUnitID, in: ctx) { r, tx in
            r.returnCount += 1
            try await notifyRole(.hotline, "工单 \(r.trackingNumber) 被退单：\(reason)", request: r, in: tx)
        }
    }

    /// 维持派单: the hotline refuses the 退单; final. The unit's sign-for limit starts again today.
    static func uphold(_ r: CitizenRequestRecord, note: String, in ctx: WriteContext) async throws {
        let note = try required(note, "note")
        let (calendar, limits) = try await rules(ctx)
        try await apply(.uphold, to: r, note: note, unitID: r.leadUnitID, in: ctx) { r, tx in
            start(r, today: tx.today, calendar: calendar, limits: limits)
            r.returnUpheld = true
            if let unit = r.leadUnitID {
                try await notifyUnit(unit, "工单 \(r.trackingNumber) 维持派单（不得再退）：\(note)", request: r, in: tx)
            }
        }
    }

    // MARK: the unit

    static func signFor(_ r: CitizenRequestRecord, in ctx: WriteContext) async throws {
        try await apply(.signFor, to: r, note: "", unitID: r.leadUnitID, in: ctx) { r, tx in
            if r.signedInTime == nil { r.signedInTime = r.signForDue.flatMap(CivilDate.init).map { tx.today <= $0 } ?? true }
            // The sign-for limit's ladder ends here; the handling limit climbs its own from the start.
            r.ladder = nil
        }
    }

    /// 答复 drafted by the clerk; goes to the unit's leader for approval.
    static func draftReply(_ r: CitizenRequestRecord, text: String, in ctx: WriteContext) async throws {
        let text = try required(text, "text", max: RequestIntake.maxText)
        try await apply(.draftReply, to: r, note: text, unitID: r.leadUnitID, in: ctx) { r, tx in
            r.replyText = text
            if let unit = r.leadUnitID { try await notifyUnit(unit, "工单 \(r.trackingNumber) 答复待审批", request: r, in: tx) }
        }
    }

    /// The unit's leader approves (the reply goes out) or returns it to the clerk.
    static func decideReply(_ r: CitizenRequestRecord, approve: Bool, note: String, in ctx: WriteContext) async throws {
        let note = approve ? note.trimmingCharacters(in: .whitespacesAndNewlines) : try required(note, "note")
        try await apply(approve ? .approveReply : .rejectReply, to: r, note: note, unitID: r.leadUnitID, in: ctx) { r, tx in
            if approve {
                r.repliedAt = tx.now
                if r.repliedInTime == nil { r.repliedInTime = r.handlingDue.flatMap(CivilDate.init).map { tx.today <= $0 } ?? true }
                try await notifyRole(.hotline, "工单 \(r.trackingNumber) 已答复，待审核", request: r, in: tx)
            } else if let unit = r.leadUnitID {
                try await notifyUnit(unit, "工单 \(r.trackingNumber) 答复被退回：\(note)", request: r, in: tx)
            }
        }
    }

    /// 申请延期: a reason and a new date, before the handling limit passes, up to the extended maximum.
    static func requestExtension(_ r: CitizenRequestRecord, reason: String, newDue: String, in ctx: WriteContext) async throws {
        let reason = try required(reason, "reason")
        do {
            try RequestFlow.checkExtension(state: r.coreState, pending: r.extensionState == "requested")
        } catch { throw RequestRefusal(flow: error) }
        guard let date = CivilDate(newDue.trimmingCharacters(in: .whitespaces)) else {
            throw RequestRefusal(fields: ["newDue": .badDate(newDue)])
        }
        let (calendar, limits) = try await rules(ctx)
        guard let due = r.handlingDue.flatMap(CivilDate.init), ctx.today <= due else {
            throw RequestRefusal(fields: ["newDue": .future]) // the limit has passed: too late to ask
        }
        let start = r.dispatchedOn.flatMap(CivilDate.init) ?? ctx.today
        let latest = calendar.due(after: start, workdays: limits.extendedMaximum)
        guard date > due, date <= latest else { throw RequestRefusal(fields: ["newDue": .unknown(latest.description)]) }
        try await ctx.commit { tx in
            tx.touch(requestsOf: r.$leadUnit.id)
            r.extensionState = "requested"
            r.extensionReason = reason
            r.extensionDue = date.description
            r.updatedAt = tx.now
            try await r.save(on: tx.db)
            try await event(r, "extend", "申请延期至 \(date)：\(reason)", unitID: r.leadUnitID, in: tx)
            try await tx.audit(.requestExtension, .request, r.id, after: ["state": "requested", "due": date.description])
            try await notifyRole(.hotline, "工单 \(r.trackingNumber) 申请延期至 \(date)", request: r, in: tx)
        }
    }

    /// The hotline approves or refuses an extension.
    static func decideExtension(_ r: CitizenRequestRecord, approve: Bool, note: String, in ctx: WriteContext) async throws {
        guard r.extensionState == "requested", let due = r.extensionDue else { throw RequestRefusal(flow: .noExtensionPending) }
        try await ctx.commit { tx in
            tx.touch(requestsOf: r.$leadUnit.id)
            r.extensionState = approve ? "approved" : "refused"
            if approve { r.handlingDue = due; r.ladder = nil }
            r.updatedAt = tx.now
            try await r.save(on: tx.db)
            try await event(r, approve ? "extensionApproved" : "extensionRefused",
                            (approve ? "同意延期至 \(due)" : "不同意延期") + (note.isEmpty ? "" : "：\(note)"), in: tx)
            try await tx.audit(.requestExtension, .request, r.id, after: ["state": r.extensionState ?? "", "due": due])
            if let unit = r.leadUnitID {
                try await notifyUnit(unit, "工单 \(r.trackingNumber) 延期申请\(approve ? "已同意" : "未同意")", request: r, in: tx)
            }
        }
    }

    // MARK: the hotline after the reply

    static func review(_ r: CitizenRequestRecord, accept: Bool, note: String, in ctx: WriteContext) async throws {
        let note = accept ? note.trimmingCharacters(in: .whitespacesAndNewlines) : try required(note, "note")
        try await apply(accept ? .acceptReply : .sendBack, to: r, note: note, in: ctx) { r, tx in
            if !accept, let unit = r.leadUnitID {
                r.repliedInTime = nil
                try await notifyUnit(unit, "工单 \(r.trackingNumber) 答复审核退回：\(note)", request: r, in: tx)
            }
        }
    }

    /// 回访: the two questions, asked separately.
    static func callBack(_ r: CitizenRequestRecord, resolution: String, satisfaction: Int?, note: String, in ctx: WriteContext) async throws {
        var fields: [String: RequestProblem] = [:]
        let res = Resolution(rawValue: resolution)
        if res == nil { fields["resolution"] = resolution.isEmpty ? .blank : .unknown(resolution) }
        let sat = satisfaction.flatMap(Satisfaction.init(rawValue:))
        if sat == nil { fields["satisfaction"] = satisfaction == nil ? .blank : .unknown(String(satisfaction!)) }
        guard fields.isEmpty, let res, let sat else { throw RequestRefusal(fields: fields) }
        let text = "\(res.label)，\(sat.label)" + (note.isEmpty ? "" : "；\(note)")
        try await apply(.callBack, to: r, note: text, in: ctx) { r, _ in
            r.resolution = res.rawValue
            r.satisfaction = sat.rawValue
        }
    }

    /// 重办: after an unsolved or dissatisfied call-back, with a reason; a new handling limit from today.
    static func redo(_ r: CitizenRequestRecord, reason: String, in ctx: WriteContext) async throws {
        let reason = try required(reason, "reason")
        do {
            _ = try RequestFlow.next(r.coreState, on: .redo)
            try RequestFlow.checkRedo(resolution: r.coreResolution, satisfaction: r.coreSatisfaction)
        } catch {
            throw RequestRefusal(flow: error)
        }
        let (calendar, limits) = try await rules(ctx)
        try await apply(.redo, to: r, note: reason, unitID: r.leadUnitID, in: ctx) { r, tx in
            r.redoCount += 1
            r.handlingDue = calendar.due(after: tx.today, workdays: limits.handling(r.coreKind)).description
            r.repliedInTime = nil
            r.ladder = nil
            if let unit = r.leadUnitID { try await notifyUnit(unit, "工单 \(r.trackingNumber) 重办：\(reason)", request: r, in: tx) }
        }
    }

    /// 办结 (销号): closes and archives; requests merged into it share the outcome.
    static func close(_ r: CitizenRequestRecord, note: String, in ctx: WriteContext) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        try await apply(.close, to: r, note: note.isEmpty ? "办结归档" : note, in: ctx) { r, tx in
            r.closedAt = tx.now
            // Requests merged into this one share its outcome: their requesters hear of it too.
            let merged = try await CitizenRequestRecord.query(on: tx.db).filter(\.$mergedInto == r.id!).all()
            for m in [r] + merged {
                guard let phone = try m.requesterPhone(tx.context.dataKeys) else { continue }
                try await Outbox.queue(sms: phone, "【民生】您的诉求（\(m.trackingNumber)）已办结。", in: tx)
            }
            for m in merged { try await event(m, "link", "并入的 \(r.trackingNumber) 已办结", in: tx) }
        }
    }

    /// 并单: `r` joins `master` (same matter); both histories say so and `r` shares its outcome.
    static func merge(_ r: CitizenRequestRecord, into master: CitizenRequestRecord, in ctx: WriteContext) async throws {
        guard r.id != master.id, !master.coreState.isTerminal else {
            throw RequestRefusal(fields: ["into": .unknown(master.trackingNumber)])
        }
        try await apply(.merge, to: r, note: "并入 \(master.trackingNumber)", in: ctx) { r, tx in
            r.mergedInto = master.id
            try await event(master, "link", "并入 \(r.trackingNumber)", in: tx)
        }
    }

    /// 无理诉求: marked by the hotline with a reason; it no longer counts against the unit.
    static func markUnreasonable(_ r: CitizenRequestRecord, reason: String, in ctx: WriteContext) async throws {
        let reason = try required(reason, "reason")
        do { try RequestFlow.checkUnreasonable(state: r.coreState, marked: r.unreasonable) } catch { throw RequestRefusal(flow: error) }
        try await ctx.commit { tx in
            tx.touch(requestsOf: r.$leadUnit.id)
            r.unreasonable = true
            r.unreasonableReason = reason
            r.updatedAt = tx.now
            try await r.save(on: tx.db)
            try await event(r, "unreasonable", reason, in: tx)
            try await tx.audit(.requestUnreasonable, .request, r.id, after: ["reason": reason])
        }
    }

    // MARK: the sequence every step shares

    /// Runs a step through Core's table, then saves the request, its history entry and the audit entry.
    static func apply(_ step: RequestStep, to r: CitizenRequestRecord, note: String, unitID: UnitID? = nil, in ctx: WriteContext,
                      change: @escaping @Sendable (CitizenRequestRecord, WriteTransaction) async throws -> Void) async throws {
        let before = r.state
        let next: RequestState
        do { next = try RequestFlow.next(r.coreState, on: step) } catch { throw RequestRefusal(flow: error) }
        try await ctx.commit { tx in
            tx.touch(requestsOf: r.$leadUnit.id)
            r.state = next.rawValue
            try await change(r, tx)
            tx.touch(requestsOf: r.$leadUnit.id)
            r.updatedAt = tx.now
            try await r.save(on: tx.db)
            try await event(r, step.rawValue, note, unitID: unitID, in: tx)
            try await tx.audit(.requestStep, .request, r.id, before: ["state": before],
                               after: ["state": next.rawValue, "step": step.rawValue, "note": note])
            try await touchCommitment(of: r, in: tx)
        }
    }

    /// A request about a commitment (an objection to its published month) shows on the
    /// commitment's page, which is kept per plan revision: its plan moves too.
    static func touchCommitment(of r: CitizenRequestRecord, in tx: WriteTransaction) async throws {
        guard r.objectionPeriod != nil, let id = r.$commitment.id,
              let commitment = try await CommitmentRecord.find(id, on: tx.db) else { return }
        tx.touch(plan: commitment.$plan.id)
    }

    /// Marks a unit's (or a role queue's) notifications read, all at once; audited with how many.
    static func markNotificationsRead(unitID: UnitID?, role: Role?, in ctx: WriteContext) async throws {
        try await ctx.commit { tx in
            var q = NotificationRecord.query(on: tx.db).filter(\.$readAt == nil)
            if let unitID { q = q.filter(\.$unit.$id == unitID.rawValue) } else if let role { q = q.filter(\.$role == role.rawValue) } else { return }
            let count = try await q.count()
            guard count > 0 else { return }
            try await q.set(\.$readAt, to: tx.now).update()
            try await tx.audit(.notificationsRead, .unit, unitID?.rawValue, after: ["count": String(count), "role": role?.rawValue ?? ""])
        }
    }

    static func event(_ r: CitizenRequestRecord, _ step: String, _ note: String, unitID: UnitID? = nil, in tx: WriteTransaction) async throws {
        try await RequestQueries.insertEvent(request: CitizenRequestID(r.id!), step: step, note: note, unitID: unitID,
                                             userID: tx.context.actor.userID.map { UserID($0) }, at: tx.now, on: tx.db)
    }

    static func notifyUnit(_ unitID: UnitID, _ text: String, request r: CitizenRequestRecord, in tx: WriteTransaction) async throws {
        let n = NotificationRecord()
        n.$unit.id = unitID.rawValue
        n.text = text
        n.link = SitePath.request(r.id!)
        n.createdAt = tx.now
        try await n.create(on: tx.db)
    }

    static func notifyRole(_ role: Role, _ text: String, request r: CitizenRequestRecord, in tx: WriteTransaction) async throws {
        let n = NotificationRecord()
        n.role = role.rawValue
        n.text = text
        n.link = SitePath.request(r.id!)
        n.createdAt = tx.now
        try await n.create(on: tx.db)
    }

    static func rules(_ ctx: WriteContext) async throws -> (WorkCalendar, RequestLimits) {
        (try await ctx.workCalendar.calendar(on: ctx.db, now: ctx.now), try await RequestSettings.limits(on: ctx.db))
    }

    private static func required(_ text: String, _ field: String, max: Int = 2_000) throws -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { throw RequestRefusal(fields: [field: .blank]) }
        if t.count > max { throw RequestRefusal(fields: [field: .tooLong(max: max)]) }
        return t
    }
}

extension CitizenRequestRecord {
    /// The lead unit's id, typed (the record's column is a bare UUID).
    var leadUnitID: UnitID? { $leadUnit.id.map { UnitID($0) } }
}

func blankToNil(_ text: String?) -> String? {
    guard let t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
    return t
}

/// The SMS outbox (短信): messages are queued in the write that causes them; ``Outbox/drain(on:keys:clock:logger:using:limit:)``
/// hands them to a sender afterwards. Nothing outside is reachable here, so the server's sender
/// logs (``LoggingSMSSender``); a gateway is one more ``SMSSender``.
enum Outbox {
    /// Sends what waits, oldest first, marking each sent; a failure leaves it for the next run.
    @discardableResult
    static func drain(on db: any Database, keys: DataKeyring, clock: AppClock, logger: Logger,
                      using sender: any SMSSender, limit: Int = 500) async throws -> Int {
        let waiting = try await OutboxMessageRecord.query(on: db).filter(\.$sentAt == nil).sort(\.$createdAt).limit(limit).all()
        var sent = 0
        for m in waiting {
            do {
                guard let recipient = try keys.open(m.sealedRecipient, .outboxRecipient, row: m.id!) else { continue }
                try await sender.send(to: recipient, text: m.text)
            } catch {
                logger.warning("短信发送失败，稍后重试: \(error)")
                break
            }
            m.sentAt = clock.now()
            try await m.save(on: db)
            sent += 1
        }
        return sent
    }

    /// An SMS to queue.
    struct Message: Sendable {
        var recipient: String
        var text: String
        var at: Date
    }

    static func queue(sms recipient: String, _ text: String, in tx: WriteTransaction) async throws {
        try await queue([Message(recipient: recipient, text: text, at: tx.now)], in: tx)
    }

    /// Queues messages in the write that causes them, many rows to a statement; each recipient
    /// sealed (``DataKeyring``) to its row.
    static func queue(_ messages: [Message], in tx: WriteTransaction) async throws {
        guard !messages.isEmpty else { return }
        let sealed = messages.map { message -> (id: UUID, recipient: String, message: Message) in
            let id = UUID()
            return (id, tx.context.dataKeys.seal(message.recipient, .outboxRecipient, row: id) ?? "", message)
        }
        guard let sql = tx.db as? any SQLDatabase else {
            for s in sealed {
                let m = OutboxMessageRecord()
                m.id = s.id
                m.channel = "sms"
                m.sealedRecipient = s.recipient
                m.text = s.message.text
                m.createdAt = s.message.at
                try await m.create(on: tx.db)
            }
            return
        }
        for chunk in sealed.chunked(500) {
            let rows: [SQLQueryString] = chunk.map { "(\(bind: $0.id), 'sms', \(bind: $0.recipient), \(bind: $0.message.text), \(bind: $0.message.at))" }
            try await sql.raw("INSERT INTO outbox_messages (id, channel, recipient, text, created_at) VALUES \(rows.joined(separator: ", "))").run()
        }
    }
}

/// Sends one SMS.
protocol SMSSender: Sendable {
    func send(to recipient: String, text: String) async throws
}

/// Logs each message (phone masked) instead of sending it: no SMS gateway is reachable here.
struct LoggingSMSSender: SMSSender {
    let logger: Logger

    func send(to recipient: String, text: String) async throws {
        logger.notice("短信（未接网关，仅记录）→ \(PersonalData.maskPhone(recipient))：\(text)")
    }
}
