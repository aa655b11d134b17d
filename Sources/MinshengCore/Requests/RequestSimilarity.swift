import Foundation

/// Similar requests without a model: character bigrams of the text (Dice coefficient), the same
/// category, and nearness in place (metres between WGS84 points, or the same street).
public enum RequestSimilarity {
    /// The text's character bigrams, punctuation and spaces removed (single characters for a
    /// one-character text).
    public static func bigrams(_ text: String) -> Set<String> {
        let chars = text.unicodeScalars.filter {
            !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.punctuationCharacters.contains($0)
                && !CharacterSet.symbols.contains($0)
        }.map(Character.init)
        guard chars.count > 1 else { return Set(chars.map { String($0) }) }
        var out = Set<String>()
        for i in 0..<(chars.count - 1) { out.insert(String([chars[i], chars[i + 1]])) }
        return out
    }

    /// Dice coefficient of two bigram sets, 0…1.
    public static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    /// Great-circle distance in metres between two WGS84 points.
    public static func metres(_ a: (lat: Double, long: Double), _ b: (lat: Double, long: Double)) -> Double {
        let r = 6_371_000.0
        let p1 = a.lat * .pi / 180, p2 = b.lat * .pi / 180
        let dp = (b.lat - a.lat) * .pi / 180, dl = (b.long - a.long) * .pi / 180
        let h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    /// What is compared of a request.
    public struct Item: Sendable, Equatable {
        public var id: UUID
        public var category: String
        public var text: String
        public var street: String?
        public var lat: Double?
        public var long: Double?
        public var received: CivilDate

        public init(id: UUID, category: String, text: String, street: String?, lat: Double?, long: Double?, received: CivilDate) {
            self.id = id
            self.category = category
            self.text = text
            self.street = street
            self.lat = lat
            self.long = long
            self.received = received
        }

        /// Near in place: within `metres` when both have points, else the same (non-blank) street.
        func isNear(_ other: Item, metres limit: Double) -> Bool {
            if let la = lat, let lo = long, let lb = other.lat, let lob = other.long {
                return RequestSimilarity.metres((la, lo), (lb, lob)) <= limit
            }
            guard let s = street, !s.isEmpty else { return false }
            return s == other.street
        }
    }

    /// A possible duplicate and how alike it is.
    public struct Match: Sendable, Equatable {
        public var id: UUID
        public var textScore: Double
        public var near: Bool
    }

    /// Open requests like `item`: the same category, and text alike (≥ `threshold`) or near in
    /// place with some text in common (≥ `threshold` / 2); best first, at most `limit`.
    public static func duplicates(of item: Item, among candidates: [Item], threshold: Double = 0.4,
                                  metres: Double = 500, limit: Int = 5) -> [Match] {
        let grams = bigrams(item.text)
        return candidates.compactMap { c -> Match? in
            guard c.id != item.id, c.category == item.category else { return nil }
            let score = dice(grams, bigrams(c.text))
            let near = item.isNear(c, metres: metres)
            guard score >= threshold || (near && score >= threshold / 2) else { return nil }
            return Match(id: c.id, textScore: score, near: near)
        }
        .sorted { ($0.near ? 1 : 0, $0.textScore) > ($1.near ? 1 : 0, $1.textScore) }
        .prefix(limit).map { $0 }
    }

    /// A group of similar requests (一类问题).
    public struct Cluster: Sendable, Equatable {
        public var category: String
        public var place: String
        /// The first request's text, as the cluster's example.
        public var example: String
        public var members: [UUID]
        /// Requests per month, oldest first.
        public var byMonth: [YearMonth: Int]
    }

    /// Groups requests of one category and place (street, else 未注明) whose texts are alike
    /// (each joins the first cluster whose example it resembles by ≥ `threshold`); clusters of at
    /// least `minimum`, the largest first.
    public static func clusters(_ items: [Item], threshold: Double = 0.35, minimum: Int = 3) -> [Cluster] {
        struct Open { var cluster: Cluster; var grams: Set<String> }
        var groups: [String: [Open]] = [:]
        for item in items.sorted(by: { $0.received < $1.received }) {
            let place = (item.street?.isEmpty == false ? item.street! : "未注明")
            let key = item.category + "\u{1F}" + place
            let grams = bigrams(item.text)
            var open = groups[key] ?? []
            if let i = open.firstIndex(where: { dice($0.grams, grams) >= threshold }) {
                open[i].cluster.members.append(item.id)
                open[i].cluster.byMonth[item.received.yearMonth, default: 0] += 1
            } else {
                open.append(Open(cluster: Cluster(category: item.category, place: place, example: item.text,
                                                  members: [item.id], byMonth: [item.received.yearMonth: 1]),
                                 grams: grams))
            }
            groups[key] = open
        }
        return groups.values.flatMap { $0.map(\.cluster) }.filter { $0.members.count >= minimum }
            .sorted { ($0.members.count, $1.example) > ($1.members.count, $0.example) }
    }
}
