import Foundation
import ZIPFoundation

/// Reads a ZIP archive's directory with every offset and size checked against the bytes.
///
/// ZIPFoundation's `Archive` is not used for reading: its in-memory archive traps (a range with
/// lowerBound > upperBound in `Archive.MemoryFile.readData`) when a damaged header points past the
/// end, and its inflate loop spins forever on a deflate stream cut short (found by
/// `RobustnessTests.mutatedFixtureFilesThroughTheReader` and a longer fuzz run). A damaged upload
/// must end in ``DocumentReadError/corruptDocx(_:)``, not a crashed or hung server, so the
/// directory is walked here (end-of-central-directory record and its ZIP64 form, central headers,
/// local headers, the extent of every entry's data) and only ZIPFoundation's decompressor is used,
/// fed by a provider that stops at the entry's end.
enum ZipValidation {
    /// One file of the archive: where its bytes are and how they are stored.
    struct Entry {
        var path: String
        /// 0 stored, 8 deflate.
        var method: Int
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        /// Offset of the entry's (compressed) data in the archive.
        var dataStart: Int
    }

    /// The reason the archive is unsafe to open, or nil when its structure is within bounds.
    static func problem(in data: Data) -> String? {
        switch entries(in: [UInt8](data)) {
        case .success: return nil
        case let .failure(problem): return problem.reason
        }
    }

    /// Why the directory could not be read.
    struct Problem: Error {
        var reason: String
    }

    /// The archive's entries, or the first structural problem found.
    static func entries(in bytes: [UInt8]) -> Swift.Result<[Entry], Problem> {
        let count = bytes.count
        var found: [Entry] = []

        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= count else { return nil }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= count else { return nil }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        func u64(_ at: Int) -> Int? {
            guard let low = u32(at), let high = u32(at + 4), high < 0x7FFF_FFFF else { return nil }
            return low | high << 32
        }

        // End of central directory: the last signature within the final 64 KB + 22 bytes.
        var eocd: Int?
        var position = count - 22
        let lowest = max(0, count - 22 - 0xFFFF)
        while position >= lowest {
            if u32(position) == 0x0605_4B50 {
                eocd = position
                break
            }
            position -= 1
        }
        guard let eocd else { return .failure(Problem(reason: "找不到 ZIP 目录(文件可能已截断)")) }
        guard var entries = u16(eocd + 10), var directorySize = u32(eocd + 12), var directoryOffset = u32(eocd + 16) else {
            return .failure(Problem(reason: "ZIP 目录记录不完整"))
        }

        if entries == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the classic record.
            guard u32(eocd - 20) == 0x0706_4B50, let recordOffset = u64(eocd - 12),
                  u32(recordOffset) == 0x0606_4B50,
                  let entries64 = u64(recordOffset + 32), let size64 = u64(recordOffset + 40),
                  let offset64 = u64(recordOffset + 48) else {
                return .failure(Problem(reason: "ZIP64 目录记录损坏"))
            }
            entries = entries64
            directorySize = size64
            directoryOffset = offset64
        }
        guard directoryOffset + directorySize <= count else { return .failure(Problem(reason: "ZIP 目录超出文件范围")) }
        guard entries <= directorySize / 46 else { return .failure(Problem(reason: "ZIP 目录项数不符")) }

        var header = directoryOffset
        for _ in 0..<entries {
            guard u32(header) == 0x0201_4B50,
                  var compressed = u32(header + 20),
                  var uncompressed = u32(header + 24),
                  let nameLength = u16(header + 28),
                  let extraLength = u16(header + 30),
                  let commentLength = u16(header + 32),
                  var localOffset = u32(header + 42) else {
                return .failure(Problem(reason: "ZIP 目录项损坏"))
            }
            let end = header + 46 + nameLength + extraLength + commentLength
            guard end <= directoryOffset + directorySize else { return .failure(Problem(reason: "ZIP 目录项超出目录范围")) }

            if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                // Values too large for 32 bits are in the ZIP64 extra field, in this order.
                var extra = header + 46 + nameLength
                let extraEnd = extra + extraLength
                var foundExtra = false
                while extra + 4 <= extraEnd, let id = u16(extra), let size = u16(extra + 2) {
                    if id == 0x0001 {
                        var field = extra + 4
                        if uncompressed == 0xFFFF_FFFF { guard let value = u64(field) else { return .failure(Problem(reason: "ZIP64 扩展字段损坏")) }; uncompressed = value; field += 8 }
                        if compressed == 0xFFFF_FFFF { guard let value = u64(field) else { return .failure(Problem(reason: "ZIP64 扩展字段损坏")) }; compressed = value; field += 8 }
                        if localOffset == 0xFFFF_FFFF { guard let value = u64(field) else { return .failure(Problem(reason: "ZIP64 扩展字段损坏")) }; localOffset = value }
                        foundExtra = true
                        break
                    }
                    extra += 4 + size
                }
                guard foundExtra else { return .failure(Problem(reason: "ZIP64 扩展字段缺失")) }
            }

