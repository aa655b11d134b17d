import Foundation
import MinshengCore
import Vapor

/// The portal's three views: simplified Chinese (the default), traditional Chinese (the same
/// pages, converted on the server by ICU's Hans-Hant transform, which keeps word-level choices
/// such as 头发 → 頭髮 but 皇后 → 皇后), and English for the static wording (names of plans,
/// commitments and units stay as the government published them).
enum PortalLanguage: String, Sendable, CaseIterable {
    case hans = "zh-Hans", hant = "zh-Hant", en

    static let cookie = "minsheng_lang"

    /// `?lang=` first (and remembered in a cookie by ``remember(_:on:)``), then the cookie.
    static func of(_ req: Request) -> PortalLanguage {
        if let asked = (try? req.query.get(String.self, at: "lang")).flatMap(PortalLanguage.init(rawValue:)) { return asked }
        return req.cookies[cookie].flatMap { PortalLanguage(rawValue: $0.string) } ?? .hans
    }

    /// Keeps an explicit `?lang=` for the next pages.
    static func remember(_ req: Request, on response: Response) {
        guard let asked = (try? req.query.get(String.self, at: "lang")).flatMap(PortalLanguage.init(rawValue:)) else { return }
        response.cookies[cookie] = HTTPCookies.Value(string: asked.rawValue, maxAge: 365 * 86_400, path: "/", isHTTPOnly: true,
                                                      sameSite: .lax)
    }

    /// The finished page in this view: traditional converts the whole page once (the result is kept).
    func finish(_ html: String) -> String {
        guard self == .hant else { return html }
        return html.applyingTransform(StringTransform("Hans-Hant"), reverse: false) ?? html
    }

    var words: PortalWords { self == .en ? .english : .chinese }
}

extension PortalWords {
    func health(_ h: Health) -> String {
        switch h {
        case .done: done
        case .green: green
        case .yellow: yellow
        case .red: red
        }
    }
}

/// The portal's static wording, in Chinese and English. Traditional Chinese is the Chinese
/// converted, so it has no table of its own.
struct PortalWords: Encodable, Sendable {
    var site: String, home: String, plans: String, progress: String, newRequest: String, lookup: String
    var rankings: String, openData: String, staff: String, language: String
    var commitment: String, number: String, leaders: String, leadUnits: String, supportUnits: String
    var investment: String, expected: String, actual: String, status: String, deadline: String
    var history: String, month: String, percent: String, narrative: String, noReports: String
    var requestsAbout: String, requestsOpen: String, requestsClosed: String
    var done: String, green: String, yellow: String, red: String, tasks: String, footer: String
    var objection: String, objectionHint: String, answers: String

    static let chinese = PortalWords(
        site: "民生实事公开", home: "首页", plans: "民生实事计划", progress: "月度进展公示", newRequest: "我要留言",
        lookup: "办理进度查询", rankings: "诉求办理三率", openData: "开放数据", staff: "工作人员登录", language: "语言",
        commitment: "民生实事项目", number: "序号", leaders: "牵头领导", leadUnits: "牵头单位", supportUnits: "责任单位",
        investment: "计划投资", expected: "序时进度", actual: "实际进度", status: "状态", deadline: "完成时限",
        history: "月度进展", month: "月份", percent: "累计进度", narrative: "工作进展", noReports: "尚无公开的月度进展。",
        requestsAbout: "相关群众诉求", requestsOpen: "办理中", requestsClosed: "已办结",
        done: "已完成", green: "正常推进", yellow: "滞后", red: "严重滞后", tasks: "项", footer: "数据以各责任单位月度报送为准，个人信息不予公开。",
        objection: "对本月进展提出异议", objectionHint: "公示期内，您可以对已公示的进展提出异议，我们会转牵头单位核实并公开答复。",
        answers: "异议与答复")

    static let english = PortalWords(
        site: "Livelihood commitments, in public", home: "Home", plans: "Plans", progress: "Monthly progress",
        newRequest: "Report a problem", lookup: "Track a request", rankings: "Request handling by unit", openData: "Open data",
        staff: "Staff sign-in", language: "Language",
        commitment: "Commitment", number: "No.", leaders: "Lead officials", leadUnits: "Lead units", supportUnits: "Co-units",
        investment: "Planned investment", expected: "Expected by now", actual: "Actual", status: "Status", deadline: "Deadline",
        history: "Monthly progress", month: "Month", percent: "Cumulative progress", narrative: "Work done", noReports: "No progress published yet.",
        requestsAbout: "Citizens' requests about it", requestsOpen: "in progress", requestsClosed: "closed",
        done: "Done", green: "On track", yellow: "Behind", red: "Far behind", tasks: "items",
        footer: "Figures as reported monthly by the responsible units. No personal data is published.",
        objection: "Object to this month's progress", objectionHint: "While a month is open for objections you may dispute it; the lead unit checks and the answer is published.",
        answers: "Objections and answers")
}
