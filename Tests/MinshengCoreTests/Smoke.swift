import Testing
@testable import MinshengCore
@Test func smoke() { #expect(true) }
