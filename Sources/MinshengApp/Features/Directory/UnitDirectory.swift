import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// Finds or creates the one unit record behind a written unit name.
///
/// Plans spell the same unit in several ways. An exact alias match wins (the alias table, which an
/// admin extends on the units page); otherwise two names are taken for the same unit when they
/// agree after the abbreviations official documents use for unit names are undone: dropping the
/// conjunction 和 (市住房和城乡建设局 → 市住房城乡建设局), 委员会 → 委 (市发展和改革委员会 →
/// 市发展改革委) and the standard short forms (市卫生健康委 = 市卫健委; see `UnitName`). Anything
/// else is merged by hand (`POST /api/v1/units/merge`).
struct UnitDirectory {
    let db: any Database
    private var byAlias: [String: UUID] = [:]
    private var byKey: [String: UUID] = [:]

    /// Loads every alias once; imports resolve many names.
    static func load(on db: any Database) async throws -> UnitDirectory {
        var directory = UnitDirectory(db: db)
        for alias in try await UnitAliasRecord.query(on: db).all() {
            directory.byAlias[alias.alias] = alias.$unit.id
            directory.byKey[matchKey(alias.alias)] = directory.byKey[matchKey(alias.alias)] ?? alias.$unit.id
        }
        return directory
    }

    private init(db: any Database) { self.db = db }

    /// The comparison key of a unit name (Core's ``UnitName/matchKey(_:)``: 和 and 委员会 undone,
    /// the standard short forms applied, so 市卫健委 finds 市卫生健康委).
    static func matchKey(_ name: String) -> String { UnitName.matchKey(name) }

    /// The unit `name` already stands for (by alias, else by key); nil when it is new.
    func existing(_ rawName: String) -> UUID? {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        return byAlias[name] ?? byKey[Self.matchKey(name)]
    }

    /// The unit for `name`, created (with `name` as its first alias) when none matches; a new
    /// spelling of a known unit is added as an alias.
    mutating func resolve(_ rawName: String) async throws -> UUID {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = byAlias[name] { return id }
        let key = Self.matchKey(name)
        if let id = byKey[key] {
            try await UnitAliasRecord(unitID: id, alias: name).create(on: db)
            byAlias[name] = id
            return id
        }
        let unit = UnitRecord(name: name)
        try await unit.create(on: db)
        let id = try unit.requireID()
        try await UnitAliasRecord(unitID: id, alias: name).create(on: db)
        byAlias[name] = id
        byKey[key] = id
        return id
    }
}

/// Finds or creates leaders by exact name.
struct LeaderDirectory {
    let db: any Database
    private var byName: [String: UUID] = [:]

    static func load(on db: any Database) async throws -> LeaderDirectory {
        var directory = LeaderDirectory(db: db)
        for leader in try await LeaderRecord.query(on: db).all() {
            directory.byName[leader.name] = leader.id
        }
        return directory
    }

    private init(db: any Database) { self.db = db }

    mutating func resolve(_ rawName: String) async throws -> UUID {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = byName[name] { return id }
        let leader = LeaderRecord(name: name)
        try await leader.create(on: db)
        let id = try leader.requireID()
        byName[name] = id
        return id
    }
}
