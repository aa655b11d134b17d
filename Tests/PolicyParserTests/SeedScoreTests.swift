import Foundation
import Testing
@testable import PolicyParser

/// The parser on the five published seeds, scored against the hand-checked gold in
/// `../shared/corpus/gold` exactly as `corpus/score.py` scores it. Read at test time; skipped with
/// a message where the corpus is absent.
@Suite struct SeedScoreTests {
    static let corpus = TestDocuments.seedsDirectory.deletingLastPathComponent()
    static let goldDirectory = corpus.appendingPathComponent("gold")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: goldDirectory.path), "../shared/corpus is absent: seed scores not checked"))
    func seedsMeetTheIssueThresholds() throws {
        var total = SeedScore()
        for (name, text) in TestDocuments.seedTexts() {
            let goldURL = Self.goldDirectory.appendingPathComponent(name.replacingOccurrences(of: ".txt", with: ".json"))
            let gold = try JSONDecoder().decode(GoldPlan.self, from: Data(contentsOf: goldURL))
            let plan = PlanParser().parse(text: text, source: name)
            total.add(gold: gold.items, predicted: plan.items.map(GoldItem.init))
        }
        #expect(total.itemsGold > 200, "the five seeds hold 249 gold entries (tasks, and the goals pooled per document)")
        #expect(total.itemF1 >= 0.98, "item F1 \(total.itemF1)")
        #expect(total.leadAccuracy >= 0.97, "lead accuracy \(total.leadAccuracy)")
        #expect(total.supportAccuracy >= 0.93, "support accuracy \(total.supportAccuracy)")
        #expect(total.leadersAccuracy >= 0.97, "leaders accuracy \(total.leadersAccuracy)")
        #expect(total.targetF1 >= 0.93, "target F1 \(total.targetF1)")
        #expect(total.opAccuracy >= 0.93, "op accuracy \(total.opAccuracy)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: goldDirectory.path), "../shared/corpus is absent"))
    func seedTitlesAndDocumentNumbers() throws {
        for (name, text) in TestDocuments.seedTexts() {
            let goldURL = Self.goldDirectory.appendingPathComponent(name.replacingOccurrences(of: ".txt", with: ".json"))
            let gold = try JSONDecoder().decode(GoldPlan.self, from: Data(contentsOf: goldURL))
            let plan = PlanParser().parse(text: text, source: name)
            #expect(plan.title == gold.title, "\(name)")
            #expect(plan.documentNumber == gold.documentNumber, "\(name)")
        }
    }

    @Test func scorerMatchesTargetsByScaledValueAndUnitFamily() {
        // 5.8万人 and 58000人 are the same figure; 套(间) and 套 the same unit family.
        #expect(SeedScore.normalised(5.8, "万人") == SeedScore.normalised(58_000, "人"))
        #expect(SeedScore.normalised(3.05, "万套(间)") == SeedScore.normalised(30_500, "套"))
        #expect(SeedScore.normalised(5, "个百分点") != SeedScore.normalised(5, "%"))
    }
}

// MARK: - the scorer, ported from corpus/score.py

struct GoldPlan: Decodable {
    var title: String?
    var documentNumber: String?
    var items: [GoldItem]
}

struct GoldItem: Decodable {
    struct Target: Decodable { var value: Double?; var unit: String?; var op: String? }
    var kind: String?
    var number: String
    var leaders: [String]?
    var leadUnits: [String]?
    var supportUnits: [String]?
    var targets: [Target]?

    init(_ item: ParsedItem) {
        kind = item.kind.rawValue
        number = item.number
        leaders = item.leaders
        leadUnits = item.leadUnits
        supportUnits = item.supportUnits
        targets = item.targets.map { Target(value: $0.value, unit: $0.unit, op: $0.op.rawValue) }
    }

    var isGoal: Bool { kind == "goal" || number.hasPrefix("goal") }
}

struct SeedScore {
    var itemsGold = 0, itemsPredicted = 0, itemsMatched = 0
    var leadOK = 0, supportOK = 0, leadersOK = 0
    var targetsGold = 0, targetsPredicted = 0, targetsMatched = 0, opOK = 0

