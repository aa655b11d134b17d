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
        response.cookies[cookie] = HTTPCookies.Value(string: asked.rawValue, maxAge: 365 * 86_400, path: "/",
                                                      isSecure: req.application.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    /// The finished page in this view: traditional converts the whole page once (the result is kept).
    func finish(_ html: String) -> String {
        guard self == .hant else { return html }
        return html.applyingTransform(StringTransform("Hans-Hant"), reverse: false) ?? html
    }

    var words: PortalWords { self == .en ? .english : .chinese }

    /// A portal page that is not kept (a form, a lookup, an error): rendered, finished in this
    /// language, never stored by a browser or proxy (it may hold a CSRF token or a citizen's request).
    func page(_ req: Request, _ template: String, _ context: some Encodable & Sendable, status: HTTPStatus = .ok) async throws -> Response {
        let view = try await req.view.render(template, context).get()
        let response = Response(status: status, body: .init(string: finish(String(buffer: view.data))))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        PortalLanguage.remember(req, on: response)
        return response
    }
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
    /// The forms' and tables' wording.
    var f: FormWords

    struct FormWords: Encodable, Sendable {
        var intro: String
        var fixThese: String
        var honeypot: String
        var category: String
        var choose: String
        var text: String
        var address: String
        var mapHint: String
        var coordinates: String
        var lat: String
        var long: String
        var photos: String
        var keepLocation: String
        var name: String
        var phone: String
        var submit: String
        var ticket: String
        var history: String
        var answer: String
        var rate: String
        var solved: String
        var satisfied: String
        var note: String
        var sendRating: String
        var askAgain: String
        var askUntil: String
        var whatIsLeft: String
        var find: String
        var number: String
        var last4: String
        var objectionUntil: String
        var objectionText: String
        var objectionPhone: String
        var sendObjection: String
        var dataIntro: String
        var field: String
        var meaning: String
        var type: String
        var archive: String
        var cases: String
        var responseRate: String
        var resolutionRate: String
        var satisfactionRate: String
        var score: String
    }

    static let chinese = PortalWords(
        site: "民生实事公开", home: "首页", plans: "民生实事计划", progress: "月度进展公示", newRequest: "我要留言",
        lookup: "办理进度查询", rankings: "诉求办理三率", openData: "开放数据", staff: "工作人员登录", language: "语言",
        commitment: "民生实事项目", number: "序号", leaders: "牵头领导", leadUnits: "牵头单位", supportUnits: "责任单位",
        investment: "计划投资", expected: "序时进度", actual: "实际进度", status: "状态", deadline: "完成时限",
        history: "月度进展", month: "月份", percent: "累计进度", narrative: "工作进展", noReports: "尚无公开的月度进展。",
        requestsAbout: "相关群众诉求", requestsOpen: "办理中", requestsClosed: "已办结",
        done: "已完成", green: "正常推进", yellow: "滞后", red: "严重滞后", tasks: "项", footer: "数据以各责任单位月度报送为准，个人信息不予公开。",
        objection: "对本月进展提出异议", objectionHint: "公示期内，您可以对已公示的进展提出异议，我们会转牵头单位核实并公开答复。",
        answers: "异议与答复",
        f: FormWords(
            intro: "请如实填写。您的姓名和电话只用于办理和回访，不会公开。紧急情况请直接拨打 110、119、120。",
            fixThese: "请修改以下内容：",
            honeypot: "网址（请勿填写）",
            category: "诉求分类",
            choose: "请选择",
            text: "诉求内容",
            address: "地点（地址）",
            mapHint: "或在地图上点选位置：",
            coordinates: "坐标（WGS84，可选；点选地图自动填写）",
            lat: "纬度",
            long: "经度",
            photos: "照片（可选，最多3张，每张不超过10MB）",
            keepLocation: "使用照片中的拍摄位置作为诉求地点（不勾选则删除照片中的位置信息）",
            name: "称呼（可选）",
            phone: "手机号码（用于接收工单号和查询进度）",
            submit: "提交",
            ticket: "工单",
            history: "办理经过",
            answer: "答复",
            rate: "评价答复",
            solved: "问题是否解决",
            satisfied: "是否满意",
            note: "补充说明（可选）",
            sendRating: "提交评价",
            askAgain: "申请重新办理",
            askUntil: "前可以申请。",
            whatIsLeft: "还有什么没有解决",
            find: "查询",
            number: "工单号",
            last4: "手机号码后四位",
            objectionUntil: "公示期至",
            objectionText: "异议内容（哪里与实际不符）",
            objectionPhone: "手机号码（用于查询答复，不公开）",
            sendObjection: "提交异议",
            dataIntro: "以下数据可自由下载和使用，地址固定，格式为 CSV（UTF-8）、JSON 和 Excel（xlsx）。数据不含任何个人信息。",
            field: "字段",
            meaning: "说明",
            type: "类型",
            archive: "按月存档（CSV）",
            cases: "件",
            responseRate: "响应率",
            resolutionRate: "解决率",
            satisfactionRate: "满意率",
            score: "综合"))

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
        answers: "Objections and answers",
        f: FormWords(
            intro: "Please describe the problem as it is. Your name and phone are used only to handle it and call you back, never published. In an emergency call 110, 119 or 120.",
            fixThese: "Please correct the following:",
            honeypot: "Website (leave empty)",
            category: "Category",
            choose: "Choose",
            text: "What is the problem",
            address: "Place (address)",
            mapHint: "Or tap the place on the map:",
            coordinates: "Coordinates (WGS84, optional; filled by a tap on the map)",
            lat: "Latitude",
            long: "Longitude",
            photos: "Photos (optional, up to 3, 10 MB each)",
            keepLocation: "Use the place stored in the photo as the request's place (otherwise it is removed from the photo)",
            name: "Your name (optional)",
            phone: "Mobile number (for the tracking number and to follow the request)",
            submit: "Send",
            ticket: "Request",
            history: "What has been done",
            answer: "Answer",
            rate: "Rate the answer",
            solved: "Was the problem solved?",
            satisfied: "Are you satisfied?",
            note: "Anything to add (optional)",
            sendRating: "Send rating",
            askAgain: "Ask for it to be handled again",
            askUntil: "is the last day to ask.",
            whatIsLeft: "What is still not solved",
            find: "Look up",
            number: "Tracking number",
            last4: "Last four digits of the phone",
            objectionUntil: "Open for objections until",
            objectionText: "Your objection (what does not match)",
            objectionPhone: "Mobile number (to read the answer; not published)",
            sendObjection: "Send objection",
            dataIntro: "These data may be downloaded and used freely, at fixed addresses, as CSV (UTF-8), JSON and Excel (xlsx). They contain no personal data.",
            field: "Field",
            meaning: "Meaning",
            type: "Type",
            archive: "Monthly archive (CSV)",
            cases: "Requests",
            responseRate: "Response rate",
            resolutionRate: "Resolution rate",
            satisfactionRate: "Satisfaction rate",
            score: "Score"))
}
