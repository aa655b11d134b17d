import Foundation
import MinshengCore

// Page-context tests build rows without a database: `UnitRef.named("市民政局")` gives a unit whose
// id is derived from its name, so one name is one unit across a test. A test convenience only
// (no literal conformance here, so a comparison with stored units cannot silently go by name).

extension UnitRef {
    /// A unit with an id derived from `name` (FNV-1a over its UTF-8, two seeds).
    static func named(_ name: String) -> UnitRef {
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return h
        }
        let a = fnv(0xcbf29ce484222325), b = fnv(0x84222325cbf29ce4)
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i)); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i)) }
        let id = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                             bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return UnitRef(id: UnitID(id), name: name)
    }
}
