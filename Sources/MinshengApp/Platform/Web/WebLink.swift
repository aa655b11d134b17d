import Foundation

/// Links with their queries, printed through ``SitePath`` so a filter link is always one the list
/// understands.
enum WebLink {
    /// Percent-encodes a query value (Chinese included: a raw UTF-8 URL makes Vapor drop the
    /// connection, see MACHINE-NOTES).
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func query(_ pairs: [(String, String?)]) -> String {
        let parts = pairs.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : "\(k)=\(encode($0))" } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    /// The filtered commitment list.
    static func commitments(plan: UUID? = nil, health: String? = nil, unit: String? = nil, leader: String? = nil,
                            section: String? = nil, district: String? = nil, late: Bool = false) -> String {
        SitePath.commitments(query: [("plan", plan?.uuidString), ("health", health), ("unit", unit), ("leader", leader),
                                ("section", section), ("district", district), ("late", late ? "1" : nil)])
    }

    static func commitment(_ id: UUID) -> String { SitePath.commitment(id) }
    static func report(_ id: UUID, period: String? = nil) -> String { SitePath.report(id, query: [("period", period)]) }
    static func notice(_ id: UUID) -> String { SitePath.notice(id) }
    static func newNotice(commitment: UUID?) -> String { SitePath.newNotice(query: [("commitment", commitment?.uuidString)]) }
    static func bulletin(_ month: String) -> String { SitePath.bulletin(month) }
}
