import Foundation
import MinshengCore
import MinshengStore

/// A request in lists (queue, inbox, unit page): what a clerk or operator scans.
struct RequestRow: Encodable {
    var id: String
    var href: String
    var trackingNumber: String
    var received: String
    var kind: String
    var category: String
    var excerpt: String
    var unit: String
    var stateLabel: String
    var state: String
    var due: String
    /// Core's `LimitStage` raw value (the colour) and its label; empty when no limit runs.
    var stage: String
    var stageLabel: String
    var urgent: Bool
    var unreasonable: Bool

    static func make(_ r: CitizenRequestRecord, units: [UUID: String], categories: [String: String],
                     stage: LimitStage?) -> RequestRow {
        let excerpt = r.text.count > 60 ? String(r.text.prefix(60)) + "…" : r.text
        return RequestRow(
            id: r.id!.uuidString, href: SitePath.request(r.id!), trackingNumber: r.trackingNumber,
            received: WebFormat.timestamp(r.receivedAt), kind: r.coreKind.label,
            category: categories[r.categoryCode].map { "\($0)（\(r.categoryCode)）" } ?? r.categoryCode,
            excerpt: excerpt, unit: (r.$leadUnit.id ?? r.$suggestedUnit.id).flatMap { units[$0] } ?? "",
            stateLabel: r.coreState.label, state: r.state, due: r.currentDue.map(WebFormat.date) ?? "",
            stage: stage?.rawValue ?? "", stageLabel: stage?.label ?? "", urgent: r.urgency == RequestUrgency.urgent.rawValue,
            unreasonable: r.unreasonable)
    }
}


struct NotificationRow: Encodable {
    var text: String
    var href: String
    var at: String
    var unread: Bool
}

/// 工单队列 (the hotline's queue).
struct HotlineQueuePage: Encodable {
    var shell: WebShell
    var tabs: [Tab]
    var rows: [RequestRow]
    var total: Int
    var notifications: [NotificationRow]
    var newHref: String
    var importHref: String
    var markReadHref = SitePath.hotlineRead()
    struct Tab: Encodable { var label: String; var href: String; var count: Int; var current: Bool }
}

/// 单位待办 (a unit's inbox).
struct InboxPage: Encodable {
    var shell: WebShell
    var unitName: String
    var rows: [RequestRow]
    var total: Int
    var assisting: [RequestRow]
    var notifications: [NotificationRow]
    var scoreHref: String
    var markReadHref = SitePath.requestInboxRead()
}

/// 登记诉求 (the hotline's intake form), with what was typed and what was wrong.
struct IntakePage: Encodable {
    var shell: WebShell
    var action: String
    var kinds: [ChoiceOption]
    var categories: [ChoiceOption]
    var urgencies: [ChoiceOption]
    var form: [String: String]
    var confidential: Bool
    var errors: [String: String]
    var hasErrors: Bool
}

/// One request with its history and the steps the viewer may take.
struct RequestPage: Encodable {
    var shell: WebShell
    var row: RequestRow
    var channel: String
    var requesterName: String
    var requesterPhone: String
    var identityHref: String?
    var confidential: Bool
    var text: String
    var place: String
    var coordinates: String?
    var coUnits: String
    var suggestedUnit: String?
    var signForDue: String
    var handlingDue: String
    var reply: String?
    var callback: String?
    var extensionText: String?
    var mergedInto: PageLink?
    var merged: [PageLink]
    var noticeHref: String?
    /// The commitment (民生实事 task) the request concerns.
    var commitment: PageLink?
    /// The candidate project for next year's plan its cluster became.
    var candidate: String?
    var unreasonableReason: String?
    var events: [Event]
    var photos: [Photo]
    /// Where the photo form posts, for those who may add photos.
    var photoAction: String?
    var steps: [StepForm]
    var similar: [SimilarRow]
    var error: String?
    var units: [ChoiceOption]
    var resolutions: [ChoiceOption]
    var satisfactions: [ChoiceOption]

    struct Photo: Encodable { var href: String; var filename: String }
    struct Event: Encodable { var at: String; var label: String; var who: String; var unit: String; var note: String }
    struct SimilarRow: Encodable {
        var trackingNumber: String
        var href: String
        var excerpt: String
        var score: String
        var near: Bool
        var stateLabel: String
    }

    /// One step's form: its name (the URL's last segment), label and which fields it asks for.
    struct StepForm: Encodable {
        var name: String
        var label: String
        var action: String
        var fields: [String]
        var danger: Bool
    }

