import Foundation

/// What is wrong with a field of a request as typed (at intake, in an import row, in a step).
public enum RequestProblem: Equatable, Sendable {
    /// Required and blank.
    case blank
    /// Longer than `max` characters.
    case tooLong(max: Int)
    /// Not one of the allowed values (kind, channel, urgency, category code …).
    case unknown(String)
    /// A phone number that is not one.
    case badPhone
    /// Coordinates outside WGS84's range, or only one of the pair.
    case badCoordinates
    /// A date or time that does not parse.
    case badDate(String)
    /// A date in the future where one is not allowed.
    case future
}

/// Intake rules (受理) shared by every way a request comes in: the hotline's form, the API, the
/// platform import, the citizens' form and Open311 (all adapters over the same action).
public enum RequestIntake {
    public static let maxText = 5_000
    public static let maxName = 50
    public static let maxAddress = 200

    /// Field → problem for what was typed; empty when it may be taken in. `category` is checked
    /// against the catalogue by the caller (it lives in the database).
    public static func problems(text: String, requesterName: String?, requesterPhone: String?,
                                address: String?, lat: Double?, long: Double?) -> [String: RequestProblem] {
        var out: [String: RequestProblem] = [:]
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { out["text"] = .blank } else if body.count > maxText { out["text"] = .tooLong(max: maxText) }
        if let name = requesterName, name.count > maxName { out["requesterName"] = .tooLong(max: maxName) }
        if let phone = requesterPhone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty,
           !PersonalData.isPlausiblePhone(phone) {
            out["requesterPhone"] = .badPhone
        }
        if let address, address.count > maxAddress { out["address"] = .tooLong(max: maxAddress) }
        switch (lat, long) {
        case (nil, nil): break
        case let (lat?, long?) where (-90...90).contains(lat) && (-180...180).contains(long): break
        default: out["lat"] = .badCoordinates
        }
        return out
    }
}

/// Why a request action was refused: field problems (bad input) or a step its state or rules do
/// not allow (a conflict). Wording lives in the App.
public struct RequestRefusal: Error, Equatable, Sendable {
    public var fields: [String: RequestProblem]
    public var flow: RequestFlowError?

    public init(fields: [String: RequestProblem] = [:], flow: RequestFlowError? = nil) {
        self.fields = fields
        self.flow = flow
    }
}
