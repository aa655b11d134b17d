import Foundation

/// A typed identifier (实体标识): a UUID that knows what it identifies, so a unit's id cannot be
/// passed where a commitment's is expected. The App stores plain UUID columns and converts at the
/// record edge (`rawValue` into a query, `EntityID(record.id)` out of one).
///
/// Encodes and prints as the bare UUID, so JSON, links and audit entries are unchanged.
///
/// Example: `Commitment.ID(uuid)`; `UnitID(uuid) == commitment.id` does not compile.
public struct EntityID<Entity>: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    CustomStringConvertible, LosslessStringConvertible {
    /// The stored UUID.
    public let rawValue: UUID

    /// An identifier from its stored UUID.
    public init(rawValue: UUID) { self.rawValue = rawValue }

    /// An identifier from its stored UUID.
    public init(_ rawValue: UUID) { self.rawValue = rawValue }

    /// An identifier from its text form (a UUID string, any case); nil when it is not one.
    public init?(_ description: String) {
        guard let uuid = UUID(uuidString: description) else { return nil }
        self.rawValue = uuid
    }

    /// The UUID's text form, as `UUID.uuidString` prints it.
    public var description: String { rawValue.uuidString }

    /// `UUID.uuidString` of the stored UUID.
    public var uuidString: String { rawValue.uuidString }

    /// Orders like the UUIDs' text, so sorted ids are stable across runs.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue.uuidString < b.rawValue.uuidString }

    /// Decodes the bare UUID.
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(UUID.self)
    }

    /// Encodes the bare UUID.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Tags for entities Core knows only by identity (no Core value of their own yet).
public enum Entity {
    /// A staff account (用户).
    public enum User {}
    /// A supervision notice (督办单).
    public enum Notice {}
    /// A citizen's request (群众诉求).
    public enum CitizenRequest {}
}

/// A plan's id.
public typealias PlanID = EntityID<Plan>
/// A commitment's id.
public typealias CommitmentID = EntityID<Commitment>
/// A target's id (a commitment's 指标).
public typealias TargetID = EntityID<Target>
/// A unit's id (责任单位).
public typealias UnitID = EntityID<UnitRef>
/// A staff account's id.
public typealias UserID = EntityID<Entity.User>
/// A supervision notice's id.
public typealias NoticeID = EntityID<Entity.Notice>
/// A citizen request's id.
public typealias CitizenRequestID = EntityID<Entity.CitizenRequest>

/// A unit as Core values carry it (单位): its identity, and its name for display only. Rules
/// compare units by ``id``; two units may share a display name, and a renamed unit stays itself.
///
/// Example: `UnitRef(id: UnitID(uuid), name: "市城管局")`.
public struct UnitRef: Sendable, Hashable, Codable, Identifiable, CustomStringConvertible {
    /// The unit's identity.
    public var id: UnitID
    /// Its canonical name when the value was built (for display).
    public var name: String

    /// A unit reference.
    public init(id: UnitID, name: String) {
        self.id = id
        self.name = name
    }

    /// The display name.
    public var description: String { name }
}

extension Array where Element == UnitRef {
    /// The display names, in order.
    public var names: [String] { map(\.name) }

    /// Whether the unit with this id is in the list.
    public func contains(_ id: UnitID) -> Bool { contains { $0.id == id } }
}
