import Foundation

/// One question a service asks beyond the standard fields (Open311 GeoReport v2 "attribute" of a
/// service definition): `灯杆编号` for 路灯照明, `发生时段` for 噪声扰民. Admins keep them per
/// category; a request answers them as `attribute[CODE]`.
public struct ServiceAttribute: Sendable, Equatable, Codable {
    /// GeoReport's datatypes.
    public enum Datatype: String, Sendable, Codable, CaseIterable {
        case string, number, datetime, text, singlevaluelist, multivaluelist
    }

    /// One allowed answer of a list attribute: `key` is what clients send, `name` what people read.
    public struct Value: Sendable, Equatable, Codable {
        public var key: String
        public var name: String
        public init(key: String, name: String) { self.key = key; self.name = name }
    }

    public var code: String
    public var datatype: Datatype
    public var required: Bool
    /// The question as people read it (`description` in GeoReport).
    public var description: String
    public var order: Int
    public var values: [Value]

    public init(code: String, datatype: Datatype, required: Bool, description: String, order: Int, values: [Value] = []) {
        self.code = code
        self.datatype = datatype
        self.required = required
        self.description = description
        self.order = order
        self.values = values
    }
}

/// The rules of Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2>) that do not depend
/// on HTTP: how our states read as `open`/`closed`, which attribute answers are missing or wrong,
/// and the window a `GET requests` covers.
public enum GeoReport {
    /// GeoReport has two statuses; everything before 办结 or 并单 is open.
    public static func status(of state: RequestState) -> String {
        switch state {
        case .closed, .merged: "closed"
        default: "open"
        }
    }

    /// Attribute code → problem for the answers given (`attribute[CODE]` → values). A required
    /// attribute without an answer is `.blank`; a list answer that is not one of its keys, a number
    /// that is not one, or an answer to an attribute the service does not have is `.unknown`.
    public static func attributeProblems(_ definition: [ServiceAttribute], answers: [String: [String]])
        -> [String: RequestProblem] {
        var out: [String: RequestProblem] = [:]
        let byCode = Dictionary(definition.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for attribute in definition {
            let given = (answers[attribute.code] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
            if given.isEmpty {
                if attribute.required { out[attribute.code] = .blank }
                continue
            }
            switch attribute.datatype {
            case .singlevaluelist, .multivaluelist:
                let keys = Set(attribute.values.map(\.key))
                if let wrong = given.first(where: { !keys.contains($0) }) { out[attribute.code] = .unknown(wrong) }
                else if attribute.datatype == .singlevaluelist && given.count > 1 { out[attribute.code] = .unknown(given.joined(separator: ",")) }
            case .number:
                if let wrong = given.first(where: { Double($0) == nil }) { out[attribute.code] = .unknown(wrong) }
            case .string, .text, .datetime:
                if given.contains(where: { $0.count > maxAnswer }) { out[attribute.code] = .tooLong(max: maxAnswer) }
            }
        }
        for code in answers.keys where byCode[code] == nil { out[code] = .unknown(code) }
        return out
    }

    /// The longest answer to one attribute, in characters.
    public static let maxAnswer = 1_000

    /// The longest window one `GET requests` may ask for, and the one it gets when it names none.
    public static let defaultWindowDays = 90
    /// The most requests one `GET requests` returns.
    public static let maxRequests = 1_000

    /// The `requested_datetime` window of a `GET requests`: both bounds given → as given (at most
    /// 90 days, else nil); only one → 90 days from or to it; none → the 90 days up to `now`.
    public static func window(start: Date?, end: Date?, now: Date) -> ClosedRange<Date>? {
        let span = TimeInterval(defaultWindowDays * 86_400)
        switch (start, end) {
        case let (s?, e?): return s <= e && e.timeIntervalSince(s) <= span ? s...e : nil
        case let (s?, nil): return s...s.addingTimeInterval(span)
        case let (nil, e?): return e.addingTimeInterval(-span)...e
        case (nil, nil): return now.addingTimeInterval(-span)...now
        }
    }
}

/// Coordinates from Chinese map apps. Maps published in China (高德, 腾讯, and 百度 before its own
/// offset) use GCJ-02, an obfuscated shift of WGS84 by up to a few hundred metres; Open311 wants
/// WGS84. The shift is the published GCJ-02 formula (Krasovsky 1940 ellipsoid); the inverse has
/// no closed form, so it is found by fixed-point iteration to well under a metre.
public enum ChinaCoordinates {
    /// Whether a point lies in the rough box where GCJ-02 applies (outside it, both systems agree).
    public static func isInChina(lat: Double, long: Double) -> Bool {
        (72.004...137.8347).contains(long) && (0.8293...55.8271).contains(lat)
    }

    /// WGS84 → GCJ-02.
    public static func gcj02(fromWGS84 lat: Double, _ long: Double) -> (lat: Double, long: Double) {
        guard isInChina(lat: lat, long: long) else { return (lat, long) }
        let (dLat, dLong) = delta(lat: lat, long: long)
        return (lat + dLat, long + dLong)
    }

    /// GCJ-02 → WGS84, iterating until the forward shift of the estimate lands on the input.
    public static func wgs84(fromGCJ02 lat: Double, _ long: Double) -> (lat: Double, long: Double) {
        guard isInChina(lat: lat, long: long) else { return (lat, long) }
        var estimate = (lat: lat, long: long)
        for _ in 0..<30 {
            let forward = gcj02(fromWGS84: estimate.lat, estimate.long)
            let (eLat, eLong) = (forward.lat - lat, forward.long - long)
            estimate = (estimate.lat - eLat, estimate.long - eLong)
            if abs(eLat) < 1e-10 && abs(eLong) < 1e-10 { break }
        }
        return estimate
    }

    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943_23

    private static func delta(lat: Double, long: Double) -> (Double, Double) {
        let x = long - 105.0, y = lat - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLong = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLong += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLong += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLong += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLong = (dLong * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLong)
    }
}
