import Testing
@testable import MinshengCore

@Suite struct SupervisionTests {
    @Test(arguments: [
        (SupervisionState.issued, SupervisionEvent.reply, SupervisionState?.some(.replied)),
        (.issued, .signOff, nil),
        (.issued, .giveBack, nil),
        (.replied, .reply, nil),
        (.replied, .signOff, .signedOff),
        (.replied, .giveBack, .returned),
        (.returned, .reply, .replied),
        (.returned, .signOff, nil),
        (.returned, .giveBack, nil),
        (.signedOff, .reply, nil),
        (.signedOff, .signOff, nil),
        (.signedOff, .giveBack, nil),
    ])
    func transitions(from: SupervisionState, event: SupervisionEvent, to: SupervisionState?) throws {
        if let to {
            #expect(try Supervision.next(from, on: event) == to)
        } else {
            #expect(throws: SupervisionError.notAllowed(from: from, event: event)) {
                try Supervision.next(from, on: event)
            }
        }
    }

    @Test func eventsOffered() {
        #expect(Supervision.events(from: .issued) == [.reply])
        #expect(Supervision.events(from: .replied) == [.signOff, .giveBack])
        #expect(Supervision.events(from: .returned) == [.reply])
        #expect(Supervision.events(from: .signedOff) == [])
    }

    static let deadline = CivilDate(2026, 6, 10)

    @Test(arguments: [
        (SupervisionState.issued, CivilDate(2026, 6, 1), SupervisionUrgency.onTime(daysLeft: 9)),
        (.issued, CivilDate(2026, 6, 6), .onTime(daysLeft: 4)),
        (.issued, CivilDate(2026, 6, 7), .dueSoon(daysLeft: 3)),
        (.issued, CivilDate(2026, 6, 10), .dueSoon(daysLeft: 0)),
        (.issued, CivilDate(2026, 6, 11), .overdue(daysOverdue: 1)),
        (.returned, CivilDate(2026, 6, 17), .overdue(daysOverdue: 7)),
        (.returned, CivilDate(2026, 6, 18), .escalated(daysOverdue: 8)),
        (.issued, CivilDate(2026, 7, 10), .escalated(daysOverdue: 30)),
        (.replied, CivilDate(2026, 7, 10), .waitingForCoordinator),
        (.signedOff, CivilDate(2026, 7, 10), .closed),
    ])
    func urgency(state: SupervisionState, today: CivilDate, expected: SupervisionUrgency) {
        #expect(Supervision.urgency(state: state, deadline: Self.deadline, today: today) == expected)
    }

    @Test func urgencyFollowsPolicy() {
        let strict = SupervisionPolicy(dueSoonDays: 0, escalateAfterDays: 0)
        #expect(Supervision.urgency(state: .issued, deadline: Self.deadline, today: CivilDate(2026, 6, 9), policy: strict) == .onTime(daysLeft: 1))
        #expect(Supervision.urgency(state: .issued, deadline: Self.deadline, today: CivilDate(2026, 6, 11), policy: strict) == .escalated(daysOverdue: 1))
    }

    @Test(arguments: [
        (SupervisionUrgency.onTime(daysLeft: 5), "剩余5天", "ok", false),
        (.dueSoon(daysLeft: 0), "今日到期", "soon", false),
        (.dueSoon(daysLeft: 2), "2天后到期", "soon", false),
        (.overdue(daysOverdue: 2), "逾期2天", "overdue", true),
        (.escalated(daysOverdue: 9), "逾期9天·升级督办", "escalated", true),
        (.waitingForCoordinator, "待审核", "review", false),
        (.closed, "已销号", "closed", false),
    ])
    func urgencyLabels(u: SupervisionUrgency, label: String, key: String, overdue: Bool) {
        #expect(u.label == label)
        #expect(u.key == key)
        #expect(u.isOverdue == overdue)
    }

    @Test func validateIssueCollectsEveryProblem() {
        let day = CivilDate(2026, 6, 1)
        #expect(Supervision.validateIssue(addressee: "市商务局", requiredAction: "整改", issuedOn: day, deadline: day).isEmpty)
        let errors = Supervision.validateIssue(addressee: " ", requiredAction: "\n", issuedOn: day, deadline: CivilDate(2026, 5, 31))
        #expect(errors == ["unit": .noAddressee, "requiredAction": .blank(field: "requiredAction"), "deadline": .deadlineBeforeIssue])
        #expect(Supervision.validateIssue(addressee: nil, requiredAction: "x", issuedOn: day, deadline: nil)
                == ["unit": .noAddressee, "deadline": .blank(field: "deadline")])
    }

    @Test func defaultsAndSuggestion() {
        #expect(Supervision.defaultDeadline(issuedOn: CivilDate(2026, 6, 25)) == CivilDate(2026, 7, 5))
        #expect(Supervision.suggestedAction(title: "新建农贸市场", actual: 19.6, expected: 60)
                .hasPrefix("「新建农贸市场」实际进度19.6%，低于序时进度60%。"))
        // The notice says what the page says (WebFormat.percent is the same function): 99.7%, not 100%.
        #expect(Supervision.suggestedAction(title: "x", actual: 80, expected: 99.66).contains("低于序时进度99.7%。"))
        #expect(PercentText.format(99.66) == "99.7%")
        #expect(PercentText.format(19.96) == "20%")
        #expect(PercentText.format(0.04) == "0%")
        #expect(Supervision.suggestedAction(title: "x", actual: nil, expected: 50).contains("实际进度未报送"))
    }

    @Test func instructionsAndAddresseeOrder() {
        #expect(Supervision.instructionAction(title: "新建农贸市场", author: "王市长", text: " 要加快进度 ")
                .hasPrefix("「新建农贸市场」王市长批示：“要加快进度”。"))
        // The plan's order, not code-point order (住 U+4F4F sorts before 城 U+57CE).
        #expect(Supervision.orderedAddressees(["市住建局", "区政府", "市城管局", "市住建局"],
                                              planOrder: ["市城管局", "市住建局"]) == ["市城管局", "市住建局", "区政府"])
        #expect(SupervisionKind.instruction.label == "领导批示件")
    }

    @Test(arguments: [
        ("督办〔2026〕3号", SupervisionNumber?.some(.init(year: 2026, serial: 3))),
        ("督办[2026]12号", .init(year: 2026, serial: 12)),
        ("督办（2025）1号", .init(year: 2025, serial: 1)),
        (" 督办【2026】7号 ", .init(year: 2026, serial: 7)),
        ("锡督〔2026〕2号", .init(prefix: "锡督", year: 2026, serial: 2)),
        ("督办〔26〕3号", nil),
        ("督办〔2026〕0号", nil),
        ("督办〔2026〕三号", nil),
        ("〔2026〕3号", nil),
        ("督办2026 3号", nil),
        ("督办〔2026〕3", nil),
    ])
    func parseNumber(text: String, expected: SupervisionNumber?) {
        #expect(SupervisionNumber(parsing: text) == expected)
    }

    @Test func numbering() {
        let n = SupervisionNumber(year: 2026, serial: 3)
        #expect(n.description == "督办〔2026〕3号")
        #expect(SupervisionNumber(parsing: n.description) == n)
        let existing = [SupervisionNumber(year: 2025, serial: 40), .init(year: 2026, serial: 1), .init(year: 2026, serial: 4),
                        .init(prefix: "其他", year: 2026, serial: 99)]
        #expect(SupervisionNumber.next(year: 2026, after: existing) == .init(year: 2026, serial: 5))
        #expect(SupervisionNumber.next(year: 2027, after: existing) == .init(year: 2027, serial: 1))
        #expect(existing.sorted().first == .init(year: 2025, serial: 40))
    }

    @Test func stateLabels() {
        #expect(SupervisionState.allCases.map(\.label) == ["已交办", "已反馈", "已销号", "已退回"])
        #expect(SupervisionState.allCases.filter(\.awaitsUnit) == [.issued, .returned])
    }
}

