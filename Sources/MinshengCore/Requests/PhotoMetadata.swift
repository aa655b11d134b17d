import Foundation

/// What a photo carries besides the picture: a phone's JPEG holds EXIF (camera, time, often the
/// place it was taken), a PNG may hold `eXIf` and text chunks. Citizens' photos are stored
/// without any of it; the place is read first, so that the request can keep it where the
/// citizen agrees. GIF and WebP are stored as they come (phones do not write EXIF into them).
public enum PhotoMetadata {
    public struct Cleaned: Sendable, Equatable {
        public var bytes: [UInt8]
        /// The GPS position from the EXIF, WGS84, if there was one.
        public var location: (lat: Double, long: Double)?

        public static func == (a: Cleaned, b: Cleaned) -> Bool {
            a.bytes == b.bytes && a.location?.lat == b.location?.lat && a.location?.long == b.location?.long
        }
    }

    /// The photo without metadata segments; unknown or damaged files come back unchanged.
    public static func strip(_ bytes: [UInt8]) -> Cleaned {
        if bytes.starts(with: [0xFF, 0xD8]) { return stripJPEG(bytes) }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return Cleaned(bytes: stripPNG(bytes), location: nil) }
        return Cleaned(bytes: bytes, location: nil)
    }

    /// Drops APP1 (EXIF, XMP), APP2–APP15 but ICC's APP2, and comments; keeps APP0 (JFIF) and
    /// everything from the image data on.
    static func stripJPEG(_ bytes: [UInt8]) -> Cleaned {
        var out: [UInt8] = [0xFF, 0xD8]
        var location: (Double, Double)?
        var i = 2
        while i + 4 <= bytes.count {
            guard bytes[i] == 0xFF else { return Cleaned(bytes: bytes, location: nil) }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue } // fill byte
            // Start of scan: the rest is image data (and the end marker).
            if marker == 0xDA { out.append(contentsOf: bytes[i...]); return Cleaned(bytes: out, location: location) }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 2, i + 2 + length <= bytes.count else { return Cleaned(bytes: bytes, location: nil) }
            let segment = bytes[i..<(i + 2 + length)]
            let payload = Array(bytes[(i + 4)..<(i + 2 + length)])
            let isICC = marker == 0xE2 && payload.starts(with: Array("ICC_PROFILE".utf8))
            if marker == 0xE1, payload.starts(with: Array("Exif".utf8) + [0, 0]) {
                location = location ?? gps(inTIFF: Array(payload.dropFirst(6)))
            }
            let drop = marker == 0xFE || (0xE1...0xEF).contains(marker) && !isICC
            if !drop { out.append(contentsOf: segment) }
            i += 2 + length
        }
        return Cleaned(bytes: bytes, location: nil)
    }

    /// Drops `eXIf`, `tEXt`, `zTXt`, `iTXt` and `tIME` chunks.
    static func stripPNG(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(bytes.prefix(8))
        var i = 8
        let dropped: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]
        while i + 12 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 0, i + 12 + length <= bytes.count else { return bytes }
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            if !dropped.contains(type) { out.append(contentsOf: bytes[i..<(i + 12 + length)]) }
            i += 12 + length
            if type == "IEND" { return out }
        }
        return bytes
    }

    /// The GPS position in an EXIF TIFF block: IFD0's GPS pointer (0x8825), then latitude
    /// (0x0001 ref, 0x0002 three rationals) and longitude (0x0003, 0x0004).
    static func gps(inTIFF t: [UInt8]) -> (Double, Double)? {
        guard t.count >= 8 else { return nil }
        let little = t[0] == 0x49 && t[1] == 0x49
        guard little || (t[0] == 0x4D && t[1] == 0x4D) else { return nil }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= t.count else { return nil }
            return little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])
        }
        func u32(_ o: Int) -> Int? {
            guard o >= 0, o + 4 <= t.count else { return nil }
            let b = (0..<4).map { Int(t[o + $0]) }
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
        }
        func entries(_ ifd: Int) -> [Int: Int] { // tag → offset of its entry
            guard let count = u16(ifd), count < 1_000 else { return [:] }
            var out: [Int: Int] = [:]
            for k in 0..<count { let e = ifd + 2 + k * 12; if let tag = u16(e) { out[tag] = e } }
            return out
        }
        guard let ifd0 = u32(4), let pointer = entries(ifd0)[0x8825], let gpsIFD = u32(pointer + 8) else { return nil }
        let g = entries(gpsIFD)
        func ref(_ tag: Int) -> UInt8? { g[tag].flatMap { $0 + 8 < t.count ? t[$0 + 8] : nil } }
        func degrees(_ tag: Int) -> Double? {
            guard let e = g[tag], let at = u32(e + 8) else { return nil }
            var parts: [Double] = []
            for k in 0..<3 {
                guard let n = u32(at + k * 8), let d = u32(at + k * 8 + 4), d != 0 else { return nil }
                parts.append(Double(n) / Double(d))
            }
            return parts[0] + parts[1] / 60 + parts[2] / 3600
        }
        guard var lat = degrees(0x0002), var long = degrees(0x0004), lat <= 90, long <= 180 else { return nil }
        if ref(0x0001) == UInt8(ascii: "S") { lat = -lat }
        if ref(0x0003) == UInt8(ascii: "W") { long = -long }
        return (lat, long)
    }
}
