import FluentKit
import Foundation

/// A leader's 批示 or a comment on a commitment.
package final class CommitmentNoteRecord: Model, @unchecked Sendable {
    package static let schema = "commitment_notes"

    package enum Kind: String, Codable, Sendable {
        /// 领导批示.
        case instruction
        /// 意见建议.
        case comment
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Field(key: "kind") package var kind: String
    @Field(key: "text") package var text: String
    @OptionalParent(key: "author_id") package var author: UserRecord?
    /// Kept so the note still says who wrote it if the account goes.
    @Field(key: "author_name") package var authorName: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
    package init(commitmentID: UUID, kind: Kind, text: String, authorID: UUID?, authorName: String, createdAt: Date) {
        self.$commitment.id = commitmentID
        self.kind = kind.rawValue
        self.text = text
        self.$author.id = authorID
        self.authorName = authorName
        self.createdAt = createdAt
    }
}

/// A photo or PDF attached to a commitment (附件).
package final class AttachmentRecord: Model, @unchecked Sendable {
    package static let schema = "attachments"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "commitment_id") package var commitment: CommitmentRecord
    @Field(key: "filename") package var filename: String
    @Field(key: "content_type") package var contentType: String
    @Field(key: "size") package var size: Int
    @Field(key: "sha256") package var sha256: String
    /// File name under `<data>/attachments/`; never taken from the upload.
    @Field(key: "stored_name") package var storedName: String
    @OptionalParent(key: "uploaded_by") package var uploadedBy: UserRecord?
    @Field(key: "created_at") package var createdAt: Date
    /// Chosen by a coordinator to show on the portal (photos only).
    @Field(key: "is_public") package var isPublic: Bool

    package init() {}
}
