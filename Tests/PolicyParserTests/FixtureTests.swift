import Foundation
import Testing
@testable import PolicyParser

/// Unseen-document habits, one fixture each (`Tests/Fixtures`, fictional cities), read through
/// ``DocumentReader`` and parsed. Expectations follow `corpus/SCHEMA.md` and the gold notes:
/// numbers are full label paths; the first listed unit leads where only 责任单位 is given;
/// 以上/不少于 → `>=`, 以内/控制在/不超过 → `<=`, 达到/新增/建成 → `=`, 左右/约 → `~`,
/// 提高/增长 N → `+`, 下降 N → `-`; mechanism sections give no items; names, radii, ages and
/// ordinals are not targets.
@Suite struct FixtureTests {

    // MARK: 牵头单位 / 责任单位 / 完成时限 on their own lines

    @Test func ownLineLabels() throws {
        let plan = try Fixture.plan("f01_own_line_labels.txt")
        #expect(plan.title == "青岚市2024年民生实事项目实施方案")
        #expect(plan.documentNumber == nil)
        #expect(plan.period == YearSpan(from: 2024, to: 2024))
        #expect(plan.items.map(\.number) == ["二.(一)", "二.(二)", "二.(三)"])

        let schools = try Fixture.item(plan, "二.(一)")
        #expect(schools.kind == .task)
        #expect(schools.section == "重点项目")
        #expect(schools.title == "新建改扩建中小学校")
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市发展改革委", "市自然资源和规划局", "各区县人民政府"])
        #expect(schools.deadline == "2024-12")
        Fixture.expectTargets(schools, [
            .init(8, "所", .equal, by: "2024-12"),
            .init(9000, "个", .atLeast, by: "2024-12"),
        ])

        let estates = try Fixture.item(plan, "二.(二)")
        #expect(estates.leadUnits == ["市住房城乡建设局"])
        #expect(estates.supportUnits == ["市财政局", "各区县人民政府"])
        Fixture.expectTargets(estates, [
            .init(126, "个", .equal, by: "2024-11"),
            .init(2.3, "万户", .equal, by: "2024-11"),
        ])

        // Only 责任单位, no stated rule: the first unit leads.
        let services = try Fixture.item(plan, "二.(三)")
        #expect(services.leadUnits == ["市民政局"])
        #expect(services.supportUnits == ["市卫生健康委", "各区县人民政府"])
        Fixture.expectTargets(services, [
            .init(20, "个", .equal, by: "2024"),
            .init(300, "平方米", .atLeast, by: "2024"),
        ])

        // 三、保障措施 is a mechanism section: its 100% is not an item's target.
        #expect(!plan.items.contains { $0.number.hasPrefix("三") })
        // The 牵头单位 line under the title belongs to no item.
        #expect(plan.diagnostics.contains { $0.excerpt.contains("市政府办公室") })
        // Line ranges point into the text: 二.(一) starts on line 7.
        #expect(schools.lines.from == 7)
        #expect(schools.lines.to >= 8)
    }

    // MARK: Units in bare parentheses, mixed punctuation, continued numbering

