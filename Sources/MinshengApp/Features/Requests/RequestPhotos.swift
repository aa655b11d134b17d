import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// Photos of a request: the hotline adds the citizen's, the lead unit the work done. Checked by
/// their bytes (JPEG, PNG, GIF, WebP; no PDF), at most 10 MB, at most 9 per request.
enum RequestPhotos {
    static let maxPerRequest = 9

    enum Refusal: Error, Equatable {
        case file(AttachmentCheck.Refusal)
        case notAPhoto
        case tooMany
    }

    static func message(_ refusal: Refusal) -> String {
        switch refusal {
        case .file(let r): AttachmentCheck.message(r)
        case .notAPhoto: "只能上传照片（JPG、PNG、GIF、WebP）。"
        case .tooMany: "每件诉求最多上传 \(maxPerRequest) 张照片。"
        }
    }

    static func add(_ bytes: [UInt8], filename: String?, to r: CitizenRequestRecord, by user: UserRecord?,
                    app: Application, in ctx: WriteContext) async throws -> RequestPhotoRecord {
        let kind: AttachmentCheck.Kind
        do { kind = try AttachmentCheck.kind(of: bytes) } catch { throw Refusal.file(error) }
        guard kind.isImage else { throw Refusal.notAPhoto }
        guard try await RequestPhotoRecord.query(on: ctx.db).filter(\.$request.$id == r.id!).count() < maxPerRequest else {
            throw Refusal.tooMany
        }
        let (stored, sha256) = try StoredFiles.store(bytes, kind: kind, in: StoredFiles.directory("request-photos", app))
        let photo = RequestPhotoRecord()
        photo.$request.id = r.id!
        photo.filename = AttachmentCheck.cleanName(filename ?? "照片.\(kind.fileExtension)")
        photo.contentType = kind.contentType
        photo.size = bytes.count
        photo.sha256 = sha256
        photo.storedName = stored
        photo.$uploadedBy.id = user?.id
        try await ctx.commit { tx in
            photo.createdAt = tx.now
            try await photo.create(on: tx.db)
            try await RequestActions.event(r, "photo", "上传照片 \(photo.filename)", in: tx)
            try await tx.audit(.requestPhoto, .request, r.id, after: ["file": photo.filename, "sha256": sha256])
        }
        return photo
    }

    /// A photo checked and stored on disk, to be recorded with the request it comes with (the
    /// citizens' form): the request and its photos are one transaction, and a file whose
    /// transaction fails is only an orphan on disk, never a half-written request.
    struct Stored: Sendable {
        var filename: String
        var kind: AttachmentCheck.Kind
        var size: Int
        var sha256: String
        var storedName: String
    }

    /// Checks the bytes and stores the file; the record is written by ``record(_:for:in:)``.
    static func store(_ bytes: [UInt8], filename: String?, app: Application) throws -> Stored {
        let kind: AttachmentCheck.Kind
        do { kind = try AttachmentCheck.kind(of: bytes) } catch { throw Refusal.file(error) }
        guard kind.isImage else { throw Refusal.notAPhoto }
        let (stored, sha256) = try StoredFiles.store(bytes, kind: kind, in: StoredFiles.directory("request-photos", app))
        return Stored(filename: AttachmentCheck.cleanName(filename ?? "照片.\(kind.fileExtension)"), kind: kind, size: bytes.count,
                      sha256: sha256, storedName: stored)
    }

    /// Records stored photos of a request taken in the same transaction.
    static func record(_ photos: [Stored], for requestID: UUID, by userID: UUID?, at time: Date, in tx: WriteTransaction) async throws {
        for s in photos {
            let photo = RequestPhotoRecord()
            photo.$request.id = requestID
            photo.filename = s.filename
            photo.contentType = s.kind.contentType
            photo.size = s.size
            photo.sha256 = s.sha256
            photo.storedName = s.storedName
            photo.$uploadedBy.id = userID
            photo.createdAt = time
            try await photo.create(on: tx.db)
        }
    }

    static func file(_ p: RequestPhotoRecord, app: Application) -> URL {
        StoredFiles.directory("request-photos", app).appendingPathComponent(p.storedName)
    }
}
