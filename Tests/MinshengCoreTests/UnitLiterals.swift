import Foundation
import MinshengCore

// Tests name units by literal (`leadUnits: ["市城管局"]`, `Principal(role: .clerk, unit: "市城管局")`):
// a literal's id is derived from its name, so one literal is one unit across a test. A test
// convenience only: the App builds every `UnitRef` from a stored id. Tests of identity build
// `UnitRef(id:name:)` with distinct ids explicitly.

extension EntityID where Entity == UnitRef {
    /// A stable id derived from `name` (FNV-1a over its UTF-8, twice seeded).
    static func named(_ name: String) -> UnitID {
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return h
        }
        let a = fnv(0xcbf29ce484222325), b = fnv(0x84222325cbf29ce4)
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i)); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i)) }
        return UnitID(UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                                  bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])))
    }
}

extension EntityID: ExpressibleByUnicodeScalarLiteral where Entity == UnitRef {}
extension EntityID: ExpressibleByExtendedGraphemeClusterLiteral where Entity == UnitRef {}
extension EntityID: ExpressibleByStringLiteral where Entity == UnitRef {
    public init(stringLiteral name: String) { self = .named(name) }
}

extension UnitRef: ExpressibleByUnicodeScalarLiteral {}
extension UnitRef: ExpressibleByExtendedGraphemeClusterLiteral {}
extension UnitRef: ExpressibleByStringLiteral {
    public init(stringLiteral name: String) { self.init(id: .named(name), name: name) }
}
