import FluentKit
import Foundation
import MinshengCore

/// A client app allowed to post requests through Open311 (an API key). Only the key's SHA-256
/// is stored; the key itself is shown once, when it is issued.
package final class ApiClientRecord: Model, @unchecked Sendable {
    package static let schema = "api_clients"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "key_hash") package var keyHash: String
    /// The key's last four characters, so that an admin can tell keys apart.
    @Field(key: "key_hint") package var keyHint: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "created_by") package var createdBy: String
    @OptionalField(key: "revoked_at") package var revokedAt: Date?

    package init() {}
}

/// One question a category asks (an Open311 service attribute).
package final class RequestAttributeRecord: Model, @unchecked Sendable {
    package static let schema = "request_category_attributes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "category_code") package var categoryCode: String
    @Field(key: "code") package var code: String
    @Field(key: "datatype") package var datatype: String
    @Field(key: "required") package var required: Bool
    @Field(key: "description") package var description: String
    @Field(key: "ord") package var order: Int
    @Field(key: "values_json") package var valuesJSON: String

    package init() {}

    package init(category: String, _ attribute: ServiceAttribute) {
        categoryCode = category
        code = attribute.code
        datatype = attribute.datatype.rawValue
        required = attribute.required
        description = attribute.description
        order = attribute.order
        valuesJSON = (try? String(decoding: JSONEncoder().encode(attribute.values), as: UTF8.self)) ?? "[]"
    }

    package var attribute: ServiceAttribute {
        let values = (try? JSONDecoder().decode([ServiceAttribute.Value].self, from: Data(valuesJSON.utf8))) ?? []
        return ServiceAttribute(code: code, datatype: ServiceAttribute.Datatype(rawValue: datatype) ?? .string,
                                required: required, description: description, order: order, values: values)
    }
}