    static func f1(_ tp: Int, _ predicted: Int, _ gold: Int) -> Double {
        let p = predicted > 0 ? Double(tp) / Double(predicted) : (gold == 0 ? 1 : 0)
        let r = gold > 0 ? Double(tp) / Double(gold) : 1
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }

    var itemF1: Double { Self.f1(itemsMatched, itemsPredicted, itemsGold) }
    var targetF1: Double { Self.f1(targetsMatched, targetsPredicted, targetsGold) }
    var leadAccuracy: Double { Double(leadOK) / Double(max(itemsMatched, 1)) }
    var supportAccuracy: Double { Double(supportOK) / Double(max(itemsMatched, 1)) }
    var leadersAccuracy: Double { Double(leadersOK) / Double(max(itemsMatched, 1)) }
    var opAccuracy: Double { Double(opOK) / Double(max(targetsMatched, 1)) }

    /// Goal items pool into one entry; tasks are keyed by number (brackets normalised).
    static func index(_ items: [GoldItem]) -> [String: GoldItem] {
        var out: [String: GoldItem] = [:]
        for item in items where !item.isGoal {
            let key = item.number.filter { !$0.isWhitespace }.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")").replacingOccurrences(of: "．", with: ".")
            out[key] = item
        }
        let goals = items.filter(\.isGoal)
        if !goals.isEmpty {
            var pooled = GoldItem(ParsedItem(kind: .goal, number: "goal", title: "", lines: LineRange(from: 0, to: 0)))
            pooled.targets = goals.flatMap { $0.targets ?? [] }
            out["goal"] = pooled
        }
        return out
    }

    /// (value scaled by 万/亿, unit without bracketed alternatives and multiplier), as score.py's norm_unit.
    static func normalised(_ value: Double?, _ unit: String?) -> String? {
        guard let value else { return nil }
        var u = (unit ?? "").filter { !$0.isWhitespace }
        while let open = u.firstIndex(where: { $0 == "(" || $0 == "（" }),
              let close = u[open...].firstIndex(where: { $0 == ")" || $0 == "）" }) {
            u.removeSubrange(open...close)
        }
        var v = value
        let scalars = Array(u)
        if scalars.count > 1, let m = ["万": 1e4, "亿": 1e8][scalars[0]], scalars[1] != "分" {
            v *= m
            u = String(scalars.dropFirst())
        }
        return String(format: "%.6f|", v) + u
    }

    static func sortedUnits(_ xs: [String]?) -> [String] { (xs ?? []).map { $0.filter { !$0.isWhitespace } }.sorted() }

    mutating func add(gold: [GoldItem], predicted: [GoldItem]) {
        let g = Self.index(gold), p = Self.index(predicted)
        itemsGold += g.count
        itemsPredicted += p.count
        targetsGold += g.values.reduce(0) { $0 + ($1.targets?.count ?? 0) }
        targetsPredicted += p.values.reduce(0) { $0 + ($1.targets?.count ?? 0) }
        for (number, goldItem) in g {
            guard let predictedItem = p[number] else { continue }
            itemsMatched += 1
            if Self.sortedUnits(goldItem.leadUnits) == Self.sortedUnits(predictedItem.leadUnits) { leadOK += 1 }
            if Self.sortedUnits(goldItem.supportUnits) == Self.sortedUnits(predictedItem.supportUnits) { supportOK += 1 }
            if Self.sortedUnits(goldItem.leaders) == Self.sortedUnits(predictedItem.leaders) { leadersOK += 1 }
            var used = Set<Int>()
            for goldTarget in goldItem.targets ?? [] {
                guard let key = Self.normalised(goldTarget.value, goldTarget.unit) else { continue }
                for (j, predictedTarget) in (predictedItem.targets ?? []).enumerated() where !used.contains(j) {
                    if Self.normalised(predictedTarget.value, predictedTarget.unit) == key {
                        used.insert(j)
                        targetsMatched += 1
                        if goldTarget.op == predictedTarget.op { opOK += 1 }
                        break
                    }
                }
            }
        }
    }
}
