import Foundation

/// Why a file could not be turned into text (文件无法读取的原因).
///
/// Cases carry no wording; ``chineseMessage`` gives the sentence shown to people.
/// Example: a `.docx` cut off in transfer → `.corruptDocx("ZIP 结构不完整")`.
public enum DocumentReadError: Error, Equatable, Sendable {
    /// The file has no bytes, or only whitespace (空文件).
    case empty
    /// The file is larger than the reader accepts (文件过大).
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes are not text: NUL bytes or many control characters (非文本文件).
    case notText
    /// Text, but in no encoding the reader knows (UTF-8, UTF-16, GB18030/GBK) (无法识别编码).
    case undecodable
    /// A `.docx` whose ZIP or XML is broken; the associated value says where (Word 文件损坏).
    case corruptDocx(String)
    /// An Excel `.xlsx` whose ZIP or XML is broken; the associated value says where (Excel 文件损坏).
    case corruptSpreadsheet(String)
    /// A format the reader does not handle, e.g. `pdf` or the old binary `doc` (不支持的格式).
    case unsupportedFormat(String)

    /// The reason in Chinese, for people, e.g. `文件过大(52428800 字节,上限 20971520 字节)`.
    public var chineseMessage: String {
        switch self {
        case .empty:
            return "文件为空"
        case let .tooLarge(bytes, limit):
            return "文件过大(\(bytes) 字节,上限 \(limit) 字节)"
        case .notText:
            return "文件不是文本（含有二进制内容）"
        case .undecodable:
            return "无法识别文件编码（支持 UTF-8、UTF-16、GB18030/GBK）"
        case let .corruptDocx(reason):
            return "Word 文件（.docx）已损坏：\(reason)"
        case let .corruptSpreadsheet(reason):
            return "Excel 文件（.xlsx）已损坏：\(reason)"
        case let .unsupportedFormat(format):
            switch format {
            case "xls":
                return "不支持旧版 Excel 格式（.xls），请用 Excel 或 WPS 另存为 .xlsx 后上传"
            case "et":
                return "不支持 WPS 表格格式（.et），请在 WPS 中另存为 .xlsx 后上传"
            case "doc":
                return "不支持旧版 Word 格式（.doc），请用 Word 或 WPS 另存为 .docx 后上传，或复制全文粘贴到下方文本框"
            case "wps":
                return "不支持 WPS 文字格式（.wps），请在 WPS 中另存为 .docx 后上传，或复制全文粘贴到下方文本框"
            case "pdf":
                return "不支持 PDF，请找到原始 Word 文件（.docx）上传，或在 PDF 阅读器中复制全文粘贴到下方文本框"
            case "ofd":
                return "不支持 OFD 版式文件，请找到原始 Word 文件（.docx）上传，或在 OFD 阅读器中复制全文粘贴到下方文本框"
            default:
                return "不支持的文件格式：\(format)，请另存为 .docx 或复制全文粘贴到下方文本框"
            }
        }
    }
}

/// Turns a plan document as published (`.txt`, `.html`, `.docx`, `.rtf`, `.xlsx`) into plain text for ``PlanParser``.
///
/// The format is chosen by the file name's extension and then checked against the content:
/// a `.doc` that is really a saved web page is read as HTML, one that is really RTF as RTF, a
/// `.txt` that is really a ZIP as `.docx`. Example: `DocumentReader.read(data: bytes, filename: "方案.html")`.
/// It never traps: every bad input ends in a ``DocumentReadError``.
public enum DocumentReader {
    /// Files above this size (20 MB) are refused before any decoding is attempted.
    public static let defaultSizeLimit = 20 * 1024 * 1024

    /// The formats the reader distinguishes.
    enum Format: Equatable {
        case text, html, docx, rtf, xlsx
    }

    /// Reads `data`, named `filename` (only its extension matters), into text.
    ///
    /// - Parameter sizeLimit: bytes above which the file is refused with ``DocumentReadError/tooLarge(bytes:limit:)``.
    /// - Returns: the text with `\n` line ends; for HTML, DOCX and XLSX, one line per paragraph or table row.
    public static func read(data: Data, filename: String, sizeLimit: Int = defaultSizeLimit) throws(DocumentReadError) -> String {
        try readDocument(data: data, filename: filename, sizeLimit: sizeLimit).text
    }

