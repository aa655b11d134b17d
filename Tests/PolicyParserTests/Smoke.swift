import Testing
@testable import PolicyParser
@Test func smoke() { #expect(true) }
