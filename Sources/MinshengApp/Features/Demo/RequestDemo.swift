import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// The demo's citizens' requests: routing rules for the demo units, and a handful of requests
/// taken and moved through the loop by the demo users, so that every page has something to show.
/// Written by us; names and phones are invented (示例).
struct RequestDemo {
    let loader: DemoLoader

    /// Category prefix → lead unit (and co-units), by the demo units' names.
    static let rules: [(String, String, [String])] = [
        ("01", "市住房城乡建设局", []), ("0101", "市城管局", []), ("0103", "市城管局", ["示范供电公司"]),
        ("0104", "市水务局", []), ("0107", "市城管局", []), ("02", "市生态环境局", []), ("0204", "市城管局", []),
        ("03", "市交通运输局", []), ("0301", "市公交集团", []), ("0303", "市公安局", []), ("04", "市人力资源社会保障局", []),
        ("0403", "市民政局", []), ("0404", "市民政局", []), ("05", "市教育局", []), ("0504", "市体育局", []),
        ("06", "市卫生健康委", []), ("0602", "市医保局", ["市卫生健康委"]), ("07", "市市场监管局", []),
        ("08", "市住房城乡建设局", []), ("09", "市公安局", []), ("10", "市农业农村局", []), ("11", "市数据局", []),
    ]

    /// (kind, category, text, street, how far along the loop)
    static let requests: [(RequestKind, String, String, String, Int)] = [
        (.complaint, "0601", "示范市人民医院门诊挂号排队时间过长，希望增加自助挂号机。", "东城街道", 0),
        (.help, "0601", "社区卫生服务中心周末不开门，老人看病不方便。", "西城街道", 1),
        (.complaint, "0103", "滨江路路灯连续一周不亮，夜间行人不安全。", "滨江街道", 2),
        (.consult, "0602", "异地就医备案怎么办理？需要哪些材料？", "南湖街道", 3),
        (.suggestion, "0601", "建议在城北镇卫生院增设儿科门诊。", "城北镇", 4),
        (.help, "0104", "新华小区停水两天，没有提前通知。", "新华街道", 5),
        (.complaint, "0201", "夜间工地施工噪声扰民，影响休息。", "北关街道", 1),
    ]

    /// Loads the demo requests into a database without any (a demo reset keeps those already there).
    func load() async throws {
        let db = loader.db
        guard try await CitizenRequestRecord.query(on: db).count() == 0,
              try await RoutingRuleRecord.query(on: db).count() == 0 else { return }
        let units = Dictionary(try await UnitRecord.query(on: db).all().map { ($0.name, $0.id!) }, uniquingKeysWith: { a, _ in a })
        try await loader.app.writeContext().commit { tx in
            for (prefix, lead, co) in Self.rules {
                guard let leadID = units[lead] else { continue }
                let rule = RoutingRuleRecord()
                rule.categoryPrefix = prefix
                rule.district = ""
                rule.street = ""
                rule.$leadUnit.id = leadID
                rule.coUnitIDs = co.compactMap { units[$0]?.uuidString }.joined(separator: ",")
                try await rule.create(on: tx.db)
            }
            try await tx.audit(.requestRoutingRule, .routingRule, nil, after: ["demo": String(Self.rules.count)])
        }
        let users = Dictionary(try await UserRecord.query(on: db).filter(\.$isDemo == true).all().map { ($0.name, $0) },
                               uniquingKeysWith: { a, _ in a })
        func ctx(_ name: String) -> WriteContext {
            loader.app.writeContext(actor: users[name].map { AuditLog.Actor($0) } ?? .system)
        }
        for (index, item) in Self.requests.enumerated() {
            var intake = RequestActions.Intake(channel: .hotline)
            intake.kind = item.0.rawValue
            intake.categoryCode = item.1
            intake.text = item.2
            intake.street = item.3
            intake.district = "示范区"
            intake.requesterName = ["王示例", "李示例", "张示例", "赵示例", "陈示例", "刘示例", "周示例"][index]
            intake.requesterPhone = String(format: "1380000%04d", index + 1)
            intake.confidential = index == 1
            let r = try await RequestActions.take(intake, in: ctx("hotline")).request
            let stage = item.4
            guard stage >= 1 else { continue }
            try await RequestActions.dispatch(r, unitID: nil, coUnitIDs: [], note: "", in: ctx("hotline"))
            guard stage >= 2 else { continue }
            try await RequestActions.signFor(r, in: ctx("clerk"))
            guard stage >= 3 else { continue }
            try await RequestActions.draftReply(r, text: "已安排专人核实处理，详见办理情况。", in: ctx("clerk"))
            guard stage >= 4 else { continue }
            try await RequestActions.decideReply(r, approve: true, note: "", in: ctx("unitleader"))
            guard stage >= 5 else { continue }
            try await RequestActions.review(r, accept: true, note: "", in: ctx("hotline"))
            try await RequestActions.callBack(r, resolution: Resolution.solved.rawValue, satisfaction: Satisfaction.satisfied.rawValue,
                                              note: "", in: ctx("hotline"))
            try await RequestActions.close(r, note: "", in: ctx("hotline"))
        }
    }
}