    /// Reads `data` like ``read(data:filename:sizeLimit:)`` and also says what the reader left out
    /// (工作表未读取: a workbook's 填表说明 or hidden sheets), as diagnostics at line 0, for
    /// ``PlanParser/parse(_:source:)`` to carry into the plan. Example:
    /// `PlanParser().parse(try DocumentReader.readDocument(data: bytes, filename: "汇总表.xlsx"), source: "汇总表.xlsx")`.
    public static func readDocument(data: Data, filename: String, sizeLimit: Int = defaultSizeLimit) throws(DocumentReadError) -> ReadDocument {
        guard data.count <= sizeLimit else {
            throw .tooLarge(bytes: data.count, limit: sizeLimit)
        }
        guard !data.isEmpty else { throw .empty }

        var document = ReadDocument(text: "")
        switch try format(of: data, filename: filename) {
        case .text:
            document.text = try TextDecoding.decode(data)
        case .html:
            document.text = try HTMLReader.text(from: data)
        case .docx:
            document.text = try DocxReader.text(from: data)
        case .rtf:
            document.text = try RTFReader.text(from: data)
        case .xlsx:
            let workbook = try XlsxReader.read(data)
            document.text = workbook.text
            if workbook.read.count > 1 || !workbook.skipped.isEmpty {
                document.diagnostics.append(Diagnostic(line: 0, code: .sheetsRead, reason: "读取的工作表:" + workbook.read.map { "“\($0)”" }.joined(separator: "、"),
                                                       excerpt: workbook.read.joined(separator: "、")))
            }
            for sheet in workbook.skipped {
                document.diagnostics.append(Diagnostic(line: 0, code: .sheetSkipped, reason: "工作表“\(sheet.name)”未读取:\(sheet.reason)", excerpt: sheet.name))
            }
        }
        if document.text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw .empty
        }
        return document
    }

    /// Decides how to read `data`: content signatures win over the extension.
    static func format(of data: Data, filename: String) throws(DocumentReadError) -> Format {
        let ext = (filename as NSString).pathExtension.lowercased()
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            // Word or Excel: the package's parts say which, else the extension.
            if case let .success(entries) = ZipValidation.entries(in: [UInt8](data)) {
                let paths = Set(entries.map { $0.path.lowercased() })
                if paths.contains("xl/workbook.xml") { return .xlsx }
                if paths.contains("word/document.xml") { return .docx }
            }
            return ext == "xlsx" || ext == "xlsm" ? .xlsx : .docx
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw .unsupportedFormat(ext == "xls" ? "xls" : "doc")
        }
        if head.starts(with: Array("{\\rtf".utf8)) {
            // Many sites' ".doc" downloads are RTF.
            return .rtf
        }
        if head.starts(with: Array("%PDF".utf8)) {
            throw .unsupportedFormat("pdf")
        }
        if head.starts(with: [0x1F, 0x8B]) || head.starts(with: Array("Rar!".utf8)) || head.starts(with: [0x37, 0x7A, 0xBC, 0xAF]) {
            throw .unsupportedFormat(ext.isEmpty ? "压缩包" : ext)
        }
        if looksLikeHTML(data) {
            return .html
        }
        switch ext {
        case "html", "htm", "shtml", "xhtml":
            // Named as a page but without markup: still read as HTML so entities are decoded.
            return .html
        case "docx":
            // A .docx must be a ZIP; anything else claiming the name is broken.
            throw .corruptDocx("不是 ZIP 压缩格式")
        case "doc":
            // Some sites serve plain text or HTML as .doc; binary content is caught by the text checks.
            return .text
        case "xlsx", "xlsm":
            throw .corruptSpreadsheet("不是 ZIP 压缩格式")
        case "pdf", "xls", "et", "ppt", "pptx", "wps", "ofd", "jpg", "jpeg", "png", "gif", "zip", "rar":
            throw .unsupportedFormat(ext)
        default:
            return .text
        }
    }

    /// True when the first kilobytes hold an HTML document marker (`<!doctype html`, `<html`, `<body`, `<meta`).
    static func looksLikeHTML(_ data: Data) -> Bool {
        var bytes = [UInt8](data.prefix(4096))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // UTF-16 pages: look at every other byte.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let offset = bytes[0] == 0xFF ? 2 : 3
            bytes = stride(from: offset, to: bytes.count, by: 2).map { bytes[$0] }
        }
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard let first = lowered.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }),
              lowered[first] == UInt8(ascii: "<") else {
            return false
        }
        for marker in ["<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<p>", "<table", "<title"] {
            if lowered.firstRange(of: Array(marker.utf8)) != nil { return true }
        }
        return false
    }
}

/// A document turned into text (``DocumentReader/readDocument(data:filename:sizeLimit:)``), with
/// what the reader itself left out as diagnostics (工作表未读取), for ``PlanParser/parse(_:source:)``.
public struct ReadDocument: Sendable, Equatable {
    /// The text, `\n` line ends, one line per paragraph or table row.
    public var text: String
    /// What the reader skipped or chose (a workbook's sheets), at line 0.
    public var diagnostics: [Diagnostic]

    public init(text: String, diagnostics: [Diagnostic] = []) {
        self.text = text
        self.diagnostics = diagnostics
    }
}
