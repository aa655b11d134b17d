import Foundation
import Testing
@testable import PolicyParser

/// Plans published as tables — xlsx, Word and HTML tables, and their flattened text forms — and
/// the genres plans of unseen cities bring (fixtures f21–f35, fictional cities, written by
/// `Tests/Fixtures/make_fixtures.py`). Each is read through ``DocumentReader`` and parsed.
@Suite struct TableFixtureTests {

    // MARK: xlsx: title row, category rows merged across, merged 牵头领导, sub-rows, 合计, skipped sheets

    @Test func xlsxSummaryTable() throws {
        let plan = try Fixture.document("f21_xlsx_summary_table.xlsx")
        #expect(plan.title == "岚溪市2025年民生实事项目汇总表")
        #expect(plan.period == YearSpan(from: 2025, to: 2025))
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "二.3"])

        let schools = try Fixture.item(plan, "一.1")
        #expect(schools.section == "教育文化")
        #expect(schools.title == "城区学校扩容")
        #expect(schools.leaders == ["周立新"])
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市财政局", "市自然资源和规划局"])
        // The deadline is a date cell (a serial number in a date format).
        #expect(schools.deadline == "2025-08")
        Fixture.expectTargets(schools, [
            .init(2, "所", .equal, by: "2025-08"), .init(2700, "个", .equal, by: "2025-08"), .init(18600, "万元", .equal, by: "2025-08"),
        ])

        // 牵头领导 merged over two rows; 各乡、镇人民政府 is one unit.
        let reading = try Fixture.item(plan, "一.2")
        #expect(reading.leaders == ["周立新"])
        #expect(reading.leadUnits == ["市文化广电旅游局"])
        #expect(reading.supportUnits == ["各乡、镇人民政府"])
        Fixture.expectTargets(reading, [.init(12, "个", .equal), .init(600, "万元", .equal)], checkBy: false)

        // 序号 and 项目名称 merged over two rows: one project with both rows' content and units.
        let elderly = try Fixture.item(plan, "二.3")
        #expect(elderly.section == "医疗养老")
        #expect(elderly.leaders == ["郑海燕"])
        #expect(elderly.leadUnits == ["市民政局"])
        #expect(elderly.supportUnits == ["市卫生健康委", "市残联"])
        Fixture.expectTargets(elderly, [.init(40, "个", .equal), .init(2000, "户", .equal), .init(800, "万元", .equal), .init(1200, "万元", .equal)],
                              checkBy: false)

        // What was read, and what was not.
        #expect(plan.diagnostics.contains { $0.code == .sheetSkipped && $0.excerpt == "填表说明" })
        #expect(plan.diagnostics.contains { $0.code == .sheetSkipped && $0.excerpt == "2024年存档" && $0.reason.contains("隐藏") })
        #expect(plan.diagnostics.contains { $0.code == .sheetsRead && $0.excerpt == "2025年项目" })
        let table = try #require(plan.tables.first)
        #expect(plan.tables.count == 1)
        #expect(table.line == 2)
        #expect(table.rowsRead == 3)
        #expect(table.columns.map(\.field) == [.number, .title, nil, .content, .amount, .leaders, .lead, .support, .deadline])
        #expect(table.columns[4] == TableColumn(header: "年度投资(万元)", field: .amount, unit: "万元"))
        #expect(table.skippedRows.map(\.reason) == ["合计行,不是项目"])
        #expect(plan.diagnostics.contains { $0.code == .tableRowSkipped && $0.excerpt.hasPrefix("合计") })
    }

    // MARK: xlsx: inline strings, two sheets holding the list, 责任单位 only (first leads)

    @Test func xlsxInlineStringsOverTwoSheets() throws {
        let plan = try Fixture.document("f22_xlsx_inline_two_sheets.xlsx")
        #expect(plan.items.map(\.number) == ["1", "2", "3", "4", "5"])
        let pipes = try Fixture.item(plan, "1")
        #expect(pipes.title == "城区供水管网改造")
        #expect(pipes.leadUnits == ["市水务局"])
        #expect(pipes.supportUnits == ["市住房城乡建设局"])
        Fixture.expectTargets(pipes, [.init(26, "公里", .equal, by: "2025-10")])

        let parking = try Fixture.item(plan, "3")
        #expect(parking.leadUnits == ["市城管局"])
        #expect(parking.supportUnits == [])

        let flood = try Fixture.item(plan, "4")
        #expect(flood.leadUnits == ["市水利局"])
        #expect(flood.supportUnits == ["人民大垸、荒湖管理区"])
        Fixture.expectTargets(flood, [.init(14, "公里", .equal), .init(3, "座", .equal)], checkBy: false)

        let buses = try Fixture.item(plan, "5")
        #expect(buses.supportUnits == ["各乡、镇人民政府"])
        Fixture.expectTargets(buses, [.init(11, "条", .equal, by: "2025-11")])

        // Both sheets read; the second sheet's header is the same table going on.
        #expect(plan.diagnostics.contains { $0.code == .sheetsRead && $0.excerpt == "城区项目、乡镇项目" })
        #expect(plan.tables.count == 1)
        #expect(plan.tables.first?.rowsRead == 5)
        #expect(plan.tables.first?.columns.map(\.field) == [.number, .title, .content, .lead, .deadline])
    }

    // MARK: Word table: gridSpan category rows, vMerge leaders and vMerge 序号 over sub-rows

    @Test func docxMergedCells() throws {
        let plan = try Fixture.document("f23_docx_merged_table.docx")
        #expect(plan.title == "鹤栖县2025年民生实事项目计划")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "一.3", "二.4"])

        let allowance = try Fixture.item(plan, "一.1")
        #expect(allowance.section == "民生保障类")
        #expect(allowance.leaders == ["吴建华"])
        #expect(allowance.leadUnits == ["县民政局"])
        #expect(allowance.supportUnits == ["县财政局"])
        Fixture.expectTargets(allowance, [.init(50, "元", .increaseBy, by: "2025-07")])

        // vMerge continues the leader cell of the row above.
        let rehab = try Fixture.item(plan, "一.2")
        #expect(rehab.leaders == ["吴建华"])
        #expect(rehab.leadUnits == ["县残联"])
        Fixture.expectTargets(rehab, [.init(320, "人次", .equal, by: "2025-12")])

        let training = try Fixture.item(plan, "一.3")
        #expect(training.title == "就业技能培训")
        #expect(training.leaders == ["李春梅"])
        #expect(training.leadUnits == ["县人力资源社会保障局"])
        #expect(training.supportUnits == ["县财政局", "各乡、镇人民政府"])
        Fixture.expectTargets(training, [.init(3000, "人次", .equal, by: "2025-12"), .init(2100, "人", .atLeast, by: "2025-12")])

        let roads = try Fixture.item(plan, "二.4")
        #expect(roads.section == "城乡建设类")
        #expect(roads.leaders == ["黄志远"])
        Fixture.expectTargets(roads, [.init(58, "公里", .equal, by: "2025-11")])
        #expect(plan.tables.first?.columns.map(\.field) == [.number, .title, .content, .leaders, .lead, .support, .deadline])
    }

    // MARK: HTML table: rowspan leaders and 序号, colspan category rows, 区政府分管领导

    @Test func htmlRowspanAndColspan() throws {
        let plan = try Fixture.document("f24_html_rowspan_table.html")
        #expect(plan.title == "枫渡市2025年为民办实事项目计划表")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "二.3"])

        let kindergartens = try Fixture.item(plan, "一.1")
        #expect(kindergartens.section == "教育卫生")
        #expect(kindergartens.leaders == ["何丽娟"])
        #expect(kindergartens.leadUnits == ["区教育局"])
        #expect(kindergartens.supportUnits == ["区财政局"])
        Fixture.expectTargets(kindergartens, [.init(1200, "个", .equal, by: "2025-09")])

        let clinics = try Fixture.item(plan, "一.2")
        #expect(clinics.leaders == ["何丽娟"])
        #expect(clinics.leadUnits == ["区卫生健康局"])
        #expect(clinics.supportUnits == ["区发展改革局"])

        let lanes = try Fixture.item(plan, "二.3")
        #expect(lanes.title == "背街小巷整治")
        #expect(lanes.leaders == ["马晓军"])
        #expect(lanes.leadUnits == ["区城管局"])
        #expect(lanes.supportUnits == ["区住房城乡建设局"])
        Fixture.expectTargets(lanes, [.init(38, "条", .equal), .init(9, "公里", .equal)], checkBy: false)
        #expect(plan.tables.first?.columns.map(\.field) == [.number, .title, .content, .leaders, .lead, .deadline])
        // The site's footer is not part of the plan.
        #expect(!plan.items.contains { $0.text.contains("版权") })
    }

    // MARK: One cell per line with a trailing `|` (this genre gave no items at all before)

    @Test func cellPerLineWithTrailingBar() throws {
        let plan = try Fixture.document("f25_cell_per_line_bar.txt")
        #expect(plan.title == "石砚区2025年民生实事项目清单")
        #expect(plan.items.map(\.number) == ["1", "2", "3"])
        #expect(!plan.diagnostics.contains { $0.code == .noItems })

        let estates = try Fixture.item(plan, "1")
        #expect(estates.title == "老旧小区改造")
        #expect(estates.leadUnits == ["区住房城乡建设局"])
        #expect(estates.supportUnits == ["区财政局", "各街道办事处"])
        Fixture.expectTargets(estates, [.init(21, "个", .equal, by: "2025-11"), .init(4300, "户", .equal, by: "2025-11")])

        // An empty cell written as a bare `|` keeps the columns in place.
        let canteens = try Fixture.item(plan, "2")
        #expect(canteens.leadUnits == ["区民政局"])
        #expect(canteens.supportUnits == [])
        #expect(canteens.deadline == "2025-09")

        let fitness = try Fixture.item(plan, "3")
        #expect(fitness.supportUnits == ["区城管局"])
        Fixture.expectTargets(fitness, [.init(6, "个", .equal), .init(500, "件", .equal)], checkBy: false)
    }

    // MARK: Runs of spaces, the header repeated on every page, page numbers (GB18030)

    @Test func spacedTableWithRepeatedHeader() throws {
        let data = try TestDocuments.fixtureData("f26_spaced_table_repeated_header_gb18030.txt")
        #expect(String(validating: Array(data), as: UTF8.self) == nil, "the fixture is GB18030 bytes")
        let plan = try Fixture.document("f26_spaced_table_repeated_header_gb18030.txt")
        #expect(plan.title == "琅川市2025年民生实事项目安排表")
        #expect(plan.items.map(\.number) == ["1", "2", "3", "4"])

        let schools = try Fixture.item(plan, "1")
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市财政局", "各区人民政府"])
        Fixture.expectTargets(schools, [.init(3, "所", .equal, by: "2025-08"), .init(4050, "个", .equal, by: "2025-08")])

        // The page number after row 2 is not part of it.
        let hospital = try Fixture.item(plan, "2")
        #expect(!hospital.text.contains("页"))
        #expect(hospital.leadUnits == ["市卫生健康委"])

        let beds = try Fixture.item(plan, "3")
        #expect(beds.leadUnits == ["市民政局"])
        #expect(beds.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(beds, [.init(600, "张", .equal, by: "2025-11")])

        #expect(plan.tables.count == 1)
        #expect(plan.tables.first?.rowsRead == 4)
        #expect(plan.tables.first?.skippedRows.map(\.reason) == ["重复的表头(分页)"])
    }

    // MARK: Rows flattened with single spaces, one with its number run on into the name

    @Test func runOnRows() throws {
        let plan = try Fixture.document("f27_run_on_rows.txt")
        #expect(plan.items.map(\.number) == ["1", "2", "3"])

        let water = try Fixture.item(plan, "1")
        #expect(water.title == "城乡供水一体化")
        #expect(water.leadUnits == ["县水利局"])
        #expect(water.supportUnits == ["县财政局", "各乡、镇人民政府"])
        Fixture.expectTargets(water, [.init(1, "座", .equal, by: "2025-12"), .init(36, "公里", .equal, by: "2025-12")])

        let parking = try Fixture.item(plan, "2")
        #expect(parking.title == "城区停车设施建设")
        #expect(parking.leadUnits == ["县住建局"])
        #expect(parking.supportUnits == ["县公安局"])
        Fixture.expectTargets(parking, [.init(1500, "个", .equal, by: "2025-10")])

        let waste = try Fixture.item(plan, "3")
        #expect(waste.supportUnits == ["各乡、镇人民政府"])
    }

    // MARK: Rows whose cells ran together, the header too (text taken from a PDF)

    @Test func runOnCells() throws {
        let plan = try Fixture.document("f36_run_on_cells.txt")
        #expect(plan.items.map(\.number) == ["1", "2", "3", "4"])
        #expect(plan.tables.first?.columns.map(\.field) == [.number, .title, .content, .lead, .support, .deadline])
        let schools = try Fixture.item(plan, "1")
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市财政局", "市自然资源和规划局"])
        Fixture.expectTargets(schools, [.init(2, "所", .equal, by: "2025-08"), .init(2700, "个", .equal, by: "2025-08")])
        // 社区 ends in 区 without naming a district; the unit is 市卫生健康委.
        let clinics = try Fixture.item(plan, "2")
        #expect(clinics.leadUnits == ["市卫生健康委"])
        #expect(clinics.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(clinics, [.init(6, "个", .equal, by: "2025-12")])
        let lanes = try Fixture.item(plan, "3")
        #expect(lanes.leadUnits == ["市城区管理局"])
        #expect(lanes.supportUnits == ["市住房城乡建设局"])
        let meals = try Fixture.item(plan, "4")
        #expect(meals.leadUnits == ["市民政局"])
        #expect(meals.supportUnits == [])
        #expect(meals.deadline == "2025-11")
    }

    // MARK: A news page listing 实事 under category headings with a count note

    @Test func newsPageWithCategoryCounts() throws {
        let plan = try Fixture.document("f28_news_categories.html")
        #expect(plan.items.map(\.number) == ["1", "2", "3", "4", "5"])
        #expect(plan.items.map(\.section) == ["教育文化类", "教育文化类", "健康养老类", "健康养老类", "健康养老类"])

        // 数据提供单位 inside the brackets supports.
        let schools = try Fixture.item(plan, "1")
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市统计局"])
        Fixture.expectTargets(schools, [.init(4, "所", .equal), .init(3600, "个", .equal)])

        // (X牵头,Y配合)
        let libraries = try Fixture.item(plan, "2")
        #expect(libraries.leadUnits == ["市文化广电旅游局"])
        #expect(libraries.supportUnits == ["各区人民政府"])

        // 65岁以上 defines who; 8万人次 is the target.
        let checkups = try Fixture.item(plan, "3")
        #expect(checkups.leadUnits == ["市卫生健康委"])
        #expect(checkups.supportUnits == ["市财政局"])
        Fixture.expectTargets(checkups, [.init(8, "万人次", .equal)])

        let childcare = try Fixture.item(plan, "4")
        #expect(childcare.supportUnits == ["市发展改革委", "市教育局"])
        Fixture.expectTargets(childcare, [.init(900, "个", .equal)])

        // The editor's line is page furniture.
        #expect(!plan.items.contains { $0.text.contains("责任编辑") })
    }

    // MARK: Leaders named in section headings (某某市长主抓…), numbered and unnumbered

    @Test func leadersInSectionHeadings() throws {
        let plan = try Fixture.document("f29_leader_section_heading.txt")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "一.3", "二.1", "二.2", "1"])
        for number in ["一.1", "一.2", "一.3"] {
            #expect(try Fixture.item(plan, number).leaders == ["陈立群"], "\(number)")
        }
        let jobs = try Fixture.item(plan, "一.1")
        #expect(jobs.section == "陈立群市长主抓重点工作")
        Fixture.expectTargets(jobs, [.init(2.6, "万人", .atLeast)])
        let unemployment = try Fixture.item(plan, "一.2")
        #expect(unemployment.supportUnits == ["市统计局"])
        Fixture.expectTargets(unemployment, [.init(5.5, "%", .atMost)])

        for number in ["二.1", "二.2"] {
            #expect(try Fixture.item(plan, number).leaders == ["王晓东", "刘敏"], "\(number)")
        }
        #expect(try Fixture.item(plan, "二.2").leadUnits == ["市交通运输局"])

        // An unnumbered heading line (孙健副市长主抓(1项)) opens its own group.
        let air = try Fixture.item(plan, "1")
        #expect(air.leaders == ["孙健"])
        #expect(air.leadUnits == ["市生态环境局"])
        Fixture.expectTargets(air, [.init(88, "%", .equal)])
    }

    // MARK: Units coordinated before a shared suffix, and the addressee line's groups

    @Test func sharedSuffixUnits() throws {
        let plan = try Fixture.document("f30_shared_suffix_addressee.txt")
        #expect(plan.title == "澧川县2025年民生实事实施方案")
        #expect(plan.documentNumber == "澧政办发〔2025〕3号")
        #expect(plan.items.map(\.number) == ["一.(一)", "一.(二)", "一.(三)"])

        let water = try Fixture.item(plan, "一.(一)")
        #expect(water.leadUnits == ["县水利局"])
        #expect(water.supportUnits == ["各乡、镇人民政府", "人民大垸、荒湖管理区"])
        Fixture.expectTargets(water, [.init(12, "处", .equal), .init(98, "%", .atLeast)])

        let dams = try Fixture.item(plan, "一.(二)")
        #expect(dams.supportUnits == ["县应急管理局", "人民大垸、荒湖管理区"])

        let clinics = try Fixture.item(plan, "一.(三)")
        #expect(clinics.leadUnits == ["县卫生健康局"])
        #expect(clinics.supportUnits == ["各乡、镇人民政府"])
    }

    @Test func sharedSuffixRule() {
        #expect(ResponsibilityReader.names(in: "县水利局、各乡、镇人民政府、人民大垸、荒湖管理区") == ["县水利局", "各乡、镇人民政府", "人民大垸、荒湖管理区"])
        // Units that are units on their own stay apart.
        #expect(ResponsibilityReader.names(in: "市财政局、各区人民政府") == ["市财政局", "各区人民政府"])
        #expect(ResponsibilityReader.names(in: "市教育局、高新区管委会") == ["市教育局", "高新区管委会"])
        #expect(ResponsibilityReader.names(in: "各县(市、区)人民政府、市直各部门") == ["各县(市、区)人民政府", "市直各部门"])
        // The addressee line's groups join what a list split.
        let groups = PlanParser.addresseeGroups([SourceLine(number: 3, text: "各乡、镇人民政府,青石、白沙街道办事处,市政府各部门:")])
        #expect(groups == ["各乡、镇人民政府", "青石、白沙街道办事处"])
        #expect(ResponsibilityReader.joiningGroups(["市民政局", "青石", "白沙街道办事处"], groups: groups) == ["市民政局", "青石、白沙街道办事处"])
    }

    // MARK: A traditional-character mirror with pinyin glosses 關(guān)

    @Test func traditionalMirrorWithPinyin() throws {
        let plan = try Fixture.document("f31_traditional_pinyin.html")
        #expect(plan.title == "琴川市2025年民生实事项目实施方案")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "二.3"])
        let kindergartens = try Fixture.item(plan, "一.1")
        #expect(kindergartens.section == "教育医疗")
        #expect(kindergartens.title == "新建幼儿园5所,新增学位1350个")
        #expect(kindergartens.leadUnits == ["市教育局"])
        Fixture.expectTargets(kindergartens, [.init(5, "所", .equal), .init(1350, "个", .equal)])
        let centres = try Fixture.item(plan, "一.2")
        #expect(centres.leadUnits == ["市卫生健康委"])
        #expect(centres.supportUnits == ["市财政局"])
        let beds = try Fixture.item(plan, "二.3")
        #expect(beds.section == "养老服务")
        Fixture.expectTargets(beds, [.init(800, "张", .equal)])
        #expect(!plan.items.contains { $0.text.unicodeScalars.contains { $0.value >= 0xE0 && $0.value <= 0x1DC } })
    }

    @Test func pinyinGlossesAreStripped() throws {
        let lines = Normalizer.lines(of: "關(guān)於(yú)印發(fā)的通知\n(a)項目(xiàng)\n公里(km)")
        #expect(lines.map(\.text) == ["关于印发的通知", "(a)项目", "公里(km)"])
        #expect(Normalizer.lines(of: "關guān於yú印發fā的通知5G").map(\.text) == ["关于印发的通知5G"])
        let ruby = "<html><body><p><ruby>民<rt>mín</rt></ruby><ruby>生<rp>(</rp><rt>shēng</rt><rp>)</rp></ruby>实事</p></body></html>"
        #expect(try DocumentReader.read(data: Data(ruby.utf8), filename: "r.html") == "民生实事")
    }

    // MARK: Units named before a label inside the brackets; 数据提供单位; X牵头,Y配合 (GB18030)

    @Test func dataProviderAndInlineLeadMarks() throws {
        let plan = try Fixture.document("f32_data_provider_label_gb18030.txt")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "一.3", "一.4"])
        let screening = try Fixture.item(plan, "一.1")
        #expect(screening.leadUnits == ["市卫生健康委"])
        #expect(screening.supportUnits == ["市统计局", "市医保局"])
        Fixture.expectTargets(screening, [.init(3.5, "万人", .equal)])
        let posts = try Fixture.item(plan, "一.2")
        #expect(posts.leadUnits == ["市人力资源社会保障局"])
        #expect(posts.supportUnits == ["市财政局", "市农业农村局"])
        let gas = try Fixture.item(plan, "一.3")
        #expect(gas.leadUnits == ["市住房城乡建设局"])
        #expect(gas.supportUnits == ["各区人民政府"])
        let circles = try Fixture.item(plan, "一.4")
        #expect(circles.leadUnits == ["市商务局"])
        #expect(circles.supportUnits == ["市自然资源和规划局"])
        // 15分钟 names a service radius, not a target.
        Fixture.expectTargets(circles, [.init(20, "个", .equal)])
        #expect(!plan.items.contains { $0.number.hasPrefix("二") })
    }

    // MARK: Word: a table continued after a page break with its header again (续表)

    @Test func docxTableContinuedWithHeader() throws {
        let plan = try Fixture.document("f33_docx_repeated_header.docx")
        #expect(plan.title == "柳湾区2025年民生实事项目表")
        #expect(plan.items.map(\.number) == ["1", "2", "3", "4"])
        #expect(try Fixture.item(plan, "2").supportUnits == ["各街道办事处"])
        let guards = try Fixture.item(plan, "3")
        #expect(guards.leadUnits == ["区教育局"])
        #expect(guards.supportUnits == ["区公安分局"])
        Fixture.expectTargets(guards, [.init(180, "名", .equal, by: "2025-08")])
        let aed = try Fixture.item(plan, "4")
        #expect(aed.leadUnits == ["区卫生健康局"])
        #expect(aed.supportUnits == [])
        // 续表 is not text of item 2.
        #expect(!(try Fixture.item(plan, "2")).text.contains("续表"))
        #expect(plan.tables.count == 1)
        #expect(plan.tables.first?.rowsRead == 4)
        #expect(plan.tables.first?.skippedRows.map(\.reason) == ["续表标记", "重复的表头(分页)"])
    }

    // MARK: xlsx without a 序号 column; rich text and phonetic runs in shared strings; a percentage cell

    @Test func xlsxWithoutNumberColumn() throws {
        let plan = try Fixture.document("f34_xlsx_no_number_column.xlsx")
        #expect(plan.items.map(\.number) == ["1", "2", "3"])
        let libraries = try Fixture.item(plan, "1")
        // Rich-text runs joined; the phonetic run (chengshi) left out.
        #expect(libraries.title == "城市书房")
        #expect(libraries.leadUnits == ["市文化广电旅游局"])
        #expect(libraries.supportUnits == ["各区人民政府"])
        let buses = try Fixture.item(plan, "2")
        Fixture.expectTargets(buses, [.init(8, "条", .equal, by: "2025-12"), .init(120, "辆", .equal, by: "2025-12")])
        let markets = try Fixture.item(plan, "3")
        #expect(markets.leadUnits == ["市商务局"])
        #expect(markets.supportUnits == ["市市场监管局"])
        // A 目标值 cell in a percentage format (0.95 shown as 95%) completes the sentence before it.
        Fixture.expectTargets(markets, [.init(15, "个", .equal, by: "2025-11"), .init(95, "%", .equal, by: "2025-11")])
        #expect(plan.tables.first?.columns.map(\.field) == [.title, .content, .content, .lead, .deadline])
    }

    // MARK: Tabs: a sub-row with empty leading cells, an empty leaders cell, a 合计 row

    @Test func tabTableSubRows() throws {
        let plan = try Fixture.document("f35_tab_table_subrows.txt")
        #expect(plan.items.map(\.number) == ["1", "2", "3"])
        let drainage = try Fixture.item(plan, "1")
        #expect(drainage.leaders == ["顾长青"])
        #expect(drainage.leadUnits == ["市住房城乡建设局"])
        #expect(drainage.supportUnits == ["市水务局", "市城管局"])
        Fixture.expectTargets(drainage, [.init(18, "公里", .equal), .init(11, "处", .equal)], checkBy: false)
        // An empty leaders cell is a merged cell flattened: the leader of the row above.
        let roads = try Fixture.item(plan, "2")
        #expect(roads.leaders == ["顾长青"])
        #expect(roads.leadUnits == ["市交通运输局"])
        let access = try Fixture.item(plan, "3")
        #expect(access.leaders == ["潘小雨"])
        #expect(!access.text.contains("合计"))
        #expect(plan.tables.first?.skippedRows.map(\.reason) == ["合计行,不是项目"])
    }

    // MARK: the public table report survives JSON, and plans without tables encode as before

    @Test func tablesInJSONOnlyWhenPresent() throws {
        let plan = try Fixture.document("f21_xlsx_summary_table.xlsx")
        let data = try JSONEncoder().encode(plan)
        let decoded = try JSONDecoder().decode(ParsedPlan.self, from: data)
        #expect(decoded == plan)
        let plain = try Fixture.document("f01_own_line_labels.txt")
        #expect(plain.tables.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("\"tables\""))
        // A plan stored before `tables` existed still decodes.
        let old = #"{"source":"a.txt","title":null,"documentNumber":null,"period":null,"items":[],"diagnostics":[]}"#
        #expect(try JSONDecoder().decode(ParsedPlan.self, from: Data(old.utf8)).tables == [])
    }

    // MARK: two header rows; the post named before the leader

    @Test func twoHeaderRowsFromMergedCells() throws {
        // Word/HTML export of 责任单位 spanning 牵头单位 | 配合单位: rowspan fills the first row's cells down.
        let html = """
        <html><body><p>松岭市2025年民生实事项目表</p><table>
        <tr><th rowspan="2">序号</th><th rowspan="2">项目名称</th><th colspan="2">责任单位</th><th rowspan="2">完成时限</th></tr>
        <tr><th>牵头单位</th><th>配合单位</th></tr>
        <tr><td>1</td><td>新建社区食堂10个</td><td>市民政局</td><td>市财政局</td><td>2025年9月</td></tr>
        </table></body></html>
        """
        let plan = PlanParser().parse(try DocumentReader.readDocument(data: Data(html.utf8), filename: "t.html"), source: "t.html")
        #expect(plan.items.map(\.number) == ["1"])
        #expect(plan.items.first?.leadUnits == ["市民政局"])
        #expect(plan.items.first?.supportUnits == ["市财政局"])
        #expect(plan.tables.count == 1)
        #expect(plan.tables.first?.columns.map(\.field) == [.number, .title, .lead, .support, .deadline])

        // Flattened with the second header row lost: the empty cell after 责任单位 supports.
        let text = "序号 | 项目名称 | 责任单位 |  | 完成时限\n1 | 新建社区食堂10个 | 市民政局 | 市财政局 | 2025年9月"
        let flat = PlanParser().parse(text: text, source: "t.txt")
        #expect(flat.items.first?.leadUnits == ["市民政局"])
        #expect(flat.items.first?.supportUnits == ["市财政局"])
    }

    @Test func postBeforeTheLeadersName() {
        #expect(ResponsibilityReader.headingLeaders("一、副市长张明牵头推进事项") == ["张明"])
        #expect(ResponsibilityReader.headingLeaders("张明、李华副市长主抓") == ["张明", "李华"])
        #expect(ResponsibilityReader.headingLeaders("一、教育文化") == nil)
        #expect(ResponsibilityReader.headingLeaders("市长热线办理") == nil)
        // A closing line about the item above is not a heading for what follows.
        let plan = PlanParser().parse(text: "汀州市2025年民生实事\n一、重点任务\n1.新建学校3所。(牵头单位:市教育局)\n(张明副市长负责)\n2.新建医院1所。(牵头单位:市卫生健康委)", source: "t.txt")
        #expect(plan.items.map(\.number) == ["一.1", "一.2"])
        #expect(plan.items.last?.leaders == [])
    }

    @Test func unitsAndNamesWithoutTheWordsAroundThem() throws {
        let r = try #require(ResponsibilityReader.segment("责任单位:市教育局牵头,市财政局、市人力资源社会保障局配合"))
        #expect(r.leadUnits == ["市教育局"])
        #expect(r.supportUnits == ["市财政局", "市人力资源社会保障局"])
        let s = try #require(ResponsibilityReader.segment("牵头单位:市民政局;配合单位:市卫生健康委等单位"))
        #expect(s.supportUnits == ["市卫生健康委"])
        #expect(ResponsibilityReader.personNames(in: "副市长张明、市委常委、副市长李华") == ["张明", "李华"])
        #expect(ResponsibilityReader.personNames(in: "王强(副县长)") == ["王强"])
    }

    @Test func categoryRowsWithoutNumberOrCount() throws {
        let html = """
        <html><body><p>松岭市2025年民生实事项目表</p><table>
        <tr><td>序号</td><td>项目名称</td><td>建设内容</td><td>牵头单位</td></tr>
        <tr><td colspan="4">教育文化</td></tr>
        <tr><td>1</td><td>新建学校</td><td>新建学校3所</td><td>市教育局</td></tr>
        <tr><td colspan="4">医疗卫生</td></tr>
        <tr><td>2</td><td>建设医院</td><td>新建医院1所</td><td>市卫生健康委</td></tr>
        </table></body></html>
        """
        let plan = PlanParser().parse(try DocumentReader.readDocument(data: Data(html.utf8), filename: "t.html"), source: "t.html")
        #expect(plan.items.map(\.number) == ["1", "2"])
        #expect(plan.items.map(\.section) == ["教育文化", "医疗卫生"])
        #expect(plan.items.map(\.text) == ["新建学校。新建学校3所", "建设医院。新建医院1所"])
    }

    @Test func exportShapedTableKeepsNumbersAndSections() throws {
        // The shape of a 项目汇总表 written from a plan: 序号 and 编号, 领域, units, investment.
        let data = TestDocuments.xlsx([(name: "项目汇总表", rows: [
            ["溪桥市2025年民生实事项目汇总表"],
            ["序号", "编号", "项目名称", "领域", "牵头领导", "牵头单位", "责任单位", "计划投资(万元)", "序时进度(%)", "实际进度(%)"],
            ["1", "二.(一).1", "新建学校。新建小学2所", "教育提升行动", "张明", "市教育局", "市财政局、各区人民政府", "5000", "50", "40"],
            ["2", "二.(二).1", "社区食堂。新建社区食堂10个", "养老服务行动", "李华", "市民政局", "", "", "30", "30"],
            ["3", "附件1.3", "城市书房", "文化惠民", "", "市文旅局", "市财政局", "", "", ""],
        ], merges: [])])
        let plan = PlanParser().parse(try DocumentReader.readDocument(data: data, filename: "export.xlsx"), source: "export.xlsx")
        #expect(plan.items.map(\.number) == ["二.(一).1", "二.(二).1", "附件1.3"])
        #expect(plan.items.map(\.section) == ["教育提升行动", "养老服务行动", "文化惠民"])
        let schools = try Fixture.item(plan, "二.(一).1")
        #expect(schools.title == "新建学校")
        #expect(schools.leaders == ["张明"])
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市财政局", "各区人民政府"])
        Fixture.expectTargets(schools, [.init(2, "所", .equal), .init(5000, "万元", .equal)], checkBy: false)
        #expect(try Fixture.item(plan, "二.(二).1").supportUnits == [])
        #expect(plan.tables.first?.columns.prefix(4).map(\.field) == [.number, .code, .title, .section])

        // The progress table's header (进度, 预警状态, 工作进展 …) is a header too.
        let progress = ["序号", "编号", "项目名称", "领域", "牵头领导", "牵头单位", "责任单位", "计划投资(万元)", "序时进度(%)", "实际进度(%)",
                        "预警状态", "最新报送月份", "工作进展", "存在问题", "下步打算"]
        #expect(TableLayout(header: progress) != nil)
        #expect(TableLayout(header: ["1", "新建学校", "市教育局", "2025年"]) == nil)
    }

    @Test func rowNumbersInBracketsCircledOrChinese() throws {
        let text = """
        柏溪县2025年民生实事项目表
        序号 | 项目名称 | 建设内容 | 牵头单位 | 配合单位
        (1) | 新建学校 | 新建学校2所 | 县教育局 | 县财政局
        ② | 建设医院 | 新建医院1所 | 县卫生健康局 |
        三 | 改造道路 | 改造道路12公里 | 县交通运输局 | 各乡、镇人民政府
        """
        let plan = PlanParser().parse(text: text, source: "t.txt")
        #expect(plan.items.map(\.number) == ["1", "2", "三"])
        #expect(plan.items.map(\.leadUnits) == [["县教育局"], ["县卫生健康局"], ["县交通运输局"]])
        #expect(plan.items.map(\.supportUnits) == [["县财政局"], [], ["各乡、镇人民政府"]])
        #expect(TableLayout.rowOrdinal("12.") == 12)
        #expect(TableLayout.rowOrdinal("(3)") == 3)
        #expect(TableLayout.rowOrdinal("⑳") == 20)
        #expect(TableLayout.rowOrdinal("项目") == nil)
    }

    @Test func deadlineCellsWithoutTheYear() {
        let text = """
        柏溪县2025年民生实事项目表
        序号 | 项目名称 | 建设内容 | 牵头单位 | 完成时限
        1 | 新建学校 | 新建学校2所 | 县教育局 | 8月底
        2 | 建设医院 | 新建医院1所 | 县卫生健康局 | 年底前
        3 | 改造道路 | 改造道路12公里 | 县交通运输局 | 2025年3月-11月
        """
        let plan = PlanParser().parse(text: text, source: "t.txt")
        #expect(plan.items.map(\.deadline) == ["2025-08", "2025", "2025-11"])
        #expect(plan.items.first?.targets.first?.by == "2025-08")
    }
}
