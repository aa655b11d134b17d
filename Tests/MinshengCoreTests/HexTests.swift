import Foundation
import Testing
@testable import MinshengCore

@Suite struct HexTests {
    @Test func bytesAsLowercaseHex() {
        #expect(Hex.string([UInt8]()) == "")
        #expect(Hex.string([0x00]) == "00")
        #expect(Hex.string([0x0f, 0xf0, 0xab]) == "0ff0ab")
        // every byte, against the formatted text it replaces
        let all = (0...255).map(UInt8.init)
        #expect(Hex.string(all) == all.map { String(format: "%02x", $0) }.joined())
    }
}