            guard u32(localOffset) == 0x0403_4B50,
                  let localName = u16(localOffset + 26), let localExtra = u16(localOffset + 28) else {
                return .failure(Problem(reason: "ZIP 文件头损坏"))
            }
            let dataStart = localOffset + 30 + localName + localExtra
            guard dataStart + compressed <= count else { return .failure(Problem(reason: "ZIP 数据超出文件范围(可能已截断)")) }
            let path = String(decoding: bytes[(header + 46)..<(header + 46 + nameLength)], as: UTF8.self)
            found.append(Entry(path: path, method: u16(header + 10) ?? 0, crc32: UInt32(truncatingIfNeeded: u32(header + 16) ?? 0),
                               compressedSize: compressed, uncompressedSize: uncompressed, dataStart: dataStart))
            header = end
        }
        return .success(found)
    }

    /// The unpacked bytes of one part of the package (`word/document.xml`, `xl/workbook.xml`); nil
    /// when absent. Inflates through ZIPFoundation's decompressor only, fed by a provider that stops
    /// at the entry's end, and refuses a part that unpacks to more than `limit` bytes (a ZIP bomb).
    static func part(_ path: String, in entries: [Entry], of bytes: [UInt8], limit: Int) throws(Problem) -> Data? {
        // Some generators write the part name with a leading slash or different case.
        guard let entry = entries.first(where: { $0.path == path })
            ?? entries.first(where: { $0.path.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/")) == path.lowercased() }) else {
            return nil
        }
        let compressed = Data(bytes[entry.dataStart..<(entry.dataStart + entry.compressedSize)])
        switch entry.method {
        case 0:
            guard compressed.count <= limit else { throw Problem(reason: "\(path) 解压后过大") }
            return compressed
        case 8:
            var output = Data()
            output.reserveCapacity(min(max(entry.uncompressedSize, 0), 64 * 1024 * 1024, limit))
            do {
                let checksum = try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: inflateChunkSize, skipCRC32: false,
                    provider: { position, chunkSize in
                        // Stop at the entry's end: ZIPFoundation's loop would otherwise ask forever.
                        guard let chunk = inflateChunk(of: compressed, at: Int(position), size: chunkSize) else { throw ReadLimit.truncated }
                        return chunk
                    },
                    consumer: { chunk in
                        output.append(chunk)
                        if output.count > limit { throw ReadLimit.exceeded }
                    })
                guard checksum == entry.crc32 else { throw ReadLimit.checksum }
            } catch ReadLimit.exceeded {
                throw Problem(reason: "\(path) 解压后过大")
            } catch {
                throw Problem(reason: "\(path) 无法解压(数据损坏)")
            }
            return output
        default:
            throw Problem(reason: "\(path) 使用了不支持的压缩方式 \(entry.method)")
        }
    }

    /// The size of the chunks fed to the decompressor.
    static let inflateChunkSize = 64 * 1024

    /// The compressed bytes from `start` for ZIPFoundation's decompressor, or nil past the end.
    ///
    /// On Linux its zlib loop tells `inflate` that every chunk holds the full `size` bytes
    /// (`avail_in = bufferSize`, whatever the chunk's length), so a shorter chunk — the last one,
    /// or an entry's only one — let a damaged deflate stream read past the chunk's memory (a SEGV
    /// in zlib, found by the fuzzer: `Tests/Fixtures/regressions/inflate-overread-crash.docx`). The
    /// chunk is therefore always `size` bytes there, padded with zeros after the entry's end;
    /// whatever the padding inflates to is caught by the CRC check or the output limit. With
    /// Apple's Compression framework the chunk's own length counts, so nothing is padded.
    static func inflateChunk(of compressed: Data, at start: Int, size: Int) -> Data? {
        guard start >= 0, start < compressed.count, size > 0 else { return nil }
        var chunk = compressed.subdata(in: (compressed.startIndex + start)..<(compressed.startIndex + min(compressed.count, start + size)))
        #if !canImport(Compression)
        if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
        #endif
        return chunk
    }

    enum ReadLimit: Error {
        case exceeded, truncated, checksum
    }
}
