/// Substring tests on UTF-8 bytes. Foundation's `contains(_:)` goes through CFString and costs
/// about 40% of a parse when used per line and per heading; these are plain byte scans.
extension String {
    /// Whether `word` occurs in this string.
    func includes(_ word: String) -> Bool {
        var haystack = self
        var needle = word
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard n.count <= h.count else { return false }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count, h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Whether any of `words` occurs in this string.
    func includesAny(_ words: [String]) -> Bool { words.contains { includes($0) } }
}

extension String {
    /// A string from Unicode scalars, encoded in one pass (appending to a
    /// `String.UnicodeScalarView` scalar by scalar is several times slower).
    init(scalars: some Collection<Unicode.Scalar>) {
        if let slice = scalars as? ArraySlice<Unicode.Scalar> {
            self = slice.withUnsafeBufferPointer { String(scalarBuffer: $0) }
        } else if let array = scalars as? [Unicode.Scalar] {
            self = array.withUnsafeBufferPointer { String(scalarBuffer: $0) }
        } else {
            self = Array(scalars).withUnsafeBufferPointer { String(scalarBuffer: $0) }
        }
    }

    private init(scalarBuffer scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        var capacity = 0
        for scalar in scalars {
            let v = scalar.value
            capacity += v < 0x80 ? 1 : (v < 0x800 ? 2 : (v < 0x10000 ? 3 : 4))
        }
        guard capacity > 0 else { self = ""; return }
        self = String(unsafeUninitializedCapacity: capacity) { buffer in
            var i = 0
            for scalar in scalars {
                let v = scalar.value
                if v < 0x80 {
                    buffer[i] = UInt8(v); i += 1
                } else if v < 0x800 {
                    buffer[i] = UInt8(0xC0 | (v >> 6)); buffer[i + 1] = UInt8(0x80 | (v & 0x3F)); i += 2
                } else if v < 0x10000 {
                    buffer[i] = UInt8(0xE0 | (v >> 12)); buffer[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                    buffer[i + 2] = UInt8(0x80 | (v & 0x3F)); i += 3
                } else {
                    buffer[i] = UInt8(0xF0 | (v >> 18)); buffer[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                    buffer[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F)); buffer[i + 3] = UInt8(0x80 | (v & 0x3F)); i += 4
                }
            }
            return i
        }
    }
}