    static func fields(_ step: RequestStepName) -> [String] {
        switch step {
        case .dispatch: ["unit", "coUnits", "note"]
        case .return, .redo, .unreasonable: ["reason"]
        case .uphold, .rejectReply, .sendBack: ["noteRequired"]
        case .reply: ["text"]
        case .callback: ["callback", "note"]
        case .merge: ["into"]
        case .`extension`: ["reason", "newDue"]
        case .sign, .approve, .accept, .close, .approveExtension, .refuseExtension: ["note"]
        }
    }

    static func eventLabel(_ step: String) -> String {
        if let s = RequestStep(rawValue: step) { return s.label }
        return switch step {
        case "intake": "受理"
        case "extend": "申请延期"
        case "extensionApproved": "同意延期"
        case "extensionRefused": "不同意延期"
        case "unreasonable": "标记无理诉求"
        case "remind": "临期提醒"
        case "overdue": "超期催办"
        case "escalate": "转督办"
        case "link": "关联"
        case "photo": "照片"
        default: step
        }
    }
}

/// 三率排名 with its definitions, lists and table.
struct RankingPage: Encodable {
    var shell: WebShell
    var month: String
    var monthLabel: String
    var months: [ChoiceOption]
    var weights: String
    var lines: [Line]
    var red: [Line]
    var black: [Line]
    var xlsxHref: String
    var definitions: [Definition]
    struct Line: Encodable {
        var place: Int
        var unit: String
        var href: String
        var score: String
        var dispatched: Int
        var response: String
        var resolution: String
        var satisfaction: String
        var onTime: String
        var returns: String
        var redo: String
        var unreasonable: Int
    }
    struct Definition: Encodable { var name: String; var text: String }

    static let definitions: [Definition] = [
        .init(name: "响应率", text: "在签收时限内签收的工单 ÷ 签收时限已到或已签收的工单。"),
        .init(name: "解决率", text: "（已解决 + 部分解决 × 0.5）÷ 已回访的工单。"),
        .init(name: "满意率", text: "（非常满意 + 满意 + 基本满意 × 0.5）÷ 已回访的工单。"),
        .init(name: "按时办结率", text: "在办理时限（含批准的延期）内答复的工单 ÷ 已答复或已超期的工单。"),
        .init(name: "回退率", text: "退单次数 ÷ 派给本单位的工单。"),
        .init(name: "重办率", text: "回访后重办过的工单 ÷ 已回访的工单。"),
        .init(name: "综合得分", text: "响应率、解决率、满意率按当年权重加权（默认 10 : 45 : 45），满分 100；尚无可计数的工单的一项按满分计。"),
        .init(name: "统计口径", text: "按派单月份统计主办单位的工单；热线认定的无理诉求不计入。"),
    ]
}

/// One unit's month, request by request: where it loses points.
struct UnitScorePage: Encodable {
    var shell: WebShell
    var unit: String
    var monthLabel: String
    var score: String
    var rows: [Row]
    var backHref: String
    struct Row: Encodable {
        var trackingNumber: String
        var href: String
        var excerpt: String
        var losses: [String]
        var counted: Bool
    }
}

/// 诉求聚类: recurring requests that could become next year's projects.
struct ClustersPage: Encodable {
    var shell: WebShell
    var months: Int
    var clusters: [Cluster]
    var proposeAction: String
    var nextYear: Int
    struct Cluster: Encodable {
        var index: Int
        var category: String
        var categoryCode: String
        var place: String
        var example: String
        var count: Int
        var trend: String
        var byMonth: String
        var members: String
        var candidate: String?
    }
}

/// The platform export's import form and its report.
struct RequestImportPage: Encodable {
    var shell: WebShell
    var action: String
    var report: RequestImport.Report?
    var error: String?
}

/// 诉求设置 (admin): limits, weights, routing rules, categories.
struct RequestSettingsPage: Encodable {
    var shell: WebShell
    var limitsAction: String
    var rulesAction: String
    var categoriesAction: String
    var limits: [Field]
    var weights: [Field]
    var year: Int
    var rules: [Rule]
    var units: [ChoiceOption]
    var categories: [ChoiceOption]
    /// The refusals, one sentence each (the template lists them).
    var errors: [String]
    struct Field: Encodable { var name: String; var label: String; var value: String }
    struct Rule: Encodable { var category: String; var area: String; var lead: String; var coUnits: String; var deleteAction: String }
}

/// 候选项目库: candidate projects proposed from clusters, by year, with their requests.
struct CandidatePoolPage: Encodable {
    var shell: WebShell
    var candidates: [Candidate]
    var clustersHref: String
    struct Candidate: Encodable {
        var title: String
        var year: Int
        var category: String
        var place: String
        var requestCount: Int
        var proposedOn: String
        var requests: [PageLink]
    }
}
