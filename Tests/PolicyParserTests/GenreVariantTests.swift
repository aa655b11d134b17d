import Testing
@testable import PolicyParser

/// Habits of unseen plans that the fixture files do not cover, written inline: tables flattened one
/// cell per line or with spaces, a unit marked (牵头) inside a list, figures in Chinese numerals,
/// 由…提高到… baselines, leaders with their posts, and the pieces of the parser on their own.
@Suite struct GenreVariantTests {
    func parse(_ lines: [String]) -> ParsedPlan { PlanParser().parse(text: lines.joined(separator: "\n"), source: "inline.txt") }

    @Test func tableFlattenedOneCellPerLine() throws {
        let plan = parse([
            "示例市2025年民生实事项目表",
            "序号", "项目名称", "建设内容及目标", "牵头单位", "配合单位", "完成时限",
            "1", "新建公办幼儿园", "新建公办幼儿园8所,新增学位2400个", "市教育局", "市自然资源和规划局、市住房城乡建设局", "2025年8月底",
            // 配合单位 left empty: the cell vanished when the table was flattened.
            "2", "老年助餐", "新增老年助餐点40个", "市民政局", "2025年12月",
        ])
        #expect(plan.title == "示例市2025年民生实事项目表")
        #expect(plan.items.map(\.number) == ["1", "2"])
        let first = try #require(plan.items.first)
        #expect(first.leadUnits == ["市教育局"])
        #expect(first.supportUnits == ["市自然资源和规划局", "市住房城乡建设局"])
        #expect(first.deadline == "2025-08")
        #expect(first.targets.map(\.value) == [8, 2400])
        let second = try #require(plan.items.last)
        #expect(second.leadUnits == ["市民政局"])
        #expect(second.supportUnits == [])
        #expect(second.deadline == "2025-12")
    }

    @Test func tableFlattenedWithSpaces() throws {
        let plan = parse([
            "示例县2025年民生实事",
            "序号 项目名称 目标任务 牵头单位 责任单位 完成时限",
            "1 农村公路 新改建农村公路120公里 县交通运输局 各乡镇人民政府 2025年10月",
            "2 校舍改造 改造农村学校校舍15所 县教育局 2025年8月",
        ])
        #expect(plan.items.map(\.number) == ["1", "2"])
        #expect(plan.items[0].supportUnits == ["各乡镇人民政府"])
        #expect(plan.items[0].targets.first?.unit == "公里")
        #expect(plan.items[1].leadUnits == ["县教育局"])
        #expect(plan.items[1].deadline == "2025-08")
    }

    @Test func leadMarkedInsideTheListAndLeaderPosts() throws {
        let plan = parse([
            "示例方案", "一、主要任务",
            "1.新增学位两万个,培训两千人次。(牵头领导:市委常委、副市长 张三同志;责任单位:市财政局、市教育局(牵头)、各区政府)",
        ])
        let item = try #require(plan.items.first)
        #expect(item.leaders == ["张三"])
        #expect(item.leadUnits == ["市教育局"])
        #expect(item.supportUnits == ["市财政局", "各区政府"])
        // 两万 → 2 with unit 万… (SCHEMA.md), 两千 → 2000.
        #expect(item.targets.map(\.value) == [2, 2000])
        #expect(item.targets.map(\.unit) == ["万个", "人次"])
    }

    @Test func baselinesAndDecreases() throws {
        let plan = parse([
            "示例方案", "一、主要任务",
            "1.保障提标。城乡低保标准由每人每月600元提高到650元,失业率降至4.5%以内,单位GDP能耗下降3%。(牵头单位:市民政局)",
        ])
        let targets = try #require(plan.items.first).targets
        #expect(targets.count == 3)
        #expect(targets[0].value == 650 && targets[0].baseline == 600 && targets[0].op == .equal)
        #expect(targets[1].value == 4.5 && targets[1].op == .atMost)
        #expect(targets[2].value == 3 && targets[2].op == .decreaseBy)
    }

    @Test func pointsAnnouncedByAColonBelongToTheirItem() throws {
        let plan = parse([
            "红河县2025年民生实事", "一、主要任务",
            "1.实施教育提质工程,主要包括:", "(1)新建学校3所;", "(2)新增学位2000个。", "(牵头单位:县教育局;配合单位:县财政局)",
            "2.实施养老服务提升工程。新增养老床位300张。(牵头单位:县民政局)",
        ])
        #expect(plan.items.map(\.number) == ["一.1", "一.2"])
        let first = try #require(plan.items.first)
        #expect(first.section == "主要任务")
        #expect(first.leadUnits == ["县教育局"])
        #expect(first.targets.map(\.value) == [3, 2000])
        #expect(first.lines == LineRange(from: 3, to: 6))
    }

