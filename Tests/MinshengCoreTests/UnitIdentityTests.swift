import Foundation
import Testing
@testable import MinshengCore

/// Core compares units by id (issue 8, defect 3: units were names in Core and ids in storage).
/// Each case below was decided by name before, and decided wrongly.
@Suite struct UnitIdentityTests {
    static let june = YearMonth(2026, 6)
    static let july2 = CivilDate(2026, 7, 2)
    static let rules = TrackingRules.annual2026
    // Two distinct units that show the same name (e.g. a city bureau and a district's namesake).
    static let cityBureau = UnitRef(id: UnitID(uuid(501)), name: "城管局")
    static let namesake = UnitRef(id: UnitID(uuid(502)), name: "城管局")
    static let civilAffairs = UnitRef(id: UnitID(uuid(503)), name: "市民政局")

    static func draft(_ percent: Double = 50) -> ReportDraft {
        ReportDraft(period: june, percent: percent, narrative: "按计划推进")
    }

    @Test func aNamesakeUnitIsNotResponsible() {
        // setup
        let commitment = Commitment.fixture(leadUnits: [Self.cityBureau], supportUnits: [Self.civilAffairs])
        // validate
        #expect(commitment.relation(of: Self.cityBureau.id) == .lead)
        #expect(commitment.relation(of: Self.namesake.id) == .none)
        #expect(ReportPolicy.accept(Self.draft(), for: commitment, rules: Self.rules, existing: [],
                                    unit: Self.namesake, today: Self.july2) == .failure(.notResponsible))
        let subject = Subject.commitment(planStatus: .published, leadUnits: [Self.cityBureau.id], supportUnits: [])
        #expect(Permissions.may(Principal(role: .clerk, unit: Self.cityBureau.id), .submitReport, on: subject))
        #expect(!Permissions.may(Principal(role: .clerk, unit: Self.namesake.id), .submitReport, on: subject))
        #expect(!Permissions.may(Principal(role: .clerk, unit: Self.namesake.id), .replyNotice,
                                 on: .notice(addressedTo: Self.cityBureau.id)))
    }

    @Test func aNamesakeContributionDoesNotTakeTheMonth() throws {
        // setup: two support units of one name; one has contributed June
        let other = UnitRef(id: UnitID(uuid(504)), name: "市民政局")
        let commitment = Commitment.fixture(leadUnits: [Self.cityBureau], supportUnits: [Self.civilAffairs, other])
        let theirs = try ReportPolicy.accept(ReportDraft(period: Self.june, narrative: "配合"), for: commitment,
                                             rules: Self.rules, existing: [], unit: other, today: Self.july2).get()
        // MUT: the other one contributes June too
        let mine = ReportPolicy.accept(ReportDraft(period: Self.june, narrative: "配合"), for: commitment,
                                       rules: Self.rules, existing: [theirs], unit: Self.civilAffairs, today: Self.july2)
        // validate: its own month is open; the first unit's is locked
        #expect(try mine.get().revision == 1)
        #expect(ReportPolicy.accept(ReportDraft(period: Self.june, narrative: "配合"), for: commitment, rules: Self.rules,
                                    existing: [theirs], unit: other, today: Self.july2) == .failure(.periodLocked))
    }

    @Test func aRenamedUnitKeepsItsLockedMonth() throws {
        // setup: June locked under the unit's old name
        let before = UnitRef(id: Self.civilAffairs.id, name: "市民政局")
        let after = UnitRef(id: Self.civilAffairs.id, name: "市民政和社会事务局")
        let commitment = Commitment.fixture(leadUnits: [Self.cityBureau], supportUnits: [after])
        let locked = ProgressReport(commitmentID: commitment.id, period: Self.june, kind: .contribution, unit: before,
                                    percent: nil, submittedOn: Self.july2, dueOn: Self.june.lastDay)
        // MUT + validate: the same unit under its new name finds its month taken
        #expect(ReportPolicy.accept(ReportDraft(period: Self.june, narrative: "配合"), for: commitment, rules: Self.rules,
                                    existing: [locked], unit: after, today: Self.july2) == .failure(.periodLocked))
    }

    @Test func aNewLeadUnitFindsTheMonthTaken() {
        // setup: June locked by the former lead unit; the lead has since changed (storage keeps one
        // consolidated report per commitment-month, whoever leads)
        let commitment = Commitment.fixture(leadUnits: [Self.civilAffairs], supportUnits: [])
        let locked = ProgressReport(commitmentID: commitment.id, period: Self.june, kind: .consolidated,
                                    unit: Self.cityBureau, percent: 40, submittedOn: Self.july2, dueOn: Self.june.lastDay)
        // MUT + validate: Core says what storage would say (taken), not "open"
        #expect(ReportPolicy.accept(Self.draft(60), for: commitment, rules: Self.rules, existing: [locked],
                                    unit: Self.civilAffairs, today: Self.july2) == .failure(.periodLocked))
        // A reopened month is revised by the new lead as the next revision.
        var reopened = locked
        reopened.state = .reopened
        let revised = ReportPolicy.accept(Self.draft(60), for: commitment, rules: Self.rules, existing: [reopened],
                                          unit: Self.civilAffairs, today: Self.july2)
        #expect((try? revised.get().revision) == 2)
    }

    @Test func typedIDsEncodeAsBareUUIDs() throws {
        // The wire and the audit log are unchanged by typing.
        let id = CommitmentID(uuid(7))
        let data = try JSONEncoder().encode(["id": id])
        #expect(String(decoding: data, as: UTF8.self) == #"{"id":"00000000-0000-0000-0000-000000000007"}"#)
        #expect(try JSONDecoder().decode([String: CommitmentID].self, from: data)["id"] == id)
        #expect("\(id)" == uuid(7).uuidString)
        #expect(CommitmentID(uuid(7).uuidString) == id)
        #expect(CommitmentID(String("not an id")) == nil)
    }
}
