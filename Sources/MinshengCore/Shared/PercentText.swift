import Foundation

/// The one way a percentage is written, on pages and in the texts the system drafts (督办事项),
/// so that a notice never says 100% where the page it came from says 99.7%.
public enum PercentText {
    /// One decimal, trailing zero dropped: `99.66` → `99.7%`, `60` → `60%`, `19.96` → `20%`.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return "\(Int64(tenths / 10))%" }
        return String(format: "%.1f%%", tenths / 10)
    }
}
