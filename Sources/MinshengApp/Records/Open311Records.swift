import Fluent
import Foundation
import MinshengCore

/// A client app allowed to post requests through Open311 (an API key). Only the key's SHA-256
/// is stored; the key itself is shown once, when it is issued.
final class ApiClientRecord: Model, @unchecked Sendable {
    static let schema = "api_clients"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "key_hash") var keyHash: String
    /// The key's last four characters, so that an admin can tell keys apart.
    @Field(key: "key_hint") var keyHint: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

/// One question a category asks (an Open311 service attribute).
final class RequestAttributeRecord: Model, @unchecked Sendable {
    static let schema = "request_category_attributes"

    @ID(key: .id) var id: UUID?
    @Field(key: "category_code") var categoryCode: String
    @Field(key: "code") var code: String
    @Field(key: "datatype") var datatype: String
    @Field(key: "required") var required: Bool
    @Field(key: "description") var description: String
    @Field(key: "ord") var order: Int
    @Field(key: "values_json") var valuesJSON: String

    init() {}

    init(category: String, _ attribute: ServiceAttribute) {
        categoryCode = category
        code = attribute.code
        datatype = attribute.datatype.rawValue
        required = attribute.required
        description = attribute.description
        order = attribute.order
        valuesJSON = (try? String(decoding: JSONEncoder().encode(attribute.values), as: UTF8.self)) ?? "[]"
    }

    var attribute: ServiceAttribute {
        let values = (try? JSONDecoder().decode([ServiceAttribute.Value].self, from: Data(valuesJSON.utf8))) ?? []
        return ServiceAttribute(code: code, datatype: ServiceAttribute.Datatype(rawValue: datatype) ?? .string,
                                required: required, description: description, order: order, values: values)
    }
}
