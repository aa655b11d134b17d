import Fluent
import Foundation
import MinshengCore
import Vapor

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

    static func file(_ p: RequestPhotoRecord, app: Application) -> URL {
        StoredFiles.directory("request-photos", app).appendingPathComponent(p.storedName)
    }
}
