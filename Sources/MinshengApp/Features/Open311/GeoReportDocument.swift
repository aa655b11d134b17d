import Foundation
import Vapor

/// One GeoReport v2 response as a tree, rendered as JSON or XML from the same value, so that
/// the two formats cannot drift apart. Objects keep their fields in the spec's order.
indirect enum GeoReportNode: Sendable {
    /// Text; nil is JSON `null` and an empty XML element.
    case text(String?)
    case number(Double?)
    case bool(Bool)
    case object([(String, GeoReportNode)])
    /// A JSON array; in XML, one `item` element per entry.
    case list(item: String, [GeoReportNode])

    /// The formats GeoReport v2 serves, chosen by the path's extension (`requests.json`).
    enum Format: String, Sendable {
        case json, xml

        /// Splits `requests.json` into (`requests`, .json); nil for another or no extension.
        static func split(_ file: String) -> (name: String, format: Format)? {
            guard let dot = file.lastIndex(of: "."), let format = Format(rawValue: String(file[file.index(after: dot)...]).lowercased())
            else { return nil }
            return (String(file[..<dot]), format)
        }

        var mediaType: HTTPMediaType {
            self == .json ? HTTPMediaType(type: "application", subType: "json", parameters: ["charset": "utf-8"])
                : HTTPMediaType(type: "text", subType: "xml", parameters: ["charset": "utf-8"])
        }
    }

    /// The document: `root` names the XML document element (`services`, `service_requests` …).
    func render(_ format: Format, root: String) -> String {
        var out = ""
        switch format {
        case .json: writeJSON(into: &out)
        case .xml:
            out = #"<?xml version="1.0" encoding="utf-8"?>"#
            writeXML(root, into: &out)
        }
        return out
    }

    /// The response, for answers that are not kept (errors, posts).
    func response(_ format: Format, root: String, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: render(format, root: root)))
        response.headers.contentType = format.mediaType
        // Open311 clients include browser apps on other sites; the data is public.
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        return response
    }

    func writeJSON(into out: inout String) {
        switch self {
        case .text(let s): if let s { Self.jsonString(s, into: &out) } else { out += "null" }
        case .number(let n):
            guard let n, n.isFinite else { out += "null"; return }
            out += n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.jsonString(key, into: &out)
                out += ":"
                value.writeJSON(into: &out)
            }
            out += "}"
        case .list(_, let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJSON(into: &out)
            }
            out += "]"
        }
    }

    func writeXML(_ name: String, into out: inout String) {
        switch self {
        case .text(let s): Self.element(name, s.map(Self.xmlEscape), into: &out)
        case .number(let n):
            Self.element(name, n.flatMap { $0.isFinite ? ($0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0)) : nil },
                         into: &out)
        case .bool(let b): Self.element(name, b ? "true" : "false", into: &out)
        case .object(let fields):
            out += "<\(name)>"
            for (key, value) in fields { value.writeXML(key, into: &out) }
            out += "</\(name)>"
        case .list(let item, let items):
            out += "<\(name)>"
            for entry in items { entry.writeXML(item, into: &out) }
            out += "</\(name)>"
        }
    }

    private static func element(_ name: String, _ content: String?, into out: inout String) {
        if let content, !content.isEmpty { out += "<\(name)>\(content)</\(name)>" } else { out += "<\(name)/>" }
    }

    /// Element text: the same XML 1.0 escaping as the xlsx writer (characters XML cannot carry dropped).
    static func xmlEscape(_ s: String) -> String { XlsxWriter.escape(s) }

    static func jsonString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// GeoReport's error response: a list of `{code, description}`, one per problem.
struct GeoReportError: Error, Sendable {
    var status: HTTPResponseStatus
    var descriptions: [String]

    init(_ status: HTTPResponseStatus, _ descriptions: [String]) {
        self.status = status
        self.descriptions = descriptions
    }

    init(_ status: HTTPResponseStatus, _ description: String) { self.init(status, [description]) }

    func response(_ format: GeoReportNode.Format) -> Response {
        GeoReportNode.list(item: "error", descriptions.map {
            .object([("code", .number(Double(status.code))), ("description", .text($0))])
        }).response(format, root: "errors", status: status)
    }
}
