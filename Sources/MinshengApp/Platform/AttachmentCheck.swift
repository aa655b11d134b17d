import Foundation
import MinshengStore

/// What may be attached to a commitment (附件): photos and PDFs, recognised by their first bytes
/// (the name and the browser's declared type are not trusted), at most `maxBytes`.
enum AttachmentCheck {
    static let maxBytes = 10 << 20

    enum Kind: String, Equatable, Sendable {
        case jpeg, png, gif, webp, pdf

        var contentType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            case .gif: "image/gif"
            case .webp: "image/webp"
            case .pdf: "application/pdf"
            }
        }
        var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
        var isImage: Bool { self != .pdf }
    }

    enum Refusal: Error, Equatable {
        case empty
        case tooLarge
        case notAllowed
    }

    /// The kind the bytes are, or why they are refused.
    static func kind(of bytes: [UInt8]) throws(Refusal) -> Kind {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maxBytes else { throw .tooLarge }
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        throw .notAllowed
    }

    static func message(_ refusal: Refusal) -> String {
        switch refusal {
        case .empty: "请选择要上传的文件。"
        case .tooLarge: "文件超过10MB，请压缩后再上传。"
        case .notAllowed: "只能上传照片（JPG、PNG、GIF、WebP）或PDF文件。"
        }
    }

    /// A display name without path parts or control characters, at most 120 characters.
    static func cleanName(_ name: String?) -> String {
        let base = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "附件" : String(trimmed.prefix(120))
    }
}
