import Foundation

/// The city's districts as outlines in WGS84 (drawn as SVG by the App's Charts): on the citizens'
/// form a tap on the map gives coordinates and the district, which the routing rules use. Example:
/// `DistrictMap(name: "示范市", districts: [.init(name: "东湖区", outline: [(30.30, 120.20),
/// (30.30, 120.30), (30.20, 120.30)])]).district(lat: 30.25, long: 120.25)`.
public struct DistrictMap: Sendable, Equatable, Codable {
    public struct District: Sendable, Equatable, Codable {
        public var name: String
        /// Corners in order, `[lat, long]` each (GeoJSON keeps `[long, lat]`; this file does not).
        public var outline: [[Double]]

        public init(name: String, outline: [(Double, Double)]) {
            self.name = name
            self.outline = outline.map { [$0.0, $0.1] }
        }
    }

    public var name: String
    public var districts: [District]

    public init(name: String, districts: [District]) {
        self.name = name
        self.districts = districts
    }

    /// South-west and north-east corners of all outlines.
    public var bounds: (south: Double, west: Double, north: Double, east: Double)? {
        let points = districts.flatMap(\.outline).filter { $0.count == 2 }
        guard let first = points.first else { return nil }
        return points.reduce((first[0], first[1], first[0], first[1])) { b, p in
            (min(b.0, p[0]), min(b.1, p[1]), max(b.2, p[0]), max(b.3, p[1]))
        }
    }

    /// The district whose outline contains the point (ray casting), if any.
    public func district(lat: Double, long: Double) -> String? {
        districts.first { d in
            let p = d.outline.filter { $0.count == 2 }
            guard p.count >= 3 else { return false }
            var inside = false
            var j = p.count - 1
            for i in p.indices {
                let (yi, xi, yj, xj) = (p[i][0], p[i][1], p[j][0], p[j][1])
                if (yi > lat) != (yj > lat), long < (xj - xi) * (lat - yi) / (yj - yi) + xi { inside.toggle() }
                j = i
            }
            return inside
        }?.name
    }
}
