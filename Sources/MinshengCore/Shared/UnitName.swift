import Foundation

/// How unit names (单位名称) are compared: documents, forms and people spell one unit several
/// ways, and the official short forms follow fixed rules (《党政机关公文处理工作条例》 uses the
/// 规范化简称 of each body). Two names are taken for the same unit when their keys agree.
public enum UnitName {
    /// The standard short forms of the words in unit names, longest first, as the State Council's
    /// and the provinces' documents abbreviate them: 卫生健康 → 卫健 (市卫生健康委 = 市卫健委),
    /// 住房城乡建设 → 住建, 人力资源社会保障 → 人社, 发展改革 → 发改, 市场监督管理 → 市场监管,
    /// 文化广电旅游 → 文广旅, 城市管理 → 城管, 交通运输 → 交通, 教育体育 → 教体, 工业信息化 → 工信,
    /// 退役军人事务 → 退役军人, 应急管理 → 应急, 医疗保障 → 医保, 政务服务管理 → 政务服务.
    /// A short form not derivable from these is recorded as an alias of its unit (单位管理).
    public static let shortForms: [(long: String, short: String)] = [
        ("人力资源社会保障", "人社"), ("文化广电旅游", "文广旅"), ("住房城乡建设", "住建"), ("市场监督管理", "市场监管"),
        ("退役军人事务", "退役军人"), ("政务服务管理", "政务服务"), ("工业信息化", "工信"), ("卫生健康", "卫健"),
        ("发展改革", "发改"), ("城市管理", "城管"), ("交通运输", "交通"), ("教育体育", "教体"), ("应急管理", "应急"),
        ("医疗保障", "医保"),
    ]

    /// The comparison key of a unit name: spaces dropped, the conjunction 和 dropped
    /// (市住房和城乡建设局 → 市住房城乡建设局), 委员会 → 委, then the ``shortForms``.
    ///
    /// Example: 市卫生健康委员会, 市卫生健康委 and 市卫健委 all give 市卫健委.
    public static func matchKey(_ name: String) -> String {
        var key = name.filter { !$0.isWhitespace }
        key = key.replacingOccurrences(of: "和", with: "")
        key = key.replacingOccurrences(of: "委员会", with: "委")
        for (long, short) in shortForms { key = key.replacingOccurrences(of: long, with: short) }
        return key
    }

    /// The names among `candidates` closest to `name`, best first, for a "did you mean" list: by
    /// the share of character pairs their ``matchKey(_:)``s have in common (Dice coefficient),
    /// keeping those at or above `threshold`, at most `limit`.
    ///
    /// Example: 市卫生健康局 among [市卫生健康委, 市教育局, 市民政局] → [市卫生健康委];
    /// 市教育厅 → [市教育局].
    public static func closeMatches(_ name: String, among candidates: [String], limit: Int = 5,
                                    threshold: Double = 0.4) -> [String] {
        func pairs(_ text: String) -> [String: Int] {
            let chars = Array(matchKey(text))
            var out: [String: Int] = [:]
            if chars.count == 1 { out[String(chars)] = 1 }
            for i in chars.indices.dropLast() { out[String(chars[i...(i + 1)]), default: 0] += 1 }
            return out
        }
        let mine = pairs(name)
        let total = mine.values.reduce(0, +)
        guard total > 0 else { return [] }
        let scored = candidates.compactMap { candidate -> (String, Double)? in
            let theirs = pairs(candidate)
            let shared = mine.reduce(0) { $0 + min($1.value, theirs[$1.key] ?? 0) }
            let score = 2 * Double(shared) / Double(total + theirs.values.reduce(0, +))
            return score >= threshold ? (candidate, score) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }
}