    @Test func numberedExpectedTargetsWithUnitsAreTasks() throws {
        // A 政府工作报告 breakdown: its 预期目标 are assigned to units, so they are tasks, not goals.
        let plan = parse([
            "青山市2024年政府工作报告重点工作责任分解", "一、经济社会发展主要预期目标",
            "1.地区生产总值增长6%左右。", "责任领导:张三", "牵头单位:市发展改革委",
            "2.城镇新增就业5万人以上。", "牵头单位:市人力资源社会保障局",
        ])
        #expect(plan.items.map(\.number) == ["一.1", "一.2"])
        #expect(plan.items.allSatisfy { $0.kind == .task })
        #expect(plan.items[0].leaders == ["张三"])
        #expect(plan.items[0].targets.first?.op == .about)
    }

    @Test func monthDeadlinesInASingleYearPlan() throws {
        let plan = parse([
            "南岭市2025年民生实事项目", "一、主要任务",
            "1.新建公办幼儿园8所,11月底前全部建成。(牵头单位:市教育局)",
            "2.到2025年6月底前完成老旧小区改造40个。(牵头单位:市住建局)",
        ])
        #expect(plan.items.map(\.deadline) == ["2025-11", "2025-06"])
        #expect(plan.items.flatMap(\.targets).map(\.by) == ["2025-11", "2025-06"])
        #expect(plan.items[1].targets.first?.metric == "完成老旧小区改造")
    }

    /// A verb standing alone before its figure names nothing: the thing counted follows the
    /// figure (issue 13: 完成, 改造, 将 were left to retype one by one).
    @Test func aBareVerbTakesTheWordsAfterItsFigure() throws {
        let plan = parse([
            "南岭市2025年民生实事项目", "一、主要任务",
            "1.完成570万平方米老旧小区改造。(牵头单位:市住建局)",
            "2.改造120个老旧小区。(牵头单位:市住建局)",
            "3.建成5家智慧医院和4家互联网医院。(牵头单位:市卫生健康委)",
        ])
        let metrics = plan.items.map { $0.targets.map(\.metric) }
        #expect(metrics[0] == ["完成老旧小区改造"])
        #expect(metrics[1] == ["改造老旧小区"])
        #expect(metrics[2].first == "建成智慧医院")
    }

    @Test func moreThanWithYuAndDuo() throws {
        let plan = parse(["示例方案", "1.新建学校100余所,惠及群众2万余人,开展活动200场。(牵头单位:市教育局)"])
        let targets = try #require(plan.items.first).targets
        #expect(targets.map(\.value) == [100, 2, 200])
        #expect(targets.map(\.unit) == ["所", "万人", "场"])
        #expect(targets.map(\.op) == [.atLeast, .atLeast, .equal])
    }

    @Test func figuresOutsideItemsAreReportedNotDropped() throws {
        let plan = parse([
            "示例方案", "一、主要任务", "1.新建学校3所。(牵头单位:市教育局)",
            "二、保障措施", "(一)强化资金保障。市、区两级财政安排民生实事资金不少于25亿元。",
        ])
        #expect(plan.items.map(\.number) == ["一.1"])
        let note = try #require(plan.diagnostics.first { $0.code == .figureNotRead })
        #expect(note.line == 5)
        #expect(note.reason.contains("25亿元"))
    }

    @Test func unattachedResponsibilityIsReported() throws {
        let plan = parse(["牵头单位:市教育局", "示例方案", "1.新建学校3所。"])
        #expect(plan.diagnostics.contains { $0.code == .orphanResponsibility && $0.line == 1 })
    }

    @Test(arguments: [
        ("一、主要任务", LabelStyle.chineseComma, "一"),
        ("(十二)教育", .parenChinese, "(十二)"),
        ("12.新建学校", .arabicDot, "12"),
        ("3、新建学校", .arabicComma, "3"),
        ("(3)新建学校", .parenArabic, "(3)"),
        ("第二部分 重点任务", .chapter, "第二部分"),
    ])
    func outlineLabels(line: String, style: LabelStyle, label: String) throws {
        let found = try #require(Outline.label(in: line))
        #expect(found.style == style)
        #expect(found.label == label)
    }

    @Test(arguments: ["1.8万个学位", "2023年全市", "5G基站", "一体化推进"])
    func notLabels(line: String) {
        #expect(Outline.label(in: line) == nil)
    }

    @Test(arguments: [("二十三", 23), ("一百零五", 105), ("两千", 2000), ("十", 10), ("三万五千", 35_000)])
    func chineseNumerals(text: String, value: Int) {
        #expect(ChineseNumerals.value(of: text.unicodeScalars) == value)
    }

    @Test func traditionalTextIsConverted() {
        let lines = Normalizer.lines(of: "市政府關於印發民生實事項目的通知\n（一）新建學校８所")
        #expect(lines.map(\.text) == ["市政府关于印发民生实事项目的通知", "(一)新建学校8所"])
    }

    @Test func simplifiedTextIsLeftAlone() {
        // 著 and 乾 are also simplified characters: a simplified text must not be "converted".
        #expect(Normalizer.lines(of: "著力推进乾坤湾整治工作").first?.text == "著力推进乾坤湾整治工作")
    }
}
