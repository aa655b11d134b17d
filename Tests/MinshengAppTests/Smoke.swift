import Testing
@testable import MinshengApp
@Test func smoke() { #expect(true) }