    @Test func bareParenthesesAndContinuedNumbering() throws {
        let plan = try Fixture.plan("f02_bare_parentheses.txt")
        #expect(plan.title == "松川市2025年为民办实事项目")
        #expect(plan.items.map(\.number) == [
            "goal.1", "二.(一).1", "二.(一).2", "二.(一).3", "二.(二).4", "二.(二).5", "二.(二).6", "二.(三).7", "二.(三).8",
        ])

        let goal = try Fixture.item(plan, "goal.1")
        #expect(goal.kind == .goal)
        #expect(goal.section == "总体目标")
        Fixture.expectTargets(goal, [.init(18, "亿元", .atLeast), .init(2.6, "万人", .atLeast)], checkBy: false)

        let first = try Fixture.item(plan, "二.(一).1")
        #expect(first.section == "教育民生")
        #expect(first.leadUnits == ["市教育局"])
        #expect(first.supportUnits == [])
        Fixture.expectTargets(first, [.init(1200, "个", .equal), .init(15, "所", .equal)])

        let libraries = try Fixture.item(plan, "二.(一).2")
        #expect(libraries.leadUnits == ["市文化广电旅游局"])
        #expect(libraries.supportUnits == ["市财政局"])
        Fixture.expectTargets(libraries, [.init(10, "个", .equal)])

        let screening = try Fixture.item(plan, "二.(一).3")
        #expect(screening.leadUnits == ["市教育局"])
        #expect(screening.supportUnits == ["市卫生健康委"])
        Fixture.expectTargets(screening, [.init(4.5, "万名", .equal)])

        // Full-width digits and ％; the unit list is the last bracket, not "(含基层医疗机构)".
        let county = try Fixture.item(plan, "二.(二).4")
        #expect(county.section == "健康民生")
        #expect(county.leadUnits == ["市卫生健康委"])
        #expect(county.supportUnits == [])
        Fixture.expectTargets(county, [.init(90, "%", .atLeast)])

        let insurance = try Fixture.item(plan, "二.(二).5")
        #expect(insurance.leadUnits == ["市医保局"])
        Fixture.expectTargets(insurance, [.init(30, "元", .increaseBy), .init(700, "元", .equal)])

        // No unit stated, and 二级以上 is a threshold, 全部 no figure: still an item.
        let smart = try Fixture.item(plan, "二.(二).6")
        #expect(smart.leadUnits == [])
        #expect(smart.supportUnits == [])
        #expect(smart.targets == [])

        let beds = try Fixture.item(plan, "二.(三).7")
        #expect(beds.section == "养老民生")
        #expect(beds.leadUnits == ["市民政局"])
        Fixture.expectTargets(beds, [.init(800, "张", .equal), .init(65, "%", .equal)])

        // 80岁以上 defines the population; 约 → ~.
        let allowance = try Fixture.item(plan, "二.(三).8")
        #expect(allowance.leadUnits == ["市民政局"])
        #expect(allowance.supportUnits == ["市财政局"])
        Fixture.expectTargets(allowance, [.init(3.2, "万人", .about)])
    }

    // MARK: Cover notice and a flattened table (序号 | 项目名称 | 目标任务 | 牵头单位 | 责任单位 | 完成时限)

    @Test func flattenedTableAfterCoverNotice() throws {
        let plan = try Fixture.plan("f03_flattened_table.txt")
        #expect(plan.title == "鹿鸣市2024年民生实事项目清单")
        #expect(plan.documentNumber == "鹿政办发〔2024〕8号")
        #expect(plan.period == YearSpan(from: 2024, to: 2024))
        #expect(plan.items.map(\.number) == ["1", "2", "3", "4", "5"])

        let subsidy = try Fixture.item(plan, "1")
        #expect(subsidy.title == "城乡居民医保财政补助")
        #expect(subsidy.leadUnits == ["市医保局"])
        #expect(subsidy.supportUnits == ["市财政局"])
        Fixture.expectTargets(subsidy, [
            .init(30, "元", .increaseBy, by: "2024-12"),
            .init(670, "元", .equal, by: "2024-12"),
        ])

        let childcare = try Fixture.item(plan, "2")
        #expect(childcare.leadUnits == ["市卫生健康委"])
        #expect(childcare.supportUnits == ["市发展改革委", "市教育局", "各县(市、区)人民政府"])
        Fixture.expectTargets(childcare, [
            .init(1500, "个", .equal, by: "2024-11"),
            .init(4.5, "个", .equal, by: "2024-11"),
        ])

        // Two units in the 牵头单位 column: both lead.
        let water = try Fixture.item(plan, "3")
        #expect(water.leadUnits == ["市水利局", "市农业农村局"])
        #expect(water.supportUnits == ["各县(市、区)人民政府"])
        Fixture.expectTargets(water, [
            .init(42, "处", .equal, by: "2024-10"),
            .init(2, "个百分点", .increaseBy, by: "2024-10"),
            .init(98, "%", .atLeast, by: "2024-10"),
        ])

        let aed = try Fixture.item(plan, "4")
        #expect(aed.leadUnits == ["市卫生健康委"])
        #expect(aed.supportUnits == [])
        Fixture.expectTargets(aed, [.init(300, "台", .equal, by: "2024-12")])

        let roads = try Fixture.item(plan, "5")
        #expect(roads.supportUnits == ["市城管局", "市公安局交警支队"])
        Fixture.expectTargets(roads, [.init(15, "条", .equal, by: "2024-12"), .init(42, "公里", .about, by: "2024-12")])
    }

    // MARK: Traditional characters, 分管領導 / 牽頭單位 / 配合單位

    @Test func traditionalCharacters() throws {
        let plan = try Fixture.plan("f04_traditional.txt")
        #expect(plan.title == "望川市2024年度民生实事项目实施方案")
        #expect(plan.items.map(\.number) == ["一.(一)", "一.(二)", "一.(三)"])

        let estates = try Fixture.item(plan, "一.(一)")
        #expect(estates.section == "民生实事项目")
        #expect(estates.title == "实施老旧小区改造")
        #expect(estates.leaders == ["陈立群"])
        #expect(estates.leadUnits == ["市住房城乡建设局"])
        #expect(estates.supportUnits == ["市财政局", "市发展改革委"])
        Fixture.expectTargets(estates, [.init(85, "个", .equal), .init(1.8, "万户", .equal)])

        let clinics = try Fixture.item(plan, "一.(二)")
        #expect(clinics.leaders == ["刘晓华", "郑国强"])
        #expect(clinics.leadUnits == ["市卫生健康委"])
        #expect(clinics.supportUnits == ["市医保局", "各区人民政府"])
        Fixture.expectTargets(clinics, [.init(6, "家", .equal), .init(4.2, "人", .equal)])

        // 500米 names the coverage radius, not a quantity.
        let buses = try Fixture.item(plan, "一.(三)")
        #expect(buses.leaders == ["陈立群"])
        #expect(buses.leadUnits == ["市交通运输局"])
        #expect(buses.supportUnits == [])
        Fixture.expectTargets(buses, [.init(20, "条", .equal), .init(100, "%", .equal)])
    }

    // MARK: 政府工作报告 task breakdown: 牵头领导 / 牵头单位 / 配合单位 lines, numbering run on

    @Test func workReportBreakdown() throws {
        let plan = try Fixture.plan("f05_work_report_breakdown.txt")
        #expect(plan.title == "桐江市2024年《政府工作报告》重点工作任务分解方案")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "二.3", "二.4", "二.5"])

        let growth = try Fixture.item(plan, "一.1")
        #expect(growth.section == "全力以赴稳增长")
        #expect(growth.leaders == ["林海涛"])
        #expect(growth.leadUnits == ["市发展改革委"])
        #expect(growth.supportUnits == ["市财政局", "市统计局"])
        Fixture.expectTargets(growth, [.init(6, "%", .about), .init(5, "%", .increaseBy)])

        let jobs = try Fixture.item(plan, "一.2")
        #expect(jobs.leaders == ["林海涛", "苏静"])
        #expect(jobs.leadUnits == ["市人力资源社会保障局"])
        #expect(jobs.supportUnits == ["市财政局", "市教育局"])
        Fixture.expectTargets(jobs, [.init(1.2, "万人", .atLeast), .init(5.5, "%", .atMost)])

        // 牵头领导 stated under the section heading applies to every task of the section.
        let kindergartens = try Fixture.item(plan, "二.3")
        #expect(kindergartens.section == "用心用情办好民生实事")
        #expect(kindergartens.leaders == ["苏静"])
        #expect(kindergartens.leadUnits == ["市教育局"])
        #expect(kindergartens.supportUnits == ["市财政局", "市自然资源和规划局"])
        Fixture.expectTargets(kindergartens, [.init(12, "所", .equal), .init(3600, "个", .equal)])

        let insurance = try Fixture.item(plan, "二.4")
        #expect(insurance.leaders == ["苏静"])
        #expect(insurance.leadUnits == ["市医保局"])
        #expect(insurance.supportUnits == ["市财政局"])
        Fixture.expectTargets(insurance, [.init(30, "元", .increaseBy)])

        let lifts = try Fixture.item(plan, "二.5")
        #expect(lifts.leaders == ["苏静"])
        #expect(lifts.leadUnits == ["市住房城乡建设局"])
        #expect(lifts.supportUnits == ["市市场监管局", "各区人民政府"])
        Fixture.expectTargets(lifts, [.init(150, "台", .equal)])

        #expect(!plan.items.contains { $0.number.hasPrefix("三") })
    }

    // MARK: Area lines closing each action area, 列第一位者为牵头单位, a goal paragraph

    @Test func areaClosingLinesWithFirstListedRule() throws {
        let plan = try Fixture.plan("f06_area_closing_lines.txt")
        #expect(plan.title == "云溪市“幸福云溪”民生改善三年行动方案(2024—2026年)")
        #expect(plan.period == YearSpan(from: 2024, to: 2026))
        #expect(plan.items.map(\.number) == ["goal.1", "二.(一).1", "二.(一).2", "二.(二).1", "二.(二).2", "二.(二).3"])

        let goal = try Fixture.item(plan, "goal.1")
        #expect(goal.kind == .goal)
        #expect(goal.section == "总体目标")
        Fixture.expectTargets(goal, [
            .init(6, "万人", .atLeast, by: "2026"),
            .init(7, "%", .about, by: "2026"),
            .init(4.5, "个", .equal, by: "2026"),
        ])

        for number in ["二.(一).1", "二.(一).2"] {
            let item = try Fixture.item(plan, number)
            #expect(item.section == "就业增收提升行动")
            #expect(item.leaders == ["周立新", "吴敏"])
            #expect(item.leadUnits == ["市人力资源社会保障局"])
            #expect(item.supportUnits == ["市农业农村局", "市财政局", "各县(市、区)人民政府"])
        }
        // 零就业家庭动态清零 and 增速高于 are not figures.
        Fixture.expectTargets(try Fixture.item(plan, "二.(一).1"), [.init(2000, "个", .atLeast)])
        Fixture.expectTargets(try Fixture.item(plan, "二.(一).2"), [.init(1.5, "万人", .equal)])

        for number in ["二.(二).1", "二.(二).2", "二.(二).3"] {
            let item = try Fixture.item(plan, number)
            #expect(item.section == "教育提质行动")
            #expect(item.leaders == ["吴敏"])
            #expect(item.leadUnits == ["市教育局"])
            #expect(item.supportUnits == ["市发展改革委", "市人力资源社会保障局"])
        }
        Fixture.expectTargets(try Fixture.item(plan, "二.(二).1"), [.init(20, "所", .equal), .init(2.4, "万个", .equal)])
        // “双减” and “双师型” are names.
        Fixture.expectTargets(try Fixture.item(plan, "二.(二).2"), [.init(100, "%", .equal)])
        Fixture.expectTargets(try Fixture.item(plan, "二.(二).3"), [.init(60, "%", .atLeast)])
    }

    // MARK: Cover notice with an annex list, 附件1 / 附件2 with their own numbering

    @Test func annexesAfterCoverNotice() throws {
        let plan = try Fixture.plan("f07_annexes.txt")
        #expect(plan.title == "2025年星湖市民生实事项目实施方案")
        #expect(plan.documentNumber == "星政发〔2025〕2号")
        #expect(plan.period == YearSpan(from: 2025, to: 2025))
        #expect(plan.items.map(\.number) == [
            "附件1.1", "附件1.2", "附件1.3", "附件2.一.1", "附件2.一.2", "附件2.二.3", "附件2.二.4",
        ])

        let renewal = try Fixture.item(plan, "附件1.1")
        #expect(renewal.section == "人大代表票决民生实事项目任务书")
        #expect(renewal.title == "城市更新工程")
        #expect(renewal.leaders == ["何志远"])
        #expect(renewal.leadUnits == ["市住房城乡建设局"])
        #expect(renewal.supportUnits == ["市城管局", "各区人民政府"])
        Fixture.expectTargets(renewal, [.init(62, "个", .equal), .init(3000, "个", .equal)])

        // 65岁以上 defines who is examined.
        let health = try Fixture.item(plan, "附件1.2")
        #expect(health.leaders == ["韩雪"])
        #expect(health.leadUnits == ["市卫生健康委"])
        #expect(health.supportUnits == ["市医保局"])
        Fixture.expectTargets(health, [.init(8, "个", .equal), .init(12, "万人次", .equal)])

        let meals = try Fixture.item(plan, "附件1.3")
        #expect(meals.leaders == ["韩雪", "何志远"])
        #expect(meals.leadUnits == ["市民政局"])
        Fixture.expectTargets(meals, [.init(60, "个", .equal)])

        let places = try Fixture.item(plan, "附件2.一.1")
        #expect(places.section == "教育方面")
        #expect(places.leaders == [])
        #expect(places.leadUnits == ["市教育局"])
        Fixture.expectTargets(places, [.init(2000, "个", .equal)])

        // 责任部门 then 共同责任单位: the first responsible unit leads.
        let counsellors = try Fixture.item(plan, "附件2.一.2")
        #expect(counsellors.leadUnits == ["市教育局"])
        #expect(counsellors.supportUnits == ["市卫生健康委"])
        Fixture.expectTargets(counsellors, [.init(120, "名", .equal)])

        let rivers = try Fixture.item(plan, "附件2.二.3")
        #expect(rivers.section == "环境方面")
        #expect(rivers.leadUnits == ["市水利局"])
        #expect(rivers.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(rivers, [.init(45, "公里", .equal)])

        Fixture.expectTargets(try Fixture.item(plan, "附件2.二.4"), [.init(80, "公里", .equal), .init(30, "个", .equal)])
    }

    // MARK: Targets: every operator, 万/亿, Chinese numerals, shared lists, exclusions

    @Test func targetForms() throws {
        let plan = try Fixture.plan("f08_targets.txt")
        #expect(plan.title == "安澜市2025年民生实事项目")
        #expect(plan.items.map(\.number) == (1...12).map { "一.\($0)" })
        #expect(plan.items.allSatisfy { $0.section == "项目清单" })
        #expect(try Fixture.item(plan, "一.1").title == "扩充学位供给")

        let expected: [(String, [Fixture.Expected])] = [
            ("一.1", [.init(600, "个", .equal), .init(2160, "个", .equal), .init(1380, "个", .equal)]),
            ("一.2", [.init(5.5, "%", .atMost), .init(1.5, "万人", .atLeast)]),
            ("一.3", [.init(3, "个百分点", .increaseBy), .init(92, "%", .atLeast)]),
            ("一.4", [.init(180, "元", .equal)]),
            ("一.5", [.init(12, "/10万", .atMost), .init(3.5, "‰", .atMost)]),
            ("一.6", [.init(12.6, "亿元", .equal), .init(2.5, "万人次", .equal)]),
            ("一.7", [.init(20, "个", .equal), .init(1200, "场", .equal)]),
            ("一.8", [.init(5000, "个", .about), .init(30, "处", .about)]),
            ("一.9", [.init(3, "%", .decreaseBy), .init(88, "%", .equal)]),
            ("一.10", [.init(1, "个", .atLeast)]),
            ("一.11", [.init(45, "人", .atMost), .init(50, "人", .atMost)]),
            ("一.12", [.init(8, "%", .atLeast)]),
        ]
        for (number, targets) in expected {
            let item = try Fixture.item(plan, number)
            Fixture.expectTargets(item, targets, checkBy: false)
            #expect(item.targets.allSatisfy { $0.by == nil }, "\(number): no deadline is stated")
        }
        // 由150元提高到180元: the starting value is the baseline, not a second target.
        let pension = try Fixture.item(plan, "一.4")
        #expect(pension.targets.first?.baseline == 150)
    }

    // MARK: 一、(一) 1. (1) four levels, (n) running on across groups, ——标签 goals

    @Test func deepNumberingAndLabelledGoals() throws {
        let plan = try Fixture.plan("f09_deep_numbering.txt")
        #expect(plan.items.map(\.number) == [
            "goal.1", "goal.2", "二.(一).1.(1)", "二.(一).1.(2)", "二.(一).2.(3)", "二.(一).2.(4)", "二.(二).1", "二.(二).2",
        ])

        let childcare = try Fixture.item(plan, "goal.1")
        #expect(childcare.title == "托育服务更普惠")
        #expect(childcare.section == "工作目标")
        Fixture.expectTargets(childcare, [.init(4, "个", .equal)], checkBy: false)
        let transit = try Fixture.item(plan, "goal.2")
        #expect(transit.title == "出行更便捷")
        Fixture.expectTargets(transit, [.init(10, "条", .equal)], checkBy: false)

        let kindergartens = try Fixture.item(plan, "二.(一).1.(1)")
        #expect(kindergartens.section == "促进教育公平")
        #expect(kindergartens.leadUnits == ["市教育局"])
        Fixture.expectTargets(kindergartens, [.init(6, "所", .equal), .init(1800, "个", .equal)])

        let meals = try Fixture.item(plan, "二.(一).1.(2)")
        #expect(meals.leadUnits == ["市教育局"])
        #expect(meals.supportUnits == ["市财政局"])
        Fixture.expectTargets(meals, [.init(3.6, "万人", .equal)])

        // “两癌” is a name.
        let screening = try Fixture.item(plan, "二.(一).2.(3)")
        #expect(screening.section == "提升健康水平")
        #expect(screening.leadUnits == ["市卫生健康委"])
        #expect(screening.supportUnits == ["市妇联"])
        Fixture.expectTargets(screening, [.init(2, "万人", .equal)])

        let drains = try Fixture.item(plan, "二.(二).1")
        #expect(drains.section == "补齐民生短板")
        #expect(drains.leadUnits == ["市住房城乡建设局"])
        Fixture.expectTargets(drains, [.init(120, "公里", .equal)])
        Fixture.expectTargets(try Fixture.item(plan, "二.(二).2"), [.init(25, "座", .equal)])

        #expect(!plan.items.contains { $0.number.hasPrefix("三") })
    }

    // MARK: A saved web page with site furniture around the article

    @Test func sitePage() throws {
        let plan = try Fixture.plan("f10_site_page.html")
        #expect(plan.title == "长林市2024年民生实事项目实施方案")
        #expect(plan.documentNumber == "长政办发〔2024〕4号")
        #expect(plan.items.map(\.number) == ["一.(一)", "一.(二)", "二.(三)"])

        let schools = try Fixture.item(plan, "一.(一)")
        #expect(schools.section == "教育惠民")
        #expect(schools.title == "新建改扩建中小学和幼儿园")
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["市发展改革委", "市自然资源和规划局"])
        Fixture.expectTargets(schools, [.init(14, "所", .equal), .init(1.2, "万个", .equal)])

        // The responsibility bracket was broken over two source lines in the page.
        let eyes = try Fixture.item(plan, "一.(二)")
        #expect(eyes.leadUnits == ["市教育局"])
        #expect(eyes.supportUnits == ["市卫生健康委"])
        Fixture.expectTargets(eyes, [.init(35, "万人次", .equal), .init(1, "个百分点", .decreaseBy)])

        let ambulance = try Fixture.item(plan, "二.(三)")
        #expect(ambulance.section == "健康惠民")
        #expect(ambulance.leadUnits == ["市卫生健康委"])
        Fixture.expectTargets(ambulance, [.init(8, "个", .equal), .init(12, "分钟", .atMost)])
    }

    // MARK: GB18030 with CRLF, 排在首位的为牵头单位 stated in the preamble

    @Test func gb18030WithStatedLeadRule() throws {
        let plan = try Fixture.plan("f11_gb18030_rule_note.txt")
        #expect(plan.title == "翠湖市2024年民生实事项目计划")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "二.3", "二.4"])

        let places = try Fixture.item(plan, "一.1")
        #expect(places.leadUnits == ["市教育局"])
        #expect(places.supportUnits == ["市财政局", "各区人民政府"])
        Fixture.expectTargets(places, [.init(2400, "个", .equal), .init(12, "所", .equal)])

        let canteens = try Fixture.item(plan, "一.2")
        #expect(canteens.leadUnits == ["市市场监管局"])
        #expect(canteens.supportUnits == ["市教育局"])
        Fixture.expectTargets(canteens, [.init(100, "%", .equal)])

        // A trailing 以上 applies to the whole list.
        let allowance = try Fixture.item(plan, "二.3")
        #expect(allowance.section == "社会保障")
        #expect(allowance.leadUnits == ["市民政局"])
        #expect(allowance.supportUnits == ["市财政局"])
        Fixture.expectTargets(allowance, [.init(780, "元", .atLeast), .init(620, "元", .atLeast)])

        let jobs = try Fixture.item(plan, "二.4")
        #expect(jobs.leadUnits == ["市人力资源社会保障局"])
        Fixture.expectTargets(jobs, [.init(2, "万人", .equal)])
    }

    // MARK: A .docx whose tasks are table rows under a heading

    @Test func docxTablePlan() throws {
        let plan = try Fixture.plan("f12_table_plan.docx")
        #expect(plan.title == "澄湖市2025年民生实事项目安排意见")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "一.3"])

        let kindergartens = try Fixture.item(plan, "一.1")
        #expect(kindergartens.section == "民生实事项目")
        #expect(kindergartens.title == "新建公办幼儿园")
        #expect(kindergartens.leadUnits == ["市教育局"])
        #expect(kindergartens.supportUnits == ["市自然资源和规划局", "市住房城乡建设局"])
        Fixture.expectTargets(kindergartens, [.init(5, "所", .equal, by: "2025-08"), .init(1350, "个", .equal, by: "2025-08")])

        let meals = try Fixture.item(plan, "一.2")
        #expect(meals.leadUnits == ["市民政局"])
        #expect(meals.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(meals, [.init(40, "个", .equal, by: "2025-12"), .init(3000, "人次", .atLeast, by: "2025-12")])

        let gas = try Fixture.item(plan, "一.3")
        #expect(gas.leadUnits == ["市住房城乡建设局"])
        #expect(gas.supportUnits == ["市应急管理局"])
        Fixture.expectTargets(gas, [.init(85, "公里", .equal, by: "2025-11")])
    }

    // MARK: A table pasted from Word: cells separated by tabs; 1、 numbering in 工作要求

    @Test func tabSeparatedTable() throws {
        let plan = try Fixture.plan("f13_tab_separated.txt")
        #expect(plan.title == "宁川市2024年十件民生实事")
        #expect(plan.items.map(\.number) == ["一.1", "一.2"])

        let schools = try Fixture.item(plan, "一.1")
        #expect(schools.title == "城区学校扩容")
        #expect(schools.leadUnits == ["市教育局"])
        #expect(schools.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(schools, [.init(3, "所", .equal), .init(4500, "个", .equal)])

        let markets = try Fixture.item(plan, "一.2")
        #expect(markets.leadUnits == ["市商务局"])
        #expect(markets.supportUnits == ["市市场监管局", "各区人民政府"])
        Fixture.expectTargets(markets, [.init(18, "个", .equal)])
    }

    // MARK: A GB2312 page exported from Word: task table with paragraphs inside cells

    @Test func gbkPageWithTaskTable() throws {
        let plan = try Fixture.plan("f14_gbk_table_page.html")
        #expect(plan.title == "溪口市2025年民生实事项目计划")
        #expect(plan.period == YearSpan(from: 2025, to: 2025))
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "一.3"])

        let lanes = try Fixture.item(plan, "一.1")
        #expect(lanes.title == "背街小巷改造")
        #expect(lanes.leadUnits == ["市住房城乡建设局"])
        #expect(lanes.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(lanes, [.init(45, "条", .equal), .init(18, "公里", .equal)])

        let childcare = try Fixture.item(plan, "一.2")
        #expect(childcare.leadUnits == ["市卫生健康委"])
        #expect(childcare.supportUnits == ["市发展改革委", "市财政局"])
        Fixture.expectTargets(childcare, [.init(800, "个", .equal)])

        // An empty 配合单位 cell (&nbsp;) means no support units.
        let buses = try Fixture.item(plan, "一.3")
        #expect(buses.leadUnits == ["市交通运输局"])
        #expect(buses.supportUnits == [])
        Fixture.expectTargets(buses, [.init(12, "条", .equal), .init(100, "%", .equal)])
    }

    // MARK: Responsibility stated under the area heading, before its tasks; 1、 numbering; 一是…二是…

    @Test func responsibilityBeforeTasks() throws {
        let plan = try Fixture.plan("f15_responsibility_first.txt")
        #expect(plan.title == "岳川市2024年民生实事工作方案")
        #expect(plan.items.map(\.number) == ["goal.1", "二.(一).1", "二.(一).2", "二.(二).1", "二.(二).2"])

        let goal = try Fixture.item(plan, "goal.1")
        #expect(goal.section == "年度目标")
        Fixture.expectTargets(goal, [.init(10, "件", .equal), .init(36, "亿元", .atLeast)], checkBy: false)

        for number in ["二.(一).1", "二.(一).2"] {
            let item = try Fixture.item(plan, number)
            #expect(item.section == "教育优先")
            #expect(item.leaders == ["钱立伟"])
            #expect(item.leadUnits == ["市教育局"])
            #expect(item.supportUnits == ["市财政局", "市自然资源和规划局"])
        }
        // 一是…二是…三是 inside a task are not numbering.
        let schools = try Fixture.item(plan, "二.(一).1")
        #expect(schools.title == "新建中小学校4所、幼儿园6所")
        Fixture.expectTargets(schools, [.init(4, "所", .equal), .init(6, "所", .equal)])
        Fixture.expectTargets(try Fixture.item(plan, "二.(一).2"), [.init(60, "所", .equal)])

        // A leader's post in brackets is not part of the name; labels inline without brackets.
        let groups = try Fixture.item(plan, "二.(二).1")
        #expect(groups.section == "健康优先")
        #expect(groups.leaders == ["孙丽萍"])
        #expect(groups.leadUnits == ["市卫生健康委"])
        #expect(groups.supportUnits == ["市医保局"])
        Fixture.expectTargets(groups, [.init(2, "个", .equal)])

        let doctors = try Fixture.item(plan, "二.(二).2")
        #expect(doctors.leaders == ["孙丽萍"])
        #expect(doctors.leadUnits == ["市卫生健康委"])
        #expect(doctors.supportUnits == [])
        Fixture.expectTargets(doctors, [.init(5, "万人", .equal), .init(75, "%", .atLeast)])

        #expect(!plan.items.contains { $0.number.hasPrefix("三") })
    }

    // MARK: More target forms; labels separated by commas; 完成时限 inside the bracket

    @Test func moreTargetFormsAndCommaSeparatedLabels() throws {
        let plan = try Fixture.plan("f16_target_forms_more.txt")
        #expect(plan.items.map(\.number) == (["一", "二", "三", "四", "五", "六", "七"]).map { "一.(\($0))" })

        // 由55%提高到65%以上: one target, 55 is its baseline.
        let care = try Fixture.item(plan, "一.(一)")
        #expect(care.leadUnits == ["市民政局"])
        #expect(care.supportUnits == ["市卫生健康委"])
        #expect(care.deadline == "2025-10")
        Fixture.expectTargets(care, [.init(65, "%", .atLeast, by: "2025-10")])
        #expect(care.targets.first?.baseline == 55)

        let schooling = try Fixture.item(plan, "一.(二)")
        #expect(schooling.leadUnits == ["市教育局"])
        #expect(schooling.supportUnits == [])
        Fixture.expectTargets(schooling, [.init(98, "%", .atLeast, by: "2025-12"), .init(92, "%", .equal, by: "2025-12")])

        // 力争…以上 and 至少 are minimums; no deadline stated.
        Fixture.expectTargets(try Fixture.item(plan, "一.(三)"), [.init(2.2, "万人", .atLeast), .init(2, "个", .atLeast)])

        // 减少 N is a decrease by N; 提升至 is a level to reach.
        let emissions = try Fixture.item(plan, "一.(四)")
        #expect(emissions.leadUnits == ["市生态环境局"])
        #expect(emissions.supportUnits == ["市住房城乡建设局", "市水务局"])
        Fixture.expectTargets(emissions, [.init(1200, "吨", .decreaseBy), .init(72, "%", .equal)])

        Fixture.expectTargets(try Fixture.item(plan, "一.(五)"), [.init(5, "元", .increaseBy), .init(70, "元", .equal)])
        // A range 2—3个: the lower bound is the commitment.
        Fixture.expectTargets(try Fixture.item(plan, "一.(六)"), [.init(2, "个", .atLeast)])
        // 超过每千人5批次: 每千人 belongs to the metric; 不低于 → >=.
        Fixture.expectTargets(try Fixture.item(plan, "一.(七)"), [.init(5, "批次", .atLeast), .init(98, "%", .atLeast)])
    }

    // MARK: A 政府工作报告 breakdown as a Word table, section rows as merged cells

    @Test func workReportTableInDocx() throws {
        let plan = try Fixture.plan("f17_report_table.docx")
        #expect(plan.title == "嘉陵市2025年《政府工作报告》重点任务分解表")
        #expect(plan.items.map(\.number) == ["一.1", "一.2", "二.3", "二.4"])

        let growth = try Fixture.item(plan, "一.1")
        #expect(growth.section == "全力稳住经济大盘")
        #expect(growth.leaders == ["王志刚"])
        #expect(growth.leadUnits == ["市发展改革委"])
        #expect(growth.supportUnits == ["市统计局"])
        Fixture.expectTargets(growth, [.init(5.5, "%", .about, by: "2025-12")])

        let investment = try Fixture.item(plan, "一.2")
        #expect(investment.leaders == ["王志刚", "赵蕾"])
        #expect(investment.supportUnits == ["市自然资源和规划局", "市住房城乡建设局"])
        Fixture.expectTargets(investment, [.init(6, "%", .atLeast, by: "2025-12"), .init(120, "个", .equal, by: "2025-12")])

        let jobs = try Fixture.item(plan, "二.3")
        #expect(jobs.section == "持续增进民生福祉")
        #expect(jobs.leaders == ["赵蕾"])
        #expect(jobs.leadUnits == ["市人力资源社会保障局"])
        #expect(jobs.supportUnits == ["市教育局", "市财政局"])
        Fixture.expectTargets(jobs, [.init(1.5, "万人", .equal, by: "2025-12"), .init(5.5, "%", .atMost, by: "2025-12")])

        let roads = try Fixture.item(plan, "二.4")
        #expect(roads.leaders == ["陈晖"])
        #expect(roads.leadUnits == ["市交通运输局"])
        #expect(roads.supportUnits == ["各县(市、区)人民政府"])
        Fixture.expectTargets(roads, [.init(200, "公里", .equal, by: "2025-11")])
    }

    // MARK: A flat 1. 2. 3. list under the title, 责任单位 on the next line, page junk around it

    @Test func flatListWithPageJunk() throws {
        let plan = try Fixture.plan("f18_flat_list_page_junk.txt")
        #expect(plan.title == "梧桐市2025年十件民生实事")
        #expect(plan.period == YearSpan(from: 2025, to: 2025))
        #expect(plan.items.map(\.number) == ["1", "2", "3"])

        let kindergartens = try Fixture.item(plan, "1")
        #expect(kindergartens.leadUnits == ["市教育局"])
        #expect(kindergartens.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(kindergartens, [.init(10, "所", .equal), .init(2700, "个", .equal)])

        // An unnumbered continuation paragraph belongs to the item above it.
        let vaccines = try Fixture.item(plan, "2")
        #expect(vaccines.text.contains("接种点覆盖所有社区卫生服务中心"))
        #expect(vaccines.leadUnits == ["市卫生健康委"])
        #expect(vaccines.supportUnits == ["市财政局"])
        Fixture.expectTargets(vaccines, [.init(8, "万人", .atLeast)])

        // 浏览次数:2356 after the last item is page furniture, not one of its figures.
        let gas = try Fixture.item(plan, "3")
        #expect(gas.leadUnits == ["市住房城乡建设局"])
        #expect(gas.supportUnits == [])
        Fixture.expectTargets(gas, [.init(120, "公里", .equal), .init(5, "万户", .equal)])
        #expect(!gas.text.contains("浏览次数"))
    }

    // MARK: 责任领导 / 分管县领导 with posts around the name; 主办单位 / 协办单位

    @Test func leaderAndUnitLabelVariants() throws {
        let plan = try Fixture.plan("f19_leader_label_variants.txt")
        #expect(plan.title == "秀水县2024年民生实事项目推进方案")
        #expect(plan.items.map(\.number) == ["一.(一)", "一.(二)"])

        let sewers = try Fixture.item(plan, "一.(一)")
        #expect(sewers.section == "实施项目")
        #expect(sewers.leaders == ["周建新"])
        #expect(sewers.leadUnits == ["县住房城乡建设局"])
        #expect(sewers.supportUnits == ["县财政局", "县自然资源局"])
        Fixture.expectTargets(sewers, [.init(35, "公里", .equal)])

        let clinics = try Fixture.item(plan, "一.(二)")
        #expect(clinics.leaders == ["郑晓云"])
        #expect(clinics.leadUnits == ["县卫生健康局"])
        #expect(clinics.supportUnits == ["各乡镇人民政府"])
        Fixture.expectTargets(clinics, [.init(8, "个", .equal)])
    }

    // MARK: An RTF file served as .doc

    @Test func rtfServedAsDoc() throws {
        let plan = try Fixture.plan("f20_rtf_saved_as.doc")
        #expect(plan.title == "河湾市2024年民生实事项目")
        #expect(plan.items.map(\.number) == ["一.1", "一.2"])
        let parks = try Fixture.item(plan, "一.1")
        #expect(parks.leadUnits == ["市园林局"])
        #expect(parks.supportUnits == ["各区人民政府"])
        Fixture.expectTargets(parks, [.init(4, "个", .equal), .init(15, "公里", .equal)])
        let toilets = try Fixture.item(plan, "一.2")
        #expect(toilets.leadUnits == ["市农业农村局"])
        Fixture.expectTargets(toilets, [.init(3000, "户", .equal)])
    }

    // MARK: every fixture

    @Test(arguments: Fixture.all)
    func everyFixtureParsesWithLineRangesInsideTheText(name: String) throws {
        let data = try TestDocuments.fixtureData(name)
        let text = try DocumentReader.read(data: data, filename: name)
        let plan = PlanParser().parse(text: text, source: name)
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(plan.source == name)
        #expect(!plan.items.isEmpty)
        for item in plan.items {
            #expect(item.lines.from >= 1 && item.lines.from <= item.lines.to && item.lines.to <= lineCount,
                    "\(name) \(item.number): lines \(item.lines.from)–\(item.lines.to) of \(lineCount)")
            #expect(!item.title.isEmpty, "\(name) \(item.number): empty title")
        }
        // No item comes from a mechanism section.
        #expect(!plan.items.contains { ["工作要求", "保障措施", "组织保障"].contains($0.section) })
    }
}