/// Issue 13: a bulletin rendered for 1999-01; its 期号 defaults from the month.
@Suite struct BulletinIssueTests {
    @Test(arguments: [
        (YearMonth(2026, 6), Int?.some(2026), BulletinMonthProblem?.none),
        (YearMonth(2026, 1), 2026, nil),
        (YearMonth(2026, 7), 2026, nil),                                   // the current month
        (YearMonth(2026, 8), 2026, .future),
        (YearMonth(2025, 12), 2026, .beforeTracking(firstYear: 2026)),
        (YearMonth(1999, 1), 2026, .beforeTracking(firstYear: 2026)),
        (YearMonth(1999, 1), nil, .beforeTracking(firstYear: 2026)),       // no plan yet: this year
        (YearMonth(2025, 3), 2025, nil),
    ])
    func months(month: YearMonth, firstYear: Int?, problem: BulletinMonthProblem?) {
        #expect(BulletinIssue.problem(month: month, firstYear: firstYear, today: CivilDate(2026, 7, 10)) == problem)
    }

    @Test func theDefaultIssueNumberCountsMonthsFromTheFirstYear() {
        #expect(BulletinIssue.defaultNumber(month: YearMonth(2026, 6), firstYear: 2026) == 6)
        #expect(BulletinIssue.defaultNumber(month: YearMonth(2027, 1), firstYear: 2026) == 13)
        #expect(BulletinIssue.defaultNumber(month: YearMonth(2026, 1), firstYear: 2026) == 1)
    }
}

@Suite struct CountUnitTests {
    @Test(arguments: [
        (39.93, "个", 40.0), (39.4, "座", 39.0), (39.93, "公里", 39.9), (12.25, "万平方米", 12.3), (0.4, "所", 0.0),
    ])
    func expectedAmounts(value: Double, unit: String, shown: Double) {
        #expect(CountUnit.expected(value, unit: unit) == shown)
    }
}

@Suite struct DisplayTextTests {
    @Test(arguments: [
        ("新建公厕60座,改造20座;牵头:市城管局", "新建公厕60座，改造20座；牵头：市城管局"),
        ("完成60,新增", "完成60，新增"),
        ("投资1,000万元", "投资1,000万元"),
        ("08:30开放", "08:30开放"),
        ("a,b", "a,b"),
        ("（一）目标:", "（一）目标:"),
    ])
    func fullWidthBetweenChinese(text: String, shown: String) {
        #expect(DisplayText.fullWidth(text) == shown)
    }

    @Test(arguments: [("二.(三).5", "二（三）5"), ("5", "第5项"), ("1.2", "1.2"), ("三.2", "三2"), ("(一)", "（一）")])
    func itemNumbersAsTheDocumentWritesThem(number: String, shown: String) {
        #expect(DisplayText.itemNumber(number) == shown)
    }
}
