import Crypto
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// Uploaded files on disk (attachments of commitments, photos of requests): each under a new
/// random name in its folder of the data directory, known by its SHA-256; served inline with its
/// checked type and `nosniff`.
enum StoredFiles {
    /// Writes `bytes` as a new file in `directory`; returns its stored name and SHA-256 (hex).
    static func store(_ bytes: [UInt8], kind: AttachmentCheck.Kind, in directory: URL) throws -> (storedName: String, sha256: String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stored = UUID().uuidString.lowercased() + "." + kind.fileExtension
        try Data(bytes).write(to: directory.appendingPathComponent(stored))
        return (stored, Hex.string(SHA256.hash(data: bytes)))
    }

    /// The folder `name` of the data directory.
    static func directory(_ name: String, _ app: Application) -> URL {
        URL(fileURLWithPath: app.minshengConfig.dataDirectory).appendingPathComponent(name)
    }

    /// A stored file as a response shown inline, or nil when it is missing on disk.
    static func inline(_ file: URL, contentType: String, filename: String) -> Response? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        var headers = HTTPHeaders()
        let parts = contentType.split(separator: "/").map(String.init)
        headers.contentType = HTTPMediaType(type: parts.first ?? "application", subType: parts.count > 1 ? parts[1] : "octet-stream")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename*=UTF-8''\(WebLink.encode(filename))")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
