import Foundation
import MinshengCore

/// The district map drawn as a plain SVG (no map tiles, nothing fetched) for the citizens' form.
extension DistrictMap {
    /// The map as SVG, `width` wide: longitude scaled by cos(latitude) so shapes keep their
    /// proportions. The root carries the bounds (`data-south` …) so that a script can turn a tap
    /// back into coordinates; each district is a `path` with `data-district`.
    func svg(width: Double = 360) -> String {
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
