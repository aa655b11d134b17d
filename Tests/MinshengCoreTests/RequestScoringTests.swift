import Foundation
import Testing
@testable import MinshengCore

@Suite struct RequestScoringTests {
    static let facts: [RequestFacts] = [
        // 市城管局: one good, one bad, one unreasonable (left out)
        RequestFacts(unit: "市城管局", signedInTime: true, repliedInTime: true, resolution: .solved, satisfaction: .verySatisfied),
        RequestFacts(unit: "市城管局", signedInTime: false, repliedInTime: false, givenBack: 1, resolution: .unsolved,
                     satisfaction: .dissatisfied, redone: true),
        RequestFacts(unit: "市城管局", unreasonable: true, signedInTime: false, resolution: .unsolved, satisfaction: .veryDissatisfied),
        // 市民政局: partly solved, neutral; one still open (no call-back yet, sign-for not yet due)
        RequestFacts(unit: "市民政局", signedInTime: true, repliedInTime: true, resolution: .partly, satisfaction: .neutral),
        RequestFacts(unit: "市民政局"),
        // 市水务局: everything right
        RequestFacts(unit: "市水务局", signedInTime: true, repliedInTime: true, resolution: .solved, satisfaction: .satisfied),
    ]

    @Test func ratesPerUnit() throws {
        let scores = RequestScoring.scores(Self.facts)
        #expect(scores.map(\.unit) == ["市民政局", "市水务局", "市城管局"].sorted())
        let city = try #require(scores.first { $0.unit == "市城管局" })
        #expect(city.dispatched == 2)
        #expect(city.unreasonable == 1)
        #expect(city.responseRate == 0.5)
        #expect(city.resolutionRate == 0.5)
        #expect(city.satisfactionRate == 0.5)
        #expect(city.onTimeRate == 0.5)
        #expect(city.returnRate == 0.5)
        #expect(city.redoRate == 0.5)
        #expect(city.score(.standard) == 50)
        let civil = try #require(scores.first { $0.unit == "市民政局" })
        #expect(civil.dispatched == 2)
        #expect(civil.responseRate == 1)          // the open one's sign-for is not due yet
        #expect(civil.resolutionRate == 0.5)      // 部分解决 counts half
        #expect(civil.satisfactionRate == 0.5)    // 基本满意 counts half
        #expect(civil.score(.standard) == 55)     // 10×1 + 45×0.5 + 45×0.5
    }

    @Test func rankingWithWeightsAndLists() {
        let scores = RequestScoring.scores(Self.facts)
        let ranking = RequestScoring.ranking(scores, weights: .standard)
        #expect(ranking.map(\.unit.unit) == ["市水务局", "市民政局", "市城管局"])
        #expect(ranking.map(\.score) == [100, 55, 50])
        #expect(ranking.map(\.place) == [1, 2, 3])
        let lists = RequestScoring.lists(ranking, n: 1)
        #expect(lists.red.map(\.unit.unit) == ["市水务局"])
        #expect(lists.black.map(\.unit.unit) == ["市城管局"])
        // Weighting response alone puts 市民政局 level with 市水务局: they share first place.
        let responseOnly = RequestScoring.ranking(scores, weights: ScoreWeights(response: 100, resolution: 0, satisfaction: 0))
        #expect(responseOnly.map(\.place) == [1, 1, 3])
        #expect(RequestScoring.lists(responseOnly, n: 2).black.map(\.unit.unit) == ["市城管局"])
        // All alike: nobody is on the black list.
        let level = RequestScoring.ranking(scores, weights: ScoreWeights(response: 0, resolution: 0, satisfaction: 0))
        #expect(level.map(\.place) == [1, 1, 1])
        #expect(RequestScoring.lists(level, n: 1).black.isEmpty)
    }

    @Test(arguments: [(ScoreWeights.standard, true), (ScoreWeights(response: 50, resolution: 50, satisfaction: 50), false),
                      (ScoreWeights(response: -10, resolution: 60, satisfaction: 50), false)])
    func weightsMustAddUp(weights: ScoreWeights, valid: Bool) {
        #expect(weights.isValid == valid)
    }

    @Test func duplicatesByTextAndPlace() {
        func item(_ text: String, category: String = "0103", street: String? = "牛华街道", lat: Double? = nil, long: Double? = nil)
            -> RequestSimilarity.Item {
            RequestSimilarity.Item(id: UUID(), category: category, text: text, street: street, lat: lat, long: long,
                                   received: CivilDate(2026, 11, 1))
        }
        let new = item("牛华街道滨河路路灯不亮，晚上很黑", lat: 29.52, long: 103.76)
        let same = item("滨河路的路灯不亮了，晚上太黑", lat: 29.5201, long: 103.7601)
        let otherCategory = item("牛华街道滨河路路灯不亮，晚上很黑", category: "0204")
        let unrelated = item("小区物业乱收停车费", lat: 29.52, long: 103.76)
        let far = item("滨河路路灯不亮", street: "张公桥街道", lat: 29.6, long: 103.9)
        let matches = RequestSimilarity.duplicates(of: new, among: [same, otherCategory, unrelated, far, new])
        #expect(matches.first?.id == same.id)
        #expect(matches.first?.near == true)
        #expect(!matches.contains { $0.id == otherCategory.id || $0.id == unrelated.id || $0.id == new.id })
        #expect(RequestSimilarity.metres((29.52, 103.76), (29.5201, 103.7601)) < 20)
    }

    @Test func clustersGroupAlikeRequestsByCategoryAndPlace() {
        var items: [RequestSimilarity.Item] = []
        for (i, text) in ["滨河路路灯不亮", "滨河路路灯坏了不亮", "滨河路的路灯晚上不亮", "滨河路路灯又不亮了"].enumerated() {
            items.append(.init(id: UUID(), category: "0103", text: text, street: "牛华街道", lat: nil, long: nil,
                               received: CivilDate(2026, 8 + i, 3)))
        }
        items.append(.init(id: UUID(), category: "0103", text: "滨河路路灯不亮", street: "张公桥街道", lat: nil, long: nil,
                           received: CivilDate(2026, 9, 1)))
        items.append(.init(id: UUID(), category: "0801", text: "物业不作为", street: "牛华街道", lat: nil, long: nil,
                           received: CivilDate(2026, 9, 1)))
        let clusters = RequestSimilarity.clusters(items, minimum: 3)
        #expect(clusters.count == 1)
        #expect(clusters.first?.members.count == 4)
        #expect(clusters.first?.place == "牛华街道")
        #expect(clusters.first?.byMonth[YearMonth(2026, 11)] == 1)
    }
}
