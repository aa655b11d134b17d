import Foundation
import MinshengCore
import PolicyParser

/// A generated plan of N commitments for benchmarks (合成演示计划), clearly labelled as demo data.
///
/// Deterministic: the same count, year and seed give the same plan. Sections of up to 20
/// commitments, each with a title, a lead unit, support units, a leader, districts and one to
/// three targets with different operators, all six
/// operators appearing across the plan.
///
/// Example: `SyntheticPlan(commitments: 1000, year: 2026).parsed.items.count == 1000`.
struct SyntheticPlan: Sendable, Equatable {
    /// The plan as the parser would give it (import it through the same path as a document).
    var parsed: ParsedPlan
    /// The same plan written as a document in the genre (numbered, responsibility in parentheses).
    var text: String
    /// The districts of each commitment, by item number (the parser does not read districts).
    var districts: [String: [String]]

    /// The title prefix marking the plan as generated.
    static let titlePrefix = "【演示】"

    private static let sections = ["教育提质", "健康服务", "养老托育", "住房保障", "交通出行", "城市更新",
                                   "生态环境", "就业增收", "文化体育", "平安建设"]
    private static let facilities = ["社区服务中心", "口袋公园", "公共厕所", "养老服务站", "托育点", "停车泊位",
                                     "充电桩", "健身步道", "老旧小区", "供水管网", "学校食堂", "卫生服务站"]
    private static let verbs = ["新建", "改造提升", "建成", "完善", "新增"]
    private static let units = ["市教育局", "市卫生健康委", "市民政局", "市住房城乡建设局", "市交通运输局",
                                "市城管局", "市生态环境局", "市人力资源社会保障局", "市文化广电旅游局", "市公安局",
                                "市水务局", "市自然资源局", "市商务局", "市市场监管局"]
    private static let leaders = ["林海", "周明远", "陈思齐", "王立新", "赵文博", "孙晓岚"]
    /// The fictional districts of 示范市.
    static let districtNames = ["湖滨区", "新港区", "云岭区", "丰乐区", "高新区"]

    /// Generates a plan of `count` commitments for `year`.
    init(commitments count: Int, year: Int = 2026, seed: UInt64 = 7) {
        var random = DemoRandom(seed: seed)
        let title = "\(Self.titlePrefix)\(year)年示范市民生实事合成计划(\(count)项)"
        var items: [ParsedItem] = []
        var lines = [title]
        var districts: [String: [String]] = [:]
        let perSection = 20
        for index in 0..<max(0, count) {
            let sectionIndex = index / perSection
            let sectionName = Self.sections[sectionIndex % Self.sections.count]
                + (sectionIndex >= Self.sections.count ? "(\(sectionIndex / Self.sections.count + 1))" : "")
            if index % perSection == 0 {
                lines.append("\(ChineseNumber.text(sectionIndex + 1))、\(sectionName)")
            }
            let facility = Self.facilities.randomElement(using: &random)!
            let verb = Self.verbs.randomElement(using: &random)!
            let district = Self.districtNames.randomElement(using: &random)!
            let itemTitle = "\(district)\(facility)\(verb)工程(第\(index + 1)项)"
            let lead = Self.units.randomElement(using: &random)!
            let support = Array(Set((0..<Int.random(in: 0...2, using: &random))
                .map { _ in Self.units.randomElement(using: &random)! }).subtracting([lead])).sorted()
                + ["各区政府"]
            let leader = Self.leaders.randomElement(using: &random)!
            var targets: [ParsedTarget] = []
            var sentences: [String] = []
            let ops = TargetOp.allCases.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))
            for (t, op) in ops.enumerated() {
                let metric = "\(facility)\(["数量", "覆盖率", "服务人次"][t % 3])"
                switch op {
                case .atLeast:
                    let v = Double(Int.random(in: 10...500, using: &random))
                    targets.append(ParsedTarget(metric: metric, value: v, unit: "个", op: op, by: "\(year)"))
                    sentences.append("\(verb)\(facility)\(Int(v))个以上")
                case .equal:
                    let v = Double(Int.random(in: 2...300, using: &random))
                    targets.append(ParsedTarget(metric: metric, value: v, unit: "个", op: op, by: "\(year)"))
                    sentences.append("\(verb)\(facility)\(Int(v))个")
                case .about:
                    let v = Double(Int.random(in: 20...90, using: &random) * 100)
                    targets.append(ParsedTarget(metric: metric, value: v, unit: "人次", op: op, by: "\(year)"))
                    sentences.append("服务群众约\(Int(v))人次")
                case .atMost:
                    let v = Double(Int.random(in: 1...9, using: &random))
                    targets.append(ParsedTarget(metric: "投诉率", value: v, unit: "%", op: op, by: "\(year)", baseline: v * 2))
                    sentences.append("投诉率控制在\(Int(v))%以内")
                case .increaseBy:
                    let v = Double(Int.random(in: 2...10, using: &random))
                    targets.append(ParsedTarget(metric: "\(facility)覆盖率", value: v, unit: "个百分点", op: op, by: "\(year)", baseline: 60))
                    sentences.append("\(facility)覆盖率提高\(Int(v))个百分点")
                case .decreaseBy:
                    let v = Double(Int.random(in: 5...20, using: &random))
                    targets.append(ParsedTarget(metric: "平均办理时长", value: v, unit: "%", op: op, by: "\(year)", baseline: 30))
                    sentences.append("平均办理时长下降\(Int(v))%")
                }
            }
            let number = "\(ChineseNumber.text(sectionIndex + 1)).\(index + 1)"
            let body = "\(itemTitle)。\(sentences.joined(separator: ";"))。"
            lines.append("\(index + 1).\(body)(牵头领导:\(leader);牵头单位:\(lead);责任单位:\(support.joined(separator: "、")))")
            items.append(ParsedItem(kind: .task, number: number, section: sectionName, title: itemTitle, text: body,
                                    leaders: [leader], leadUnits: [lead], supportUnits: support, targets: targets,
                                    deadline: "\(year)", lines: LineRange(from: lines.count, to: lines.count)))
            districts[number] = [district]
        }
        parsed = ParsedPlan(source: "synthetic-\(count).txt", title: title, documentNumber: nil,
                            period: YearSpan(from: year, to: year), items: items)
        lines.append("(本文件为系统生成的演示数据,不是真实政策文件。)")
        text = lines.joined(separator: "\n") + "\n"
        self.districts = districts
    }
}

/// Chinese numerals for headings (中文序号), 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
enum ChineseNumber {
    private static let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// The numeral for 1…9999 (and "零" for 0); larger numbers are written in Arabic digits.
    static func text(_ n: Int) -> String {
        guard n > 0 else { return "零" }
        guard n < 10000 else { return String(n) }
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        let units = [(1000, "千"), (100, "百"), (10, "十")]
        var result = ""
        var rest = n
        var pendingZero = false
        for (size, name) in units {
            let d = rest / size
            if d > 0 {
                if pendingZero { result += "零" }
                result += digits[d] + name
                pendingZero = false
            } else if !result.isEmpty {
                pendingZero = true
            }
            rest %= size
        }
        if rest > 0 { result += (pendingZero ? "零" : "") + digits[rest] }
        return result
    }
}
