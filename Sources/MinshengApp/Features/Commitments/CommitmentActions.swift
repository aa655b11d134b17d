import Fluent
import Foundation
import MinshengCore
import MinshengStore

/// What can be added to a commitment besides its reports: a leader's 批示, a comment, evidence
/// files. Each write touches the commitment's plan, so its page (kept per plan revision) shows it.
enum CommitmentActions {
    static let noteLimit = 4000

    /// Adds a 批示 or a comment by `author`.
    static func addNote(_ kind: CommitmentNoteRecord.Kind, text: String, to commitmentID: CommitmentID, planID: PlanID,
                        by author: UserRecord, in ctx: WriteContext) async throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw NoteRefusal.blank }
        guard text.count <= noteLimit else { throw NoteRefusal.tooLong(limit: noteLimit) }
        try await ctx.commit { tx in
            let note = CommitmentNoteRecord(commitmentID: commitmentID.rawValue, kind: kind, text: text, authorID: author.id,
                                            authorName: author.displayName ?? author.name, createdAt: tx.now)
            try await note.create(on: tx.db)
            try await tx.audit(kind == .instruction ? .noteInstruction : .noteComment, .commitment, commitmentID.rawValue,
                               after: ["text": text])
            tx.touch(plan: planID.rawValue)
        }
    }

    /// Stores a checked file (``AttachmentCheck``) under `directory` and records it.
    static func attach(_ bytes: [UInt8], kind: AttachmentCheck.Kind, filename: String, to commitmentID: CommitmentID,
                       planID: PlanID, by uploader: UserRecord, storingIn directory: URL,
                       in ctx: WriteContext) async throws -> AttachmentRecord {
        let (stored, sha256) = try StoredFiles.store(bytes, kind: kind, in: directory)
        let record = AttachmentRecord()
        record.$commitment.id = commitmentID.rawValue
        record.filename = AttachmentCheck.cleanName(filename)
        record.contentType = kind.contentType
        record.size = bytes.count
        record.sha256 = sha256
        record.storedName = stored
        record.$uploadedBy.id = uploader.id
        record.createdAt = ctx.now
        record.isPublic = false
        try await ctx.commit { tx in
            try await record.create(on: tx.db)
            try await tx.audit(.attachmentAdd, .commitment, commitmentID.rawValue,
                               after: ["file": record.filename, "sha256": record.sha256])
            tx.touch(plan: planID.rawValue)
        }
        return record
    }

    /// Publishes a photo on the portal, or takes it back (a coordinator's choice, audited).
    static func setPublic(_ attachment: AttachmentRecord, _ isPublic: Bool, planID: PlanID, in ctx: WriteContext) async throws {
        try await ctx.commit { tx in
            attachment.isPublic = isPublic
            try await attachment.save(on: tx.db)
            try await tx.audit(isPublic ? .attachmentPublish : .attachmentUnpublish, .commitment, attachment.$commitment.id,
                               after: ["file": attachment.filename, "sha256": attachment.sha256])
            tx.touch(plan: planID.rawValue)
        }
    }

    /// Removes an attachment's record; the audit keeps its name, size and SHA-256. The caller
    /// deletes the stored file after this has committed.
    static func detach(_ attachment: AttachmentRecord, planID: PlanID, in ctx: WriteContext) async throws {
        try await ctx.commit { tx in
            try await attachment.delete(on: tx.db)
            try await tx.audit(.attachmentDelete, .commitment, attachment.$commitment.id,
                               before: ["file": attachment.filename, "size": String(attachment.size),
                                        "sha256": attachment.sha256])
            tx.touch(plan: planID.rawValue)
        }
    }
}
