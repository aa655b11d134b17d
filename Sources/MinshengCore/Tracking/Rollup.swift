import Foundation

/// What a roll-up groups by (汇总维度).
public enum RollupDimension: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// 按计划: key is the plan id (`uuidString`).
    case plan
    /// 按领域 / 篇章: key is the section heading.
    case section
    /// 按牵头单位.
    case leadUnit
    /// 按牵头领导.
    case leader
    /// 按区县.
    case district

    /// The keys a commitment falls under; a commitment with two leaders counts under each.
    /// A commitment with no key for the dimension (no leader named, city-wide) falls under "".
    public func keys(of commitment: Commitment) -> [String] {
        let keys: [String]
        switch self {
        case .plan: keys = [commitment.planID.uuidString]
        case .section: keys = [commitment.section]
        case .leadUnit: keys = commitment.leadUnits.names
        case .leader: keys = commitment.leaders
        case .district: keys = commitment.districts
        }
        var seen: Set<String> = []
        let unique = keys.filter { seen.insert($0).inserted }
        return unique.isEmpty ? [""] : unique
    }
}

/// One commitment with its status, the input of a roll-up.
public struct RollupEntry: Sendable, Equatable {
    /// The commitment.
    public var commitment: Commitment
    /// Its status on the day of the roll-up.
    public var status: CommitmentStatus

    /// An entry.
    public init(commitment: Commitment, status: CommitmentStatus) {
        self.commitment = commitment
        self.status = status
    }
}

/// Counts per colour (各色数量), e.g. 3 done, 8 green, 2 yellow, 1 red.
public struct HealthCounts: Sendable, Equatable, Hashable, Codable {
    /// 已完成.
    public var done: Int
    /// 绿色.
    public var green: Int
    /// 黄色预警.
    public var yellow: Int
    /// 红色预警.
    public var red: Int

    /// Counts.
    public init(done: Int = 0, green: Int = 0, yellow: Int = 0, red: Int = 0) {
        self.done = done
        self.green = green
        self.yellow = yellow
        self.red = red
    }

    /// The count of one colour.
    public subscript(health: Health) -> Int {
        get {
            switch health {
            case .done: done
            case .green: green
            case .yellow: yellow
            case .red: red
            }
        }
        set {
            switch health {
            case .done: done = newValue
            case .green: green = newValue
            case .yellow: yellow = newValue
            case .red: red = newValue
            }
        }
    }

    /// All four added.
    public var total: Int { done + green + yellow + red }
}

/// One row of a roll-up (汇总行): a key and what its commitments add up to.
///
/// Example: 市城管局 — 4 commitments, 1 done, 2 green, 1 red; mean actual 61.5 vs expected 70.2; 1 late report.
public struct RollupRow: Sendable, Equatable, Codable {
    /// The group's key (unit, leader, section…); "" for commitments without one.
    public var key: String
    /// How many commitments.
    public var commitments: Int
    /// Counts per colour.
    public var counts: HealthCounts
    /// Mean actual percent, 0 for an empty group.
    public var meanActual: Double
    /// Mean expected percent, 0 for an empty group.
    public var meanExpected: Double
    /// Late consolidated reports in total.
    public var lateReports: Int
    /// Missing monthly reports in total.
    public var missingReports: Int

    /// A row.
    public init(key: String, commitments: Int, counts: HealthCounts, meanActual: Double, meanExpected: Double,
                lateReports: Int, missingReports: Int) {
        self.key = key
        self.commitments = commitments
        self.counts = counts
        self.meanActual = meanActual
        self.meanExpected = meanExpected
        self.lateReports = lateReports
        self.missingReports = missingReports
    }
}