/// Reading fixtures and checking targets.
enum Fixture {
    static let all = [
        "f01_own_line_labels.txt", "f02_bare_parentheses.txt", "f03_flattened_table.txt", "f04_traditional.txt",
        "f05_work_report_breakdown.txt", "f06_area_closing_lines.txt", "f07_annexes.txt", "f08_targets.txt",
        "f09_deep_numbering.txt", "f10_site_page.html", "f11_gb18030_rule_note.txt", "f12_table_plan.docx",
        "f13_tab_separated.txt", "f14_gbk_table_page.html", "f15_responsibility_first.txt",
        "f16_target_forms_more.txt", "f17_report_table.docx", "f18_flat_list_page_junk.txt",
        "f19_leader_label_variants.txt", "f20_rtf_saved_as.doc",
    ] + tables

    /// Tables in every container and the generalisation genres (`make_fixtures.py` writes them).
    static let tables = [
        "f21_xlsx_summary_table.xlsx", "f22_xlsx_inline_two_sheets.xlsx", "f23_docx_merged_table.docx",
        "f24_html_rowspan_table.html", "f25_cell_per_line_bar.txt", "f26_spaced_table_repeated_header_gb18030.txt",
        "f27_run_on_rows.txt", "f28_news_categories.html", "f29_leader_section_heading.txt",
        "f30_shared_suffix_addressee.txt", "f31_traditional_pinyin.html", "f32_data_provider_label_gb18030.txt",
        "f33_docx_repeated_header.docx", "f34_xlsx_no_number_column.xlsx", "f35_tab_table_subrows.txt",
        "f36_run_on_cells.txt",
    ]

