import Fluent
import Foundation
import MinshengCore
import Vapor
import MinshengStore

/// The working-day calendar from outside:
/// - `minsheng calendar due DATE N`: the N-th working day after DATE (DATE not counted), `YYYY-MM-DD`;
/// - `minsheng calendar workdays FROM TO`: working days from FROM to TO, both included, a bare number;
/// - `minsheng calendar add YEAR FILE`: adds (or replaces) a year from a file in the bundled format
///   (`YYYY-MM-DD 法定|休|班 name` per line), checked line by line first.
/// A date in a year without data is counted by weekends alone, with a warning on standard error.
struct CalendarCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "due | workdays | add")
        var action: String
        @Argument(name: "first", help: "due: DATE; workdays: FROM; add: YEAR")
        var first: String
        @Argument(name: "second", help: "due: N; workdays: TO; add: FILE")
        var second: String
    }

    var help: String { "Working days: calendar due DATE N | calendar workdays FROM TO | calendar add YEAR FILE" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "due":
            let date = try Self.date(signature.first)
            guard let n = Int(signature.second), n >= 0 else { throw CommandFailure("\(signature.second)：工作日数应为非负整数") }
            let calendar = try await WorkCalendarStore.load(on: app.db)
            let due = calendar.due(after: date, workdays: n)
            Self.warnUncovered(calendar, [date, due])
            print(due.description)
        case "workdays":
            let from = try Self.date(signature.first), to = try Self.date(signature.second)
            let calendar = try await WorkCalendarStore.load(on: app.db)
            Self.warnUncovered(calendar, [from, to])
            print(calendar.workdays(from: from, to: to))
        case "add":
            guard let year = Int(signature.first), (2000...2100).contains(year) else {
                throw CommandFailure("\(signature.first)：年份应为 2000–2100 的整数")
            }
            guard let data = FileManager.default.contents(atPath: signature.second),
                  let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(signature.second)：无法读取文件（应为 UTF-8 文本）") }
            let days: [WorkCalendar.Day]
            do { days = try WorkCalendar.parseYear(year, text: text) } catch { throw CommandFailure(Self.message(error)) }
            try await app.writeContext().commit { tx in
                tx.touchAllRequestUnits()
                try await CalendarYearRecord.query(on: tx.db).filter(\.$year == year).delete()
                let row = CalendarYearRecord()
                row.year = year
                row.text = text
                row.addedAt = tx.now
                try await row.create(on: tx.db)
                try await tx.audit(.calendarAdd, .calendarYear, row.id, after: ["year": String(year), "days": String(days.count)])
            }
            app.workCalendar.forget()
            let off = days.filter { $0.kind.isRest }.count, on = days.count - off
            print("已添加 \(year) 年：\(off) 天休息（其中法定 \(days.filter { $0.kind == .statutory }.count) 天），\(on) 天调休上班")
        default:
            throw CommandFailure("未知操作 \(signature.action)；用法：calendar due DATE N | calendar workdays FROM TO | calendar add YEAR FILE")
        }
    }

    static func date(_ text: String) throws -> CivilDate {
        guard let d = CivilDate(text) else { throw CommandFailure("\(text)：日期格式应为 YYYY-MM-DD") }
        return d
    }

    static func warnUncovered(_ calendar: WorkCalendar, _ dates: [CivilDate]) {
        let years = Set(dates.filter { !calendar.covers($0) }.map(\.year)).sorted()
        guard !years.isEmpty else { return }
        FileHandle.standardError.write(Data("注意：\(years.map(String.init).joined(separator: "、")) 年没有节假日数据，仅按周末计算（minsheng calendar add YEAR FILE）\n".utf8))
    }

    static func message(_ error: WorkCalendar.FileError) -> String {
        switch error {
        case .badLine(let line, let text): "第 \(line) 行格式不对（应为“YYYY-MM-DD 法定|休|班 名称”）：\(text)"
        case .wrongYear(let line, let expected): "第 \(line) 行的日期不在 \(expected) 年"
        case .duplicate(let line, let date): "第 \(line) 行：\(date) 重复"
        case .empty: "文件中没有日期"
        }
    }
}
