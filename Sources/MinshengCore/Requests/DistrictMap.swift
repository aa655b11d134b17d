import Foundation

/// The city's districts as outlines in WGS84, drawn as a plain SVG (no map tiles, nothing
/// fetched): on the citizens' form a tap on the map gives coordinates and the district, which the
/// routing rules use. Example: `DistrictMap(name: "示范市", districts: [.init(name: "东湖区",
/// outline: [(30.30, 120.20), (30.30, 120.30), (30.20, 120.30)])]).svg()`.
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

    /// The map as SVG, `width` wide: longitude scaled by cos(latitude) so shapes keep their
    /// proportions. The root carries the bounds (`data-south` …) so that a script can turn a tap
    /// back into coordinates; each district is a `path` with `data-district`.
    public func svg(width: Double = 360) -> String {
        guard let b = bounds, b.north > b.south, b.east > b.west else { return "" }
        let k = cos((b.north + b.south) / 2 * .pi / 180)
        let height = width * (b.north - b.south) / ((b.east - b.west) * k)
        func x(_ long: Double) -> Double { (long - b.west) / (b.east - b.west) * width }
        func y(_ lat: Double) -> Double { (b.north - lat) / (b.north - b.south) * height }
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" class="district-map" role="img" viewBox="0 0 \#(SVG.number(width)) \#(SVG.number(height))""#
        out += #" data-south="\#(b.south)" data-west="\#(b.west)" data-north="\#(b.north)" data-east="\#(b.east)">"#
        out += "<title>\(SVG.escape(name))：点选位置</title>"
        let colours = ["#e3f2fd", "#e8f5e9", "#fff8e1", "#fce4ec", "#ede7f6", "#e0f7fa"]
        for (i, d) in districts.enumerated() {
            let points = d.outline.filter { $0.count == 2 }
            guard let first = points.first else { continue }
            var path = "M\(SVG.number(x(first[1]))),\(SVG.number(y(first[0])))"
            for p in points.dropFirst() { path += "L\(SVG.number(x(p[1]))),\(SVG.number(y(p[0])))" }
            out += ##"<path d="\##(path)Z" fill="\##(colours[i % colours.count])" stroke="#555" stroke-width="1" data-district="\##(SVG.escape(d.name))"><title>\##(SVG.escape(d.name))</title></path>"##
            let cy = points.map { y($0[0]) }.reduce(0, +) / Double(points.count)
            let cx = points.map { x($0[1]) }.reduce(0, +) / Double(points.count)
            out += #"<text x="\#(SVG.number(cx))" y="\#(SVG.number(cy))" text-anchor="middle" font-size="14" pointer-events="none">\#(SVG.escape(d.name))</text>"#
        }
        return out + "</svg>"
    }
}
