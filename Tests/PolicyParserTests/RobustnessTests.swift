import Foundation
import Testing
@testable import PolicyParser

/// Random and mutated inputs: the parser (and the reader in front of it) must return, never trap,
/// and keep its output well-formed. Inputs come from a seeded PRNG, so a failure repeats exactly.
/// Timing belongs to `minsheng bench parse`, not here.
@Suite struct RobustnessTests {
    /// Texts to mutate: the seeds when `../shared/corpus` is present, and always the fixtures.
    static let baseTexts: [(name: String, text: String)] = {
        var texts = TestDocuments.seedTexts()
        for name in Fixture.all {
            if let data = try? TestDocuments.fixtureData(name),
               let text = try? DocumentReader.read(data: data, filename: name) {
                texts.append((name, text))
            }
        }
        return texts
    }()

    /// Parses and checks what must hold for any input: sane line ranges, numbered items, no NaN.
    @discardableResult
    static func parseChecked(_ text: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) -> ParsedPlan {
        let plan = PlanParser().parse(text: text, source: label)
        #expect(plan.source == label, sourceLocation: sourceLocation)
        for item in plan.items {
            #expect(item.lines.from >= 1 && item.lines.from <= item.lines.to, "\(label) \(item.number)", sourceLocation: sourceLocation)
            #expect(!item.number.isEmpty, "\(label): an item without a number", sourceLocation: sourceLocation)
            for target in item.targets {
                #expect(target.value.isFinite, "\(label) \(item.number): \(target.value)", sourceLocation: sourceLocation)
            }
        }
        for diagnostic in plan.diagnostics {
            #expect(diagnostic.line >= 0, sourceLocation: sourceLocation)
        }
        return plan
    }

    @Test func baseTextsArePresent() {
        #expect(Self.baseTexts.count >= Fixture.all.count)
    }

    @Test func truncationsAtRandomPoints() {
        var generator = SeededGenerator(seed: 1)
        for (name, text) in Self.baseTexts {
            let characters = Array(text)
            for _ in 0..<4 {
                let cut = Int.random(in: 0...characters.count, using: &generator)
                Self.parseChecked(String(characters[..<cut]), "\(name)[..<\(cut)]")
            }
        }
    }

    @Test func shuffledLines() {
        var generator = SeededGenerator(seed: 2)
        for (name, text) in Self.baseTexts {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for round in 0..<2 {
                lines.shuffle(using: &generator)
                Self.parseChecked(lines.joined(separator: "\n"), "\(name) shuffled \(round)")
            }
        }
    }

