import MinshengCore
import Testing

/// "Did you mean" for unit names (issue 13: a typed unit is refused with the close matches).
@Suite struct UnitNameTests {
    let units = ["市卫生健康委", "市教育局", "市民政局", "市住房和城乡建设局", "市城市管理局", "市财政局"]

    @Test func closeNamesComeFirstAndUnrelatedOnesNotAtAll() {
        #expect(UnitName.closeMatches("市卫生健康局", among: units).first == "市卫生健康委")
        #expect(UnitName.closeMatches("市教育厅", among: units).first == "市教育局")
        // Short forms count: 市住建局 is close to 市住房和城乡建设局 (key 市住建局).
        #expect(UnitName.closeMatches("市住建委", among: units).first == "市住房和城乡建设局")
        #expect(UnitName.closeMatches("县林业站", among: units).isEmpty)
        #expect(UnitName.closeMatches("", among: units).isEmpty)
    }

    @Test func atMostTheLimitBestFirst() {
        let many = ["市教育局一处", "市教育局二处", "市教育局三处", "市教育局四处", "市教育局"]
        let found = UnitName.closeMatches("市教育局", among: many, limit: 3)
        #expect(found.count == 3)
        #expect(found.first == "市教育局")
    }
}