    /// The plan as the import reads it: through ``DocumentReader/readDocument(data:filename:sizeLimit:)``,
    /// so that what the reader left out (a workbook's skipped sheets) is among the diagnostics.
    static func document(_ name: String) throws -> ParsedPlan {
        let data = try TestDocuments.fixtureData(name)
        return PlanParser().parse(try DocumentReader.readDocument(data: data, filename: name), source: name)
    }

    static func plan(_ name: String) throws -> ParsedPlan {
        let data = try TestDocuments.fixtureData(name)
        let text = try DocumentReader.read(data: data, filename: name)
        return PlanParser().parse(text: text, source: name)
    }

    static func item(_ plan: ParsedPlan, _ number: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedItem {
        try #require(plan.items.first { $0.number == number },
                     "no item \(number); items: \(plan.items.map(\.number))", sourceLocation: sourceLocation)
    }

    /// A target as the schema states it; `by` is checked only when `checkBy` is on.
    struct Expected: CustomStringConvertible {
        var value: Double
        var unit: String
        var op: TargetOp
        var by: String?

        init(_ value: Double, _ unit: String, _ op: TargetOp, by: String? = nil) {
            self.value = value
            self.unit = unit
            self.op = op
            self.by = by
        }

        func matches(_ target: ParsedTarget, checkBy: Bool) -> Bool {
            abs(target.value - value) <= 1e-9 * max(1, abs(value)) && target.unit == unit && target.op == op
                && (!checkBy || target.by == by)
        }

        var description: String { "\(value) \(unit) \(op.rawValue)\(by.map { " by \($0)" } ?? "")" }
    }

    /// The item has exactly these targets (any order, metric not compared).
    static func expectTargets(_ item: ParsedItem, _ expected: [Expected], checkBy: Bool = true,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        var remaining = item.targets
        var missing: [Expected] = []
        for target in expected {
            if let index = remaining.firstIndex(where: { target.matches($0, checkBy: checkBy) }) {
                remaining.remove(at: index)
            } else {
                missing.append(target)
            }
        }
        if !missing.isEmpty || !remaining.isEmpty {
            let got = item.targets.map { "\($0.metric) \($0.value) \($0.unit) \($0.op.rawValue) by \($0.by ?? "nil")" }
            Issue.record("""
                \(item.number): missing \(missing), unexpected \(remaining.map { "\($0.value) \($0.unit) \($0.op.rawValue)" }); \
                got \(got)
                """, sourceLocation: sourceLocation)
        }
    }
}
