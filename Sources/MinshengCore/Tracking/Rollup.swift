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
        case .leadUnit: keys = commitment.leadUnits
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

/// Roll-ups (汇总统计) over commitments; pure functions over a list of entries.
public enum Rollup {
    /// Rows by a dimension, in order of each key's first appearance in `entries`.
    ///
    /// Example: by `.leadUnit` over three commitments led by 市民政局, 市城管局, 市民政局 →
    /// rows 市民政局 (2), 市城管局 (1).
    public static func rows(_ entries: [RollupEntry], by dimension: RollupDimension) -> [RollupRow] {
        rows(entries, keys: dimension.keys(of:))
    }

    /// Rows by any grouping; an entry counts once under each of its keys.
    public static func rows(_ entries: [RollupEntry], keys: (Commitment) -> [String]) -> [RollupRow] {
        var order: [String] = []
        var groups: [String: [RollupEntry]] = [:]
        for entry in entries {
            var seen: Set<String> = []
            for key in keys(entry.commitment) where seen.insert(key).inserted {
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(entry)
            }
        }
        return order.map { row(key: $0, groups[$0] ?? []) }
    }

    /// One row over all entries (合计).
    public static func total(_ entries: [RollupEntry], key: String = "") -> RollupRow {
        row(key: key, entries)
    }

    private static func row(key: String, _ entries: [RollupEntry]) -> RollupRow {
        var counts = HealthCounts()
        for entry in entries { counts[entry.status.health] += 1 }
        let n = Double(max(entries.count, 1))
        return RollupRow(
            key: key, commitments: entries.count, counts: counts,
            meanActual: entries.isEmpty ? 0 : entries.map(\.status.actual).reduce(0, +) / n,
            meanExpected: entries.isEmpty ? 0 : entries.map(\.status.expected).reduce(0, +) / n,
            lateReports: entries.map(\.status.lateReports).reduce(0, +),
            missingReports: entries.map(\.status.missingPeriods.count).reduce(0, +))
    }
}
