import Foundation
import Testing
@testable import PolicyParser

/// What the coverage-guided fuzzers (`Fuzz/`, run by `Scripts/fuzz.sh`) found, replayed in the
/// normal suite: the crashing inputs as regressions, and the kept corpus (`Tests/Fixtures/fuzz/<target>/`)
/// through the same entry points and checks as `Fuzz/Sources/FuzzSupport/FuzzEntry.swift`.
@Suite struct FuzzCorpusTests {
    /// The fuzz targets, each with the directory of its kept corpus.
    static let targets = ["xlsx", "docx", "html", "bytes", "text"]

    static func corpus(_ target: String) -> [URL] {
        let directory = TestDocuments.fixturesDirectory.appendingPathComponent("fuzz/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    // MARK: crashes found

    /// A `.docx` whose `word/document.xml` is a damaged deflate stream. ZIPFoundation's zlib loop
    /// told `inflate` the chunk was 64 KB long when it held the entry's ~900 bytes, so zlib read
    /// past it (SEGV under AddressSanitizer, found by the `bytes` fuzzer in 20 s). Now refused.
    @Test func damagedDeflateStreamIsRefusedWithoutReadingPastTheEntry() throws {
        let data = try TestDocuments.fixtureData("regressions/inflate-overread-crash.docx")
        for name in ["x.docx", "x.txt", "x.doc"] {
            #expect(throws: DocumentReadError.corruptDocx("word/document.xml 无法解压(数据损坏)")) {
                try DocumentReader.read(data: data, filename: name)
            }
        }
    }

    /// The chunks handed to ZIPFoundation's decompressor are always as long as it asked for (it
    /// tells zlib so), padded with zeros past the entry's end; nil once the entry is used up.
    @Test func inflateChunksAreAlwaysTheSizeAskedFor() throws {
        let compressed = Data((0..<100).map { UInt8($0) })
        let size = ZipValidation.inflateChunkSize
        let first = try #require(ZipValidation.inflateChunk(of: compressed, at: 0, size: size))
        #expect(first.prefix(100) == compressed)
        #if !canImport(Compression)
        #expect(first.count == size)
        #expect(first.dropFirst(100).allSatisfy { $0 == 0 })
        #endif
        let tail = try #require(ZipValidation.inflateChunk(of: compressed, at: 60, size: 16))
        #expect(Array(tail) == Array(60..<76).map { UInt8($0) })
        #expect(ZipValidation.inflateChunk(of: compressed, at: 100, size: size) == nil)
        #expect(ZipValidation.inflateChunk(of: compressed, at: size, size: size) == nil)
        // A slice of a larger Data (indices not starting at 0) is read from its own start.
        let slice = Data([9, 9] + Array(compressed)).dropFirst(2)
        #expect(ZipValidation.inflateChunk(of: slice, at: 0, size: 100) == compressed)
    }

    /// Real packages still read whole through the padded chunks: a fixture, and an entry larger
    /// than one chunk (several chunks, the last one short).
    @Test func deflatedPartsAcrossSeveralChunksStillRead() throws {
        let text = try DocumentReader.read(data: try TestDocuments.fixtureData("f12_table_plan.docx"), filename: "f12.docx")
        #expect(!text.isEmpty)
        var generator = SeededGenerator(seed: 12)
        // Well over 64 KB of XML, so the entry spans several chunks.
        let letters = Array("甲乙丙丁戊己庚辛壬癸abcdefghij")
        let paragraphs = (0..<3000).map { _ in String((0..<40).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] }) }
        let xml = TestDocuments.documentXML(paragraphs.map { .paragraph($0) })
        let docx = Self.deflatedZip(path: "word/document.xml", contents: Data(xml.utf8))
        let read = try DocumentReader.read(data: docx, filename: "big.docx")
        #expect(read.split(separator: "\n").map(String.init) == paragraphs)
    }

    /// A one-entry ZIP (method 8, deflate) whose stream is made of stored deflate blocks (RFC 1951
    /// §3.2.4: a 5-byte header and up to 65,535 raw bytes each), so zlib inflates it like any other.
    static func deflatedZip(path: String, contents: Data) -> Data {
        let raw = [UInt8](contents)
        var stream: [UInt8] = []
        var start = 0
        repeat {
            let end = min(raw.count, start + 65_535)
            let length = end - start
            stream += [end == raw.count ? 1 : 0] + TestDocuments.le16(length) + TestDocuments.le16(~length & 0xFFFF)
            stream += raw[start..<end]
            start = end
        } while start < raw.count
        #expect(stream.count > ZipValidation.inflateChunkSize, "the test needs an entry of several chunks")
        let name = Array(path.utf8)
        let crc = TestDocuments.crc32(raw)
        let sizes = TestDocuments.le32(crc) + TestDocuments.le32(UInt32(stream.count)) + TestDocuments.le32(UInt32(raw.count))
        var output: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + TestDocuments.le16(20) + TestDocuments.le16(0x0800) + TestDocuments.le16(8)
            + TestDocuments.le16(0) + TestDocuments.le16(0x21) + sizes + TestDocuments.le16(name.count) + TestDocuments.le16(0) + name
        output += stream
        let centralOffset = output.count
        let central: [UInt8] = [0x50, 0x4B, 0x01, 0x02] + TestDocuments.le16(20) + TestDocuments.le16(20) + TestDocuments.le16(0x0800)
            + TestDocuments.le16(8) + TestDocuments.le16(0) + TestDocuments.le16(0x21) + sizes + TestDocuments.le16(name.count)
            + TestDocuments.le16(0) + TestDocuments.le16(0) + TestDocuments.le16(0) + TestDocuments.le16(0)
            + TestDocuments.le32(0o100644 << 16) + TestDocuments.le32(0) + name
        output += central
        output += [0x50, 0x4B, 0x05, 0x06] + TestDocuments.le16(0) + TestDocuments.le16(0) + TestDocuments.le16(1) + TestDocuments.le16(1)
        output += TestDocuments.le32(UInt32(central.count)) + TestDocuments.le32(UInt32(centralOffset)) + TestDocuments.le16(0)
        return Data(output)
    }

    // MARK: the kept corpus

    @Test(arguments: targets)
    func keptCorpusIsPresent(target: String) {
        #expect(!Self.corpus(target).isEmpty, "Tests/Fixtures/fuzz/\(target) is empty: run FUZZ_KEEP=1 Scripts/fuzz.sh")
    }

    /// Every kept input through its target's entry point: refused with a message, or read and
    /// parsed into a well-formed plan.
    @Test(arguments: targets)
    func keptCorpusReadsAndParses(target: String) throws {
        for url in Self.corpus(target) {
            let data = try Data(contentsOf: url)
            let label = "fuzz/\(target)/\(url.lastPathComponent)"
            switch target {
            case "xlsx":
                Self.document(data, filename: "fuzz.xlsx", label: label)
                if let rows = try? SpreadsheetRows.xlsx(data) {
                    #expect(rows.allSatisfy { $0.allSatisfy { !$0.hasPrefix(" ") } }, "\(label)")
                }
            case "docx":
                Self.document(data, filename: "fuzz.docx", label: label)
            case "html":
                Self.document(data, filename: "fuzz.html", label: label)
            case "bytes":
                Self.document(data, filename: "fuzz.txt", label: label)
                _ = try? SpreadsheetRows.csv(data)
            default:
                RobustnessTests.parseChecked(String(decoding: data, as: UTF8.self), label)
            }
        }
    }

    static func document(_ data: Data, filename: String, label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let document: ReadDocument
        do {
            document = try DocumentReader.readDocument(data: data, filename: filename)
        } catch {
            #expect(!error.chineseMessage.isEmpty, "\(label)", sourceLocation: sourceLocation)
            return
        }
        #expect(!document.text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }, "\(label)", sourceLocation: sourceLocation)
        #expect(!document.text.contains("\r"), "\(label)", sourceLocation: sourceLocation)
        let plan = PlanParser().parse(document, source: label)
        RobustnessTests.parseChecked(document.text, label, sourceLocation: sourceLocation)
        #expect(plan.source == label, sourceLocation: sourceLocation)
    }
}
