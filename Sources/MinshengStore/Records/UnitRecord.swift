import FluentKit
import Foundation
import MinshengCore

/// A government unit (单位), one record per real unit however many ways it is written.
package final class UnitRecord: Model, @unchecked Sendable {
    package static let schema = "units"

    @ID(key: .id) package var id: UUID?
    /// The canonical name, e.g. 市住房和城乡建设局.
    @Field(key: "name") package var name: String

    @Children(for: \.$unit) package var aliases: [UnitAliasRecord]

    package init() {}
    package init(name: String) { self.name = name }
}

/// Another spelling of a unit (e.g. 市住房城乡建设局 for 市住房和城乡建设局). The canonical
/// name is stored as an alias too, so lookups need only this table.
package final class UnitAliasRecord: Model, @unchecked Sendable {
    package static let schema = "unit_aliases"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "unit_id") package var unit: UnitRecord
    @Field(key: "alias") package var alias: String

    package init() {}
    package init(unitID: UUID, alias: String) {
        self.$unit.id = unitID
        self.alias = alias
    }
}

extension UnitRecord {
    /// The unit as Core values carry it: its id, and its name for display.
    package var ref: UnitRef { UnitRef(id: UnitID(id!), name: name) }
}

extension EntityID where Entity == UnitRef {
    /// The id of a unit a stored report names but no unit bears any more (display only; it
    /// matches no unit, so Core's rules never take it for one).
    package static let unrecorded = UnitID(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
}
