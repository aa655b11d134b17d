import Fluent
import Foundation

/// A leader's 批示 or a comment on a commitment.
final class CommitmentNoteRecord: Model, @unchecked Sendable {
    static let schema = "commitment_notes"

    enum Kind: String, Codable, Sendable {
        /// 领导批示.
        case instruction
        /// 意见建议.
        case comment
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Field(key: "kind") var kind: String
    @Field(key: "text") var text: String
    @OptionalParent(key: "author_id") var author: UserRecord?
    /// Kept so the note still says who wrote it if the account goes.
    @Field(key: "author_name") var authorName: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
    init(commitmentID: UUID, kind: Kind, text: String, authorID: UUID?, authorName: String, createdAt: Date) {
        self.$commitment.id = commitmentID
        self.kind = kind.rawValue
        self.text = text
        self.$author.id = authorID
        self.authorName = authorName
        self.createdAt = createdAt
    }
}

/// A photo or PDF attached to a commitment (附件).
final class AttachmentRecord: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: CommitmentRecord
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    /// File name under `<data>/attachments/`; never taken from the upload.
    @Field(key: "stored_name") var storedName: String
    @OptionalParent(key: "uploaded_by") var uploadedBy: UserRecord?
    @Field(key: "created_at") var createdAt: Date
    /// Chosen by a coordinator to show on the portal (photos only).
    @Field(key: "is_public") var isPublic: Bool

    init() {}
}
