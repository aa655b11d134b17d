import Foundation

/// A saved government web page (政府网站页面) → the article's text.
///
/// Site furniture is dropped: `script`, `style`, `nav`, `header`/`footer` (outside an `article`),
/// elements whose `class`/`id` names a menu, footer, breadcrumb or share bar, and comments.
/// Block elements become line breaks; a data table's row becomes one line with its cells joined by
/// ` | `, which is how the seeds show flattened tables (`索引号: | … | 发布机构: | …`). A table
/// that only lays out the page (it holds another table, or whole articles in a cell) is read like
/// a `div`. Pure Swift, linear in the input, no recursion deeper than ``maximumDepth``.
enum HTMLReader {
    /// Elements nested deeper than this are read as if they were flat (guards the stack on hostile input).
    static let maximumDepth = 200

    static func text(from data: Data) throws(DocumentReadError) -> String {
        let source = try decode(data)
        var builder = TreeBuilder(bytes: Array(source.utf8))
        let root = builder.build()
        var renderer = Renderer()
        renderer.render(root)
        return renderer.finish()
    }

    // MARK: Encoding

    /// Decodes the page using its BOM, else the charset in its `<meta>`, else UTF-8 / GB18030 detection.
    static func decode(_ data: Data) throws(DocumentReadError) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return try TextDecoding.decodeBytes(bytes)
        }
        switch declaredCharset(bytes) {
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn":
            try TextDecoding.rejectBinary(bytes)
            if let text = TextDecoding.gb18030(bytes) { return text }
        case "big5", "big5-hkscs":
            try TextDecoding.rejectBinary(bytes)
            if let (text, errors) = TextDecoding.iconvConvert(bytes, from: "BIG5-HKSCS"), errors * 500 <= bytes.count {
                return text
            }
        default:
            break
        }
        // Declared UTF-8, nothing declared, or the declaration was wrong: detect.
        return try TextDecoding.decodeBytes(bytes)
    }

    /// The value of `charset=` in the first 4 KB, lowercased, e.g. `gb2312`.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard let range = head.firstRange(of: Array("charset".utf8)) else { return nil }
        var index = range.upperBound
        func skip(_ allowed: Set<UInt8>) {
            while index < head.count, allowed.contains(head[index]) { index += 1 }
        }
        skip([0x20, 0x09, 0x0A, 0x0D])
        guard index < head.count, head[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        skip([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "'")])
        var name: [UInt8] = []
        while index < head.count, name.count < 40 {
            let byte = head[index]
            let isNameByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            guard isNameByte else { break }
            name.append(byte)
            index += 1
        }
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    // MARK: Tree

    /// One element or text run of the page.
    final class Node {
        let name: String
        var text: String
        var marksJunk: Bool
        var children: [Node] = []
        /// `rowspan` / `colspan` of a table cell (1 when not given).
        var rowSpan = 1
        var columnSpan = 1

        init(name: String, text: String = "", marksJunk: Bool = false) {
            self.name = name
            self.text = text
            self.marksJunk = marksJunk
        }

        var isText: Bool { name.isEmpty }
    }

    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen",
    ]
    /// Elements whose content is not markup: skipped to their closing tag without tokenising.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe"]
    static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "tfoot", "caption", "h1", "h2", "h3",
        "h4", "h5", "h6", "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "dl", "form",
        "center", "address", "fieldset", "figure", "figcaption", "body", "html", "td", "th",
    ]
    /// Elements never part of an article.
    static let junkElements: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "nav", "aside", "select", "option", "button",
        "textarea", "iframe", "object", "embed", "svg", "canvas", "input", "map", "audio", "video", "menu",
        "xmp",
        // Ruby annotations: pinyin over characters (mirror sites), not text of the plan.
        "rt", "rp",
    ]
    /// `class` / `id` words (split on space, `-`, `_`) that mark site furniture.
    static let junkClassWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "mainmenu", "submenu", "footer", "foot", "bottom", "breadcrumb",
        "breadcrumbs", "crumb", "crumbs", "share", "bdsharebuttonbox", "copyright", "sidebar", "toolbar",
        "topbar", "top", "header", "search", "login", "skip", "position", "location", "dqwz", "weizhi", "fenxiang",
        "dayin", "print", "close", "guanbi", "tools", "related", "relate", "xgwz", "xglj", "links", "friendlink",
        "yqlj", "pagination", "pager", "comment", "comments", "qrcode", "ewm", "erweima", "sitemap", "banner",
    ]
    /// `class` / `id` words that mark the article itself; they override ``junkClassWords``
    /// (`article-header` holds the title).
    static let articleClassWords: Set<String> = [
        "article", "content", "title", "main", "zoom", "text", "body", "detail", "con", "zw", "wenzhang",
    ]

    /// Builds the element tree with the few implicit-close rules real pages need.
    struct TreeBuilder {
        let bytes: [UInt8]
        var index = 0
        var stack: [Node]
        /// Elements deeper than ``HTMLReader/maximumDepth`` that were not pushed, so their end tags are ignored.
        var overflow = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            self.stack = [Node(name: "#root")]
        }

        /// Start of text not yet attached to the tree.
        var textStart = 0

        mutating func build() -> Node {
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
                if let consumed = tag(at: index) {
                    index = consumed
                    textStart = index
                } else {
                    index += 1
                }
            }
            flushText(upTo: bytes.count)
            return stack[0]
        }

        /// Attaches the text before a tag to the element open *before* the tag acts on the stack.
        mutating func flushText(upTo end: Int) {
            guard textStart < end else { return }
            let raw = String(decoding: bytes[textStart..<end], as: UTF8.self)
            stack[stack.count - 1].children.append(Node(name: "", text: raw))
            textStart = end
        }

        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }

        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x3A || byte == 0x5F
        }

        /// Finds `needle` (lowercase ASCII) at or after `from`, case-insensitively.
        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
            var position = from
            let last = bytes.count - needle.count
            while position <= last {
                if lower(bytes[position]) == needle[0] {
                    var matched = 1
                    while matched < needle.count, lower(bytes[position + matched]) == needle[matched] { matched += 1 }
                    if matched == needle.count { return position }
                }
                position += 1
            }
            return nil
        }

        /// Reads the markup starting at `start` (a `<`); returns the index after it, or nil if it is literal text.
        mutating func tag(at start: Int) -> Int? {
            var position = start + 1
            guard position < bytes.count else { return nil }
            let first = bytes[position]
            if first == UInt8(ascii: "!") {
                flushText(upTo: start)
                if bytes[position...].starts(with: Array("!--".utf8)) {
                    guard let end = find(Array("-->".utf8), from: position + 3) else { return bytes.count }
                    return end + 3
                }
                guard let end = find([UInt8(ascii: ">")], from: position) else { return bytes.count }
                return end + 1
            }
            if first == UInt8(ascii: "?") {
                flushText(upTo: start)
                guard let end = find([UInt8(ascii: ">")], from: position) else { return bytes.count }
                return end + 1
            }
            var closing = false
            if first == UInt8(ascii: "/") {
                closing = true
                position += 1
            }
            guard position < bytes.count,
                  (bytes[position] >= 0x41 && bytes[position] <= 0x5A) || (bytes[position] >= 0x61 && bytes[position] <= 0x7A) else {
                return nil
            }
            let nameStart = position
            while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[nameStart..<position].map(lower), as: UTF8.self)

            // Attributes, honouring quotes, up to the closing `>`.
            var attributes: [(String, String)] = []
            var selfClosing = false
            while position < bytes.count, bytes[position] != UInt8(ascii: ">") {
                let byte = bytes[position]
                if byte == UInt8(ascii: "/") {
                    selfClosing = true
                    position += 1
                    continue
                }
                guard isNameByte(byte) else {
                    position += 1
                    continue
                }
                selfClosing = false
                let attributeStart = position
                while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
                let attributeName = String(decoding: bytes[attributeStart..<position].map(lower), as: UTF8.self)
                while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D {
                    position += 1
                }
                var value = ""
                if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                    position += 1
                    while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D {
                        position += 1
                    }
                    if position < bytes.count, bytes[position] == 0x22 || bytes[position] == 0x27 {
                        let quote = bytes[position]
                        let valueStart = position + 1
                        var valueEnd = valueStart
                        while valueEnd < bytes.count, bytes[valueEnd] != quote { valueEnd += 1 }
                        value = String(decoding: bytes[valueStart..<min(valueEnd, bytes.count)], as: UTF8.self)
                        position = min(valueEnd + 1, bytes.count)
                    } else {
                        let valueStart = position
                        while position < bytes.count, bytes[position] != UInt8(ascii: ">"), bytes[position] > 0x20 { position += 1 }
                        value = String(decoding: bytes[valueStart..<position], as: UTF8.self)
                    }
                }
                if attributeName == "class" || attributeName == "id" || attributeName == "rowspan" || attributeName == "colspan" {
                    attributes.append((attributeName, value))
                }
            }
            let after = min(position + 1, bytes.count)
            flushText(upTo: start)

            if closing {
                close(name)
                return after
            }
            if HTMLReader.rawTextElements.contains(name) && !selfClosing {
                // Skip to the matching end tag; the content is never shown.
                let end = find(Array("</\(name)".utf8), from: after) ?? bytes.count
                guard let gt = find([UInt8(ascii: ">")], from: end) else { return bytes.count }
                return gt + 1
            }
            open(name, attributes: attributes, selfClosing: selfClosing)
            return after
        }

        mutating func open(_ name: String, attributes: [(String, String)], selfClosing: Bool) {
            implicitlyClose(before: name)
            let junk = attributes.contains { name, value in
                guard name == "class" || name == "id" else { return false }
                let words = value.lowercased()
                    .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" })
                    .map(String.init)
                return words.contains { HTMLReader.junkClassWords.contains($0) }
                    && !words.contains { HTMLReader.articleClassWords.contains($0) }
            }
            let node = Node(name: name, marksJunk: junk)
            if name == "td" || name == "th" {
                for (attribute, value) in attributes where attribute == "rowspan" || attribute == "colspan" {
                    let digits = value.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && $0.isNumber }
                    guard let span = Int(digits.prefix(6)) else { continue }
                    if attribute == "rowspan" { node.rowSpan = span } else { node.columnSpan = max(1, span) }
                }
            }
            stack[stack.count - 1].children.append(node)
            if HTMLReader.voidElements.contains(name) || selfClosing { return }
            if stack.count > HTMLReader.maximumDepth {
                overflow += 1
                return
            }
            stack.append(node)
        }

        mutating func close(_ name: String) {
            guard let found = stack.lastIndex(where: { $0.name == name }), found > 0 else {
                if overflow > 0 { overflow -= 1 }
                return
            }
            // Do not let a stray end tag close across a table boundary it is not part of.
            if !["table", "html", "body"].contains(name),
               stack[(found + 1)...].contains(where: { $0.name == "table" }) {
                return
            }
            stack.removeSubrange(found...)
        }

        mutating func implicitlyClose(before name: String) {
            switch name {
            case "body":
                while stack.count > 1, stack[stack.count - 1].name != "html" { stack.removeLast() }
            case "td", "th":
                closeWithin(["td", "th"], boundary: ["tr", "table"])
            case "tr":
                closeWithin(["tr"], boundary: ["table"])
            case "li":
                closeWithin(["li"], boundary: ["ul", "ol", "menu"])
            case "dt", "dd":
                closeWithin(["dt", "dd"], boundary: ["dl"])
            case "option":
                closeWithin(["option"], boundary: ["select"])
            default:
                if HTMLReader.blockElements.contains(name), stack.count > 1, stack[stack.count - 1].name == "p" {
                    stack.removeLast()
                }
            }
        }

        /// Pops the innermost open element named in `names`, if one is open inside the nearest `boundary`.
        mutating func closeWithin(_ names: Set<String>, boundary: Set<String>) {
            var position = stack.count - 1
            while position > 0 {
                let name = stack[position].name
                if names.contains(name) {
                    stack.removeSubrange(position...)
                    return
                }
                if boundary.contains(name) { return }
                position -= 1
            }
        }
    }

    // MARK: Rendering

    /// Writes the tree out as lines.
    struct Renderer {
        var lines: [String] = []
        var current = ""

        mutating func newline() {
            lines.append(current)
            current = ""
        }

        mutating func finish() -> String {
            newline()
            var kept: [String] = []
            for line in lines {
                let trimmed = HTMLReader.trim(line)
                if !trimmed.isEmpty { kept.append(trimmed) }
            }
            return kept.joined(separator: "\n")
        }

        mutating func render(_ node: Node, insideArticle: Bool = false) {
            if node.isText {
                current += HTMLReader.collapse(HTMLReader.decodeEntities(node.text))
                return
            }
            if HTMLReader.isJunk(node, insideArticle: insideArticle) { return }
            let name = node.name
            let article = insideArticle || name == "article" || name == "main"
            if name == "br" || name == "hr" {
                newline()
                return
            }
            if name == "table", !HTMLReader.isLayoutTable(node) {
                newline()
                // rowspan repeats a cell's text in the rows it covers; colspan keeps column positions.
                var grid = TableGrid()
                for row in HTMLReader.rows(of: node) {
                    grid.addRow(HTMLReader.cells(of: row).map {
                        TableGrid.Cell(text: HTMLReader.cellText($0, insideArticle: article), columns: $0.columnSpan, rows: $0.rowSpan)
                    })
                }
                for line in grid.lines() {
                    current += line
                    newline()
                }
                // Text outside rows (a caption) still counts.
                for child in node.children where child.name == "caption" {
                    render(child, insideArticle: article)
                    newline()
                }
                return
            }
            let block = HTMLReader.blockElements.contains(name)
            if block { newline() }
            for child in node.children { render(child, insideArticle: article) }
            if block { newline() }
        }
    }

    static func isJunk(_ node: Node, insideArticle: Bool) -> Bool {
        if junkElements.contains(node.name) { return true }
        if (node.name == "header" || node.name == "footer") && !insideArticle { return true }
        return node.marksJunk && !(node.name == "body" || node.name == "html" || node.name == "article" || node.name == "main")
    }

    /// A table holding another table, or a cell with a long run of paragraphs, lays out the page.
    static func isLayoutTable(_ table: Node) -> Bool {
        var pending = table.children
        var blocks = 0
        var textLength = 0
        var maxCellsInRow = 0
        for row in rows(of: table) {
            maxCellsInRow = max(maxCellsInRow, cells(of: row).count)
        }
        while let node = pending.popLast() {
            if node.name == "table" { return true }
            if node.isText {
                textLength += node.text.utf8.count
            } else if ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6"].contains(node.name) {
                blocks += 1
            }
            pending.append(contentsOf: node.children)
        }
        if maxCellsInRow <= 1 && blocks > 0 { return true }
        // Whole articles in a cell: many paragraphs and much text per row.
        let rowCount = max(1, rows(of: table).count)
        return blocks >= 8 && blocks > rowCount * 4 && textLength > 1500
    }

    /// The `tr` elements of a table, through `thead`/`tbody`/`tfoot`, not those of nested tables.
    static func rows(of table: Node) -> [Node] {
        var found: [Node] = []
        var pending = Array(table.children.reversed())
        while let node = pending.popLast() {
            if node.name == "tr" {
                found.append(node)
            } else if node.name != "table" && !node.isText {
                pending.append(contentsOf: node.children.reversed())
            }
        }
        return found
    }

    static func cells(of row: Node) -> [Node] {
        var found: [Node] = []
        var pending = Array(row.children.reversed())
        while let node = pending.popLast() {
            if node.name == "td" || node.name == "th" {
                found.append(node)
            } else if node.name != "table" && node.name != "tr" && !node.isText {
                pending.append(contentsOf: node.children.reversed())
            }
        }
        return found
    }

    /// A cell's text on one line: its paragraphs joined by a space.
    static func cellText(_ cell: Node, insideArticle: Bool) -> String {
        var output = ""
        // Depth-first, in document order, without recursion.
        var stack: [(Node, Int)] = [(cell, 0)]
        while let (node, childIndex) = stack.popLast() {
            if node.isText {
                output += collapse(decodeEntities(node.text))
                continue
            }
            if childIndex == 0 {
                if isJunk(node, insideArticle: insideArticle) { continue }
                if blockElements.contains(node.name) && node !== cell { output += " " }
            }
            if childIndex < node.children.count {
                stack.append((node, childIndex + 1))
                stack.append((node.children[childIndex], 0))
            }
        }
        return trim(collapse(output))
    }

    // MARK: Text

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// HTML whitespace runs → one space; a run with a line break between two CJK characters → nothing,
    /// since a browser's line wrapping inside a Chinese sentence is not a word gap.
    static func collapse(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        var pendingHasBreak = false
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}":
                pendingSpace = true
                if scalar == "\n" || scalar == "\r" { pendingHasBreak = true }
            default:
                if pendingSpace {
                    let dropBreak = pendingHasBreak && previous.map(isCJK) == true && isCJK(scalar)
                    if !dropBreak { output.append(" ") }
                    pendingSpace = false
                    pendingHasBreak = false
                }
                output.append(scalar)
                previous = scalar
            }
        }
        if pendingSpace { output.append(" ") }
        return String(output)
    }

    static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r\u{A0}\u{3000}\u{200B}\u{FEFF}"))
    }

    static let namedEntities: [String: String] = [
        "nbsp": "\u{A0}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "times": "×",
        "divide": "÷", "deg": "°", "permil": "‰", "ensp": " ", "emsp": "\u{3000}", "thinsp": " ", "copy": "©",
        "reg": "®", "laquo": "«", "raquo": "»", "bull": "•", "plusmn": "±", "yen": "¥", "sup2": "²", "sup3": "³",
        "frac12": "½", "le": "≤", "ge": "≥", "ne": "≠", "zwj": "", "zwnj": "", "shy": "", "micro": "µ",
        "sect": "§", "prime": "′", "Prime": "″", "rarr": "→", "larr": "←", "uarr": "↑", "darr": "↓",
    ]

    /// `&nbsp;` `&amp;` `&#20013;` `&#x4E2D;` and the other common entities; unknown ones are left as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var output = ""
        var scalars = text.unicodeScalars[...]
        while let ampersand = scalars.firstIndex(of: "&") {
            output.unicodeScalars.append(contentsOf: scalars[..<ampersand])
            let rest = scalars[scalars.index(after: ampersand)...]
            guard let semicolon = rest.prefix(12).firstIndex(of: ";") else {
                output.unicodeScalars.append("&")
                scalars = rest
                continue
            }
            let body = String(String.UnicodeScalarView(rest[..<semicolon]))
            var replacement: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if body.hasPrefix("#") {
                replacement = UInt32(body.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                replacement = namedEntities[body]
            }
            if let replacement {
                output += replacement
                scalars = rest[rest.index(after: semicolon)...]
            } else {
                output.unicodeScalars.append("&")
                scalars = rest
            }
        }
        output.unicodeScalars.append(contentsOf: scalars)
        return output
    }
}
