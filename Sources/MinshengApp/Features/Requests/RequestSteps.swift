import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// The steps of a request as the API and the pages name them (`POST …/requests/{id}/{step}` and
/// the page's forms): one table from name to who may take it and which action runs, so both
/// adapters check and do exactly the same thing.
enum RequestStepName: String, CaseIterable, Sendable {
    case dispatch, `return`, uphold, sign, reply, approve, rejectReply = "reject-reply", accept, sendBack = "send-back"
    case callback, redo, close, merge, unreasonable, `extension`, approveExtension = "approve-extension"
    case refuseExtension = "refuse-extension"

    /// The permission the step needs (on the request as subject).
    var action: Action {
        switch self {
        case .return, .sign, .reply, .`extension`: .handleRequest
        case .approve, .rejectReply: .approveRequestReply
        default: .routeRequest
        }
    }

    /// The button's label.
    var label: String {
        switch self {
        case .dispatch: "派单"
        case .return: "退单"
        case .uphold: "维持派单"
        case .sign: "签收"
        case .reply: "提交答复"
        case .approve: "审批通过"
        case .rejectReply: "审批退回"
        case .accept: "审核通过"
        case .sendBack: "审核退回"
        case .callback: "记录回访"
        case .redo: "重办"
        case .close: "办结"
        case .merge: "并单"
        case .unreasonable: "标记无理诉求"
        case .`extension`: "申请延期"
        case .approveExtension: "同意延期"
        case .refuseExtension: "不同意延期"
        }
    }

    /// Whether the step is open for `r` now (the page shows its form only then).
    func isOpen(for r: CitizenRequestRecord) -> Bool {
        let state = r.coreState
        func allows(_ step: RequestStep) -> Bool { RequestFlow.steps(from: state).contains(step) }
        switch self {
        case .dispatch: return allows(.dispatch) || allows(.reroute)
        case .return: return allows(.giveBack) && !r.returnUpheld
        case .uphold: return allows(.uphold)
        case .sign: return allows(.signFor)
        case .reply: return allows(.draftReply)
        case .approve: return allows(.approveReply)
        case .rejectReply: return allows(.rejectReply)
        case .accept: return allows(.acceptReply)
        case .sendBack: return allows(.sendBack)
        case .callback: return allows(.callBack)
        case .redo: return allows(.redo) && (try? RequestFlow.checkRedo(resolution: r.coreResolution, satisfaction: r.coreSatisfaction)) != nil
        case .close: return allows(.close)
        case .merge: return allows(.merge)
        case .unreasonable: return (try? RequestFlow.checkUnreasonable(state: state, marked: r.unreasonable)) != nil
        case .`extension`: return (try? RequestFlow.checkExtension(state: state, pending: r.extensionState == "requested")) != nil
        case .approveExtension, .refuseExtension: return r.extensionState == "requested"
        }
    }
}

/// What a step may carry (form fields and JSON alike).
struct RequestStepInput: Sendable, Codable {
    var unitID: String?
    var coUnitIDs: [String]?
    var note: String?
    var reason: String?
    var text: String?
    var resolution: String?
    var satisfaction: Int?
    /// 并单: the other request's id or tracking number.
    var into: String?
    var newDue: String?
}

extension RequestActions {
    /// Runs step `name` on `r` with `input` for a viewer who may take it (checked by the caller
    /// through ``RequestStepName/action``).
    static func run(_ name: RequestStepName, on r: CitizenRequestRecord, input: RequestStepInput, in ctx: WriteContext) async throws {
        let note = input.note ?? ""
        switch name {
        case .dispatch:
            var unitID: UnitID?
            if let text = blankToNil(input.unitID) {
                guard let id = UnitID(text) else { throw RequestRefusal(fields: ["unitID": .unknown(text)]) }
                unitID = id
            }
            var coUnits: [UnitID] = []
            for text in (input.coUnitIDs ?? []).compactMap(blankToNil) {
                guard let id = UnitID(text) else { throw RequestRefusal(fields: ["coUnitIDs": .unknown(text)]) }
                coUnits.append(id)
            }
            try await dispatch(r, unitID: unitID, coUnitIDs: coUnits, note: note, in: ctx)
        case .return: try await giveBack(r, reason: input.reason ?? note, in: ctx)
        case .uphold: try await uphold(r, note: note, in: ctx)
        case .sign: try await signFor(r, in: ctx)
        case .reply: try await draftReply(r, text: input.text ?? "", in: ctx)
        case .approve: try await decideReply(r, approve: true, note: note, in: ctx)
        case .rejectReply: try await decideReply(r, approve: false, note: note, in: ctx)
        case .accept: try await review(r, accept: true, note: note, in: ctx)
        case .sendBack: try await review(r, accept: false, note: note, in: ctx)
        case .callback: try await callBack(r, resolution: input.resolution ?? "", satisfaction: input.satisfaction, note: note, in: ctx)
        case .redo: try await redo(r, reason: input.reason ?? note, in: ctx)
        case .close: try await close(r, note: note, in: ctx)
        case .merge:
            let key = blankToNil(input.into) ?? ""
            guard let master = try await RequestQueries.find(key, on: ctx.db) else {
                throw RequestRefusal(fields: ["into": key.isEmpty ? .blank : .unknown(key)])
            }
            try await merge(r, into: master, in: ctx)
        case .unreasonable: try await markUnreasonable(r, reason: input.reason ?? note, in: ctx)
        case .`extension`: try await requestExtension(r, reason: input.reason ?? "", newDue: input.newDue ?? "", in: ctx)
        case .approveExtension: try await decideExtension(r, approve: true, note: note, in: ctx)
        case .refuseExtension: try await decideExtension(r, approve: false, note: note, in: ctx)
        }
    }
}

extension RequestQueries {
    /// A request by id or tracking number.
    static func find(_ key: String, on db: any Database) async throws -> CitizenRequestRecord? {
        if let id = UUID(uuidString: key) { return try await CitizenRequestRecord.find(id, on: db) }
        return try await CitizenRequestRecord.query(on: db).filter(\.$trackingNumber == key).first()
    }

    /// The subject the permission rules see: the lead unit and the co-units, by id.
    static func subject(_ r: CitizenRequestRecord, on db: any Database) async throws -> Subject {
        let co = try await RequestCoUnitRecord.query(on: db).filter(\.$request.$id == r.id!).all().map { UnitID($0.$unit.id) }
        return .request(leadUnit: r.$leadUnit.id.map { UnitID($0) }, coUnits: co)
    }
}