    @Test func droppedAndDuplicatedLines() {
        var generator = SeededGenerator(seed: 3)
        for (name, text) in Self.baseTexts {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var mutated: [Substring] = []
            for line in lines {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: continue
                case 1: mutated += [line, line]
                case 2: mutated.append(line.prefix(Int.random(in: 0...line.count, using: &generator)))
                default: mutated.append(line)
                }
            }
            Self.parseChecked(mutated.joined(separator: "\n"), "\(name) mutated")
        }
    }

    @Test func randomBytesDecodedLossily() {
        var generator = SeededGenerator(seed: 4)
        for round in 0..<12 {
            let bytes = generator.bytes(Int.random(in: 0...4096, using: &generator))
            Self.parseChecked(String(decoding: bytes, as: UTF8.self), "random \(round)")
        }
    }

    @Test func randomCJKAndPunctuationSoup() {
        // Characters the parser reacts to, in random order: numbering, brackets, labels, digits.
        let alphabet = Array("一二三四五六七八九十百千万亿()（）〔〕【】、。,，;；:：.．-—%‰个人元牵头单位责任配合领导附件目标保障措施到年以上以内左右提高达到\n 0123456789")
        var generator = SeededGenerator(seed: 5)
        for round in 0..<12 {
            let count = Int.random(in: 0...2000, using: &generator)
            let text = String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
            Self.parseChecked(text, "soup \(round)")
        }
    }

    @Test func numberingNestedTwentyDeep() {
        let styles: [(Int) -> String] = [
            { "\(ChineseDigits.numeral($0))、" }, { "(\(ChineseDigits.numeral($0)))" }, { "\($0)." }, { "(\($0))" },
        ]
        var lines = ["深层编号测试方案", "二、主要任务"]
        for depth in 0..<20 {
            let label = styles[depth % styles.count](depth / styles.count + 1)
            lines.append("\(label)第\(depth + 1)层任务。新建学校\(depth + 1)所。(牵头单位:市教育局)")
        }
        lines.append(String(repeating: "1.", count: 20) + "点号编号二十层。")
        lines.append(String(repeating: "(", count: 200) + "未闭合括号" + String(repeating: ")", count: 3))
        Self.parseChecked(lines.joined(separator: "\n"), "nested 20")
    }

    @Test func oneMegabyteSingleLine() {
        let unit = "新增公办学位600个、2160个、1380个,(牵头单位:市教育局;责任单位:市财政局)提高3个百分点、达到95%以上;"
        var line = ""
        while line.utf8.count < 1_048_576 { line += unit }
        let plan = Self.parseChecked("单行压力测试\n一、任务\n1." + line, "1 MB line")
        #expect(plan.items.count <= 2)
    }

    @Test func manyShortLines() {
        let text = Array(repeating: "1.", count: 10_000).joined(separator: "\n")
        Self.parseChecked(text, "10000 bare labels")
        let labels = Array(repeating: "牵头单位:市教育局", count: 5_000).joined(separator: "\n")
        Self.parseChecked(labels, "5000 orphan labels")
    }

    @Test func degenerateInputs() {
        for text in ["", "\n", " ", "\u{FEFF}", "一、", "(一)", "1.", "附件", "附件1", "——。", "牵头单位:", "(牵头单位:)",
                     "到年", "达到%以上", "12/", "3.5‰", "一、\n二、\n三、", String(repeating: "\n", count: 10_000),
                     "\u{0}\u{1}\u{7F}", "\u{FFFD}\u{FFFD}", "𠀀𠀁𠀂"] {
            Self.parseChecked(text, "degenerate \(text.debugDescription.prefix(20))")
        }
    }

    @Test func invalidUTF8ThroughTheReader() {
        var generator = SeededGenerator(seed: 6)
        for (name, text) in Self.baseTexts {
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { continue }
            // A few bytes become bytes that are never valid UTF-8 (or GB18030 lead bytes).
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = [0xFF, 0x80, 0xC0, 0xFE].randomElement(using: &generator)!
            }
            do {
                let read = try DocumentReader.read(data: Data(bytes), filename: name.replacingOccurrences(of: ".html", with: ".txt"))
                Self.parseChecked(read, "\(name) corrupted")
            } catch {
                // Refusing is fine; trapping is not. The refusal must be a reader error with a message.
                #expect(!error.chineseMessage.isEmpty)
            }
        }
    }

    @Test func readerOnRandomBytesWithEveryExtension() {
        var generator = SeededGenerator(seed: 7)
        for ext in ["txt", "html", "htm", "docx", "doc", "xlsx", "", "pdf"] {
            for _ in 0..<10 {
                let data = Data(generator.bytes(Int.random(in: 1...4096, using: &generator)))
                if let text = try? DocumentReader.read(data: data, filename: "x.\(ext)") {
                    Self.parseChecked(text, "random.\(ext)")
                }
            }
        }
    }

    @Test func mutatedFixtureFilesThroughTheReader() throws {
        // Every format the reader knows (GB18030 txt, html, docx, rtf, xlsx), cut and with bytes overwritten.
        var generator = SeededGenerator(seed: 8)
        for name in Fixture.all {
            let original = try [UInt8](TestDocuments.fixtureData(name))
            for round in 0..<12 {
                var bytes = original
                if round % 3 == 0 {
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
                } else {
                    for _ in 0..<Int.random(in: 1...16, using: &generator) where !bytes.isEmpty {
                        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                    }
                }
                do {
                    let text = try DocumentReader.read(data: Data(bytes), filename: name)
                    Self.parseChecked(text, "\(name) mutated \(round)")
                } catch {
                    #expect(!error.chineseMessage.isEmpty)
                }
            }
        }
    }

    @Test func parsingIsDeterministic() {
        for (name, text) in Self.baseTexts {
            #expect(PlanParser().parse(text: text, source: name) == PlanParser().parse(text: text, source: name), "\(name)")
        }
    }
}

/// Chinese numerals for building test numbering (一 … 九十九).
enum ChineseDigits {
    static let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    static func numeral(_ value: Int) -> String {
        switch value {
        case 0..<10: return digits[value]
        case 10..<20: return "十" + (value == 10 ? "" : digits[value - 10])
        default: return digits[value / 10] + "十" + (value % 10 == 0 ? "" : digits[value % 10])
        }
    }
}