/// What a roll-up adds up about one commitment: its colour, progress and reports. A Core
/// ``RollupEntry`` is one; so is any row a page or an export keeps (the App's plan view), so that
/// every total, breakdown and ranking is this one computation.
public protocol RollupInput {
    /// The commitment's colour today.
    var rollupHealth: Health { get }
    /// Actual percent (unrounded).
    var rollupActual: Double { get }
    /// Expected percent today (unrounded).
    var rollupExpected: Double { get }
    /// Late consolidated reports.
    var rollupLateReports: Int { get }
    /// Months owed and not reported.
    var rollupMissingReports: Int { get }
}

extension RollupEntry: RollupInput {
    public var rollupHealth: Health { status.health }
    public var rollupActual: Double { status.actual }
    public var rollupExpected: Double { status.expected }
    public var rollupLateReports: Int { status.lateReports }
    public var rollupMissingReports: Int { status.missingPeriods.count }
}

/// Roll-ups (汇总统计) over commitments; pure functions over a list of entries.
public enum Rollup {
    /// Rows by a dimension, in order of each key's first appearance in `entries`.
    ///
    /// Example: by `.leadUnit` over three commitments led by 市民政局, 市城管局, 市民政局 →
    /// rows 市民政局 (2), 市城管局 (1).
    public static func rows(_ entries: [RollupEntry], by dimension: RollupDimension) -> [RollupRow] {
        rows(entries, keys: { dimension.keys(of: $0.commitment) })
    }

    /// Rows by any grouping of the commitments.
    public static func rows(_ entries: [RollupEntry], keys: (Commitment) -> [String]) -> [RollupRow] {
        rows(entries, keys: { (entry: RollupEntry) in keys(entry.commitment) })
    }

    /// One row over all entries (合计).
    public static func total(_ entries: [RollupEntry], key: String = "") -> RollupRow {
        row(key: key, entries)
    }

    /// Rows by any grouping; an input counts once under each of its keys.
    public static func rows<Input: RollupInput>(_ inputs: [Input], keys: (Input) -> [String]) -> [RollupRow] {
        var order: [String] = []
        var groups: [String: [Input]] = [:]
        for input in inputs {
            var seen: Set<String> = []
            for key in keys(input) where seen.insert(key).inserted {
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(input)
            }
        }
        return order.map { row(key: $0, groups[$0] ?? []) }
    }

    /// One row over all inputs (合计), of any kind.
    public static func total<Input: RollupInput>(_ inputs: [Input], key: String = "") -> RollupRow {
        row(key: key, inputs)
    }

    private static func row<Input: RollupInput>(key: String, _ inputs: [Input]) -> RollupRow {
        var counts = HealthCounts()
        for input in inputs { counts[input.rollupHealth] += 1 }
        let n = Double(max(inputs.count, 1))
        return RollupRow(
            key: key, commitments: inputs.count, counts: counts,
            meanActual: inputs.isEmpty ? 0 : inputs.map(\.rollupActual).reduce(0, +) / n,
            meanExpected: inputs.isEmpty ? 0 : inputs.map(\.rollupExpected).reduce(0, +) / n,
            lateReports: inputs.map(\.rollupLateReports).reduce(0, +),
            missingReports: inputs.map(\.rollupMissingReports).reduce(0, +))
    }

    /// Units ranked for a bulletin (通报排名): by progress against schedule (mean actual minus
    /// mean expected, higher first), then fewer red commitments, then fewer late or missing
    /// reports (`late` by key, as the bulletin counts them), then by name. Returns the rows in
    /// rank order; rank = index + 1.
    ///
    /// Example: 市民政局 +3.0 and 市城管局 −5.2 → 市民政局 first.
    public static func ranked(_ rows: [RollupRow], late: [String: Int] = [:]) -> [RollupRow] {
        rows.sorted { x, y in
            let gx = x.meanActual - x.meanExpected, gy = y.meanActual - y.meanExpected
            if abs(gx - gy) > 1e-9 { return gx > gy }
            if x.counts.red != y.counts.red { return x.counts.red < y.counts.red }
            let lx = late[x.key] ?? 0, ly = late[y.key] ?? 0
            if lx != ly { return lx < ly }
            return x.key < y.key
        }
    }
}
