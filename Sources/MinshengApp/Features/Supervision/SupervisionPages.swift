import Foundation
import MinshengCore
import MinshengStore

/// Chinese wording of the 督办 rules' refusals (STYLE rule 4: Core errors carry no wording).


/// A notice in lists and on its page.
struct NoticeRow: Encodable, Equatable {
    var id: String
    var href: String
    var number: String
    var unit: String
    var commitment: String?
    var commitmentHref: String?
    var requiredAction: String
    var issuedOn: String
    var deadline: String
    var stateLabel: String
    var state: String
    var urgencyLabel: String
    var urgencyKey: String
    /// 督办类型: `general`, `key`, `instruction`, and its label.
    var kind: String = SupervisionKind.general.rawValue
    var kindLabel: String = SupervisionKind.general.label
    /// 抄送 units, joined (empty if none).
    var copies: String = ""

    /// `unitName` is every 承办单位, joined with 、.
    static func make(_ n: SupervisionNoticeRecord, unitName: String, commitmentTitle: String?, today: CivilDate,
                     policy: SupervisionPolicy = .init(), copies: [String] = []) -> NoticeRow {
        let urgency = n.deadlineDate.map { Supervision.urgency(state: n.coreState, deadline: $0, today: today, policy: policy) }
        return NoticeRow(
            id: n.id!.uuidString, href: WebLink.notice(n.id!), number: n.number, unit: unitName,
            commitment: commitmentTitle, commitmentHref: n.$commitment.id.map(WebLink.commitment),
            requiredAction: n.requiredAction, issuedOn: n.issuedDate.map(WebFormat.date) ?? n.issuedOn,
            deadline: n.deadlineDate.map(WebFormat.date) ?? n.deadline, stateLabel: n.coreState.label,
            state: n.coreState.rawValue, urgencyLabel: urgency?.label ?? "", urgencyKey: urgency?.key ?? "ok",
            kind: n.coreKind.rawValue, kindLabel: n.coreKind.label, copies: copies.joined(separator: "、"))
    }
}

/// The list of notices with filters (督办台账).
struct SupervisionListPage: Encodable {
    typealias Option = ChoiceOption
    var shell: WebShell
    var rows: [NoticeRow]
    var total: Int
    var states: [Option]
    var urgencies: [Option]
    var canIssue: Bool
    var links = Links()

    struct Links: Encodable {
        var filter = SitePath.notices()
        var newNotice = SitePath.newNotice()
    }

    /// Filters: `state` is a state, or `open` (not signed off); `urgency` is `overdue` (overdue or
    /// escalated), `escalated`, `soon` or `review`.
    static func matches(_ row: NoticeRow, state: String?, urgency: String?) -> Bool {
        if let state, !state.isEmpty {
            if state == "open" { if row.state == SupervisionState.signedOff.rawValue { return false } }
            else if row.state != state { return false }
        }
        if let urgency, !urgency.isEmpty {
            if urgency == "overdue" { if !(row.urgencyKey == "overdue" || row.urgencyKey == "escalated") { return false } }
            else if row.urgencyKey != urgency { return false }
        }
        return true
    }

    static func make(shell: WebShell, rows all: [NoticeRow], state: String?, urgency: String?, canIssue: Bool) -> SupervisionListPage {
        let rows = all.filter { matches($0, state: state, urgency: urgency) }
        let states = [("", "全部状态"), ("open", "未办结")] + SupervisionState.allCases.map { ($0.rawValue, $0.label) }
        let urgencies = [("", "全部"), ("overdue", "已逾期"), ("escalated", "升级督办"), ("soon", "即将到期"), ("review", "待审核")]
        return SupervisionListPage(
            shell: shell, rows: rows, total: rows.count,
            states: states.map { Option(value: $0.0, label: $0.1, selected: ($0.0 == (state ?? ""))) },
            urgencies: urgencies.map { Option(value: $0.0, label: $0.1, selected: ($0.0 == (urgency ?? ""))) },
            canIssue: canIssue)
    }
}

/// The form to issue a notice, blank or pre-filled from a red commitment.
struct NoticeFormPage: Encodable {
    struct UnitOption: Encodable { var id: String; var name: String; var selected: Bool }
    var shell: WebShell
    var number: String
    var commitmentID: String?
    var commitmentTitle: String?
    var commitmentHref: String?
    /// 承办单位 (several may be ticked) and 抄送 units, the commitment's own first in plan order.
    var units: [UnitOption]
    var copyUnits: [UnitOption]
    var kinds: [ChoiceOption]
    var requiredAction: String
    var deadline: String
    var errors: [String: String]
    var hasErrors: Bool
    var links = Links()

    struct Links: Encodable { var create = SitePath.notices() }
}

/// One notice with its history and the actions open to the viewer.
struct NoticePage: Encodable {
    struct Event: Encodable { var at: String; var label: String; var who: String; var note: String }
    /// The 批示 a 领导批示件 carries out, linked back to it on the commitment's page.
    struct Instruction: Encodable { var text: String; var author: String; var at: String; var href: String }
    var shell: WebShell
    var notice: NoticeRow
    var instruction: Instruction?
    var reply: String?
    var decisionNote: String?
    var events: [Event]
    var canReply: Bool
    var canDecide: Bool
    var error: String?
    var replyText: String
    var links: Links

    /// The notice's Word copy and the forms that move it on.
    struct Links: Encodable {
        var docx: String
        var reply: String
        var signOff: String
        var giveBack: String

        init(_ id: UUID) {
            docx = SitePath.noticeDocx(id)
            reply = SitePath.noticeReply(id)
            signOff = SitePath.noticeSignOff(id)
            giveBack = SitePath.noticeReturn(id)
        }
    }

    static func eventLabel(_ e: String) -> String {
        ["issue": "交办", "reply": "单位反馈", "signOff": "销号", "giveBack": "退回重办"][e] ?? e
    }
}

extension NoticeRow {
    /// The notice as a 督办通知单 in the 公文 format (GB/T 9704): the office's name in red, the
    /// notice's number as 发文字号, the unit as 主送, the matter, the deadline and the reply asked for.
    func officialDocument(issuer: String, issuedOn: CivilDate?) -> OfficialDocument {
        var body: [OfficialDocument.Block] = []
        if let commitment {
            body.append(.paragraph(kind == SupervisionKind.instruction.rawValue
                ? "现将领导对民生实事项目“\(commitment)”的批示转你单位办理。有关事项通知如下："
                : "经督查，你单位牵头的民生实事项目“\(commitment)”推进情况需要督办。现将有关事项通知如下："))
        } else {
            body.append(.paragraph("现将有关督办事项通知如下："))
        }
        body.append(.heading("一、督办事项"))
        body.append(.paragraph(requiredAction))
        body.append(.heading("二、办理时限"))
        body.append(.paragraph("请于\(deadline)前办结，并将办理情况书面反馈（可在民生实事管理系统“督办”中直接填报）。"))
        body.append(.heading("三、有关要求"))
        body.append(.paragraph("请高度重视，明确责任领导和责任人，逐项落实；逾期未办结的，将在月度通报中予以通报。"))
        if !copies.isEmpty { body.append(.paragraph("抄送：\(copies)。")) }
        return OfficialDocument(issuer: issuer, number: number, title: "督办通知单", addressee: unit, body: body,
                                signature: issuer, date: issuedOn.map(WebFormat.date) ?? self.issuedOn)
    }
}
