import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// Bulk import of 12345-platform exports (CSV or xlsx): columns mapped by their header, rows
/// idempotent by the platform's ticket number, a report of every row (taken, skipped, refused,
/// with its line number). Rows are checked first and taken in one transaction: nothing is ever
/// half-imported; with any refused row nothing is taken unless `takeValidRows` is set.
enum RequestImport {
    /// Header names the platforms use, by our field (compared after removing spaces; first match wins).
    static let headers: [(field: String, names: [String])] = [
        ("sourceRef", ["工单编号", "工单号", "平台工单号", "编号", "ticketno", "ticket"]),
        ("receivedAt", ["受理时间", "来电时间", "登记时间", "创建时间", "时间"]),
        ("requesterName", ["诉求人", "来电人", "姓名", "联系人"]),
        ("requesterPhone", ["联系电话", "来电号码", "电话", "手机"]),
        ("kind", ["诉求类型", "类型", "工单类型"]),
        ("categoryCode", ["分类编码", "诉求分类", "分类", "问题分类"]),
        ("text", ["诉求内容", "内容", "问题描述", "来电内容"]),
        ("address", ["事发地址", "地址", "发生地点"]),
        ("district", ["区县", "区", "所属区"]),
        ("street", ["街道", "乡镇", "街乡镇", "所属街道"]),
        ("lat", ["纬度", "lat"]),
        ("long", ["经度", "long", "lng", "lon"]),
        ("urgency", ["紧急程度", "缓急"]),
        ("confidential", ["保密", "是否保密"]),
    ]

    struct Line: Codable, Sendable {
        /// The file's line (CSV) or row (xlsx), 1-based.
        var line: Int
        /// `taken`, `skipped` (its ticket number was imported before or appears twice) or `refused`.
        var outcome: String
        var trackingNumber: String?
        var sourceRef: String?
        /// Why skipped or refused, naming the field (Chinese).
        var messages: [String]
    }

    struct Report: Content {
        var taken: Int
        var skipped: Int
        var refused: Int
        /// Columns read, by header as written → our field; headers not understood.
        var columns: [String: String]
        var ignoredColumns: [String]
        var lines: [Line]
        /// True when rows were refused and so nothing was taken.
        var nothingTaken: Bool
    }

    enum ImportError: Error, Equatable {
        case unreadable(String)
        case noHeader
        case missingColumns([String])
    }

    /// Reads the rows of a CSV or xlsx upload (by the file's bytes, not its name).
    static func rows(_ data: Data) throws -> [[String]] {
        do {
            if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try SpreadsheetRows.xlsx(data) }
            return try SpreadsheetRows.csv(data)
        } catch {
            throw ImportError.unreadable(error.chineseMessage)
        }
    }

    static func normalise(_ header: String) -> String {
        header.lowercased().filter { !$0.isWhitespace && $0 != "*" && $0 != "：" && $0 != ":" }
    }

    /// Imports `data`. Categories may be given by code or by name.
    static func run(_ data: Data, takeValidRows: Bool, in ctx: WriteContext) async throws -> Report {
        let rows = try rows(data)
        guard let headerIndex = rows.firstIndex(where: { !$0.allSatisfy(\.isEmpty) }) else { throw ImportError.noHeader }
        var columnOf: [String: Int] = [:]
        var columns: [String: String] = [:]
        var ignored: [String] = []
        for (i, raw) in rows[headerIndex].enumerated() where !raw.isEmpty {
            let h = normalise(raw)
            if let field = headers.first(where: { entry in columnOf[entry.field] == nil && entry.names.contains { normalise($0) == h } })?.field {
                columnOf[field] = i
                columns[raw] = field
            } else {
                ignored.append(raw)
            }
        }
        let missing = ["sourceRef", "text", "categoryCode"].filter { columnOf[$0] == nil }
        guard missing.isEmpty else { throw ImportError.missingColumns(missing.map(Wording.requestField)) }

        let categories = try await RequestCategoryRecord.query(on: ctx.db).filter(\.$active == true).all()
        let codeByName = Dictionary(categories.map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
        let refs = rows.dropFirst(headerIndex + 1).compactMap { row in columnOf["sourceRef"].flatMap { $0 < row.count ? row[$0] : nil } }
        let known = Set(try await CitizenRequestRecord.query(on: ctx.db).filter(\.$sourceRef ~~ Array(Set(refs)).filter { !$0.isEmpty })
            .all().compactMap(\.sourceRef))

        var lines: [Line] = []
        var good: [(line: Int, intake: RequestActions.Intake)] = []
        var seen = Set<String>()
        for (index, row) in rows.enumerated().dropFirst(headerIndex + 1) where !row.allSatisfy(\.isEmpty) {
            let number = index + 1
            func cell(_ field: String) -> String? {
                guard let c = columnOf[field], c < row.count else { return nil }
                return blankToNil(row[c])
            }
            let ref = cell("sourceRef")
            var messages: [String] = []
            guard let ref else {
                lines.append(Line(line: number, outcome: "refused", messages: [Wording.request(.blank, field: "sourceRef")]))
                continue
            }
            if known.contains(ref) || seen.contains(ref) {
                lines.append(Line(line: number, outcome: "skipped", sourceRef: ref, messages: ["平台工单号 \(ref) 已导入过，跳过。"]))
                continue
            }
            seen.insert(ref)
            var intake = RequestActions.Intake(channel: .platform)
            intake.sourceRef = ref
            intake.text = cell("text") ?? ""
            let category = cell("categoryCode") ?? ""
            intake.categoryCode = RequestCategory.isValidCode(category) ? category : (codeByName[category] ?? category)
            intake.kind = cell("kind") ?? RequestKind.help.rawValue
            intake.requesterName = cell("requesterName")
            intake.requesterPhone = cell("requesterPhone")
            intake.address = cell("address")
            intake.district = cell("district")
            intake.street = cell("street")
            intake.urgency = cell("urgency")
            intake.confidential = ["是", "保密", "1", "true", "yes"].contains((cell("confidential") ?? "").lowercased())
            if let text = cell("receivedAt") {
                if let date = parseTime(text) { intake.receivedAt = date } else {
                    messages.append(Wording.request(.badDate(text), field: "receivedAt"))
                }
            }
            for field in ["lat", "long"] {
                guard let text = cell(field) else { continue }
                guard let value = Double(text) else { messages.append(Wording.request(.badCoordinates, field: field)); continue }
                if field == "lat" { intake.lat = value } else { intake.long = value }
            }
            let problems = try await RequestActions.problems(intake, on: ctx.db, now: ctx.now)
            messages += problems.sorted { $0.key < $1.key }.map { Wording.request($0.value, field: $0.key) }
            if messages.isEmpty {
                good.append((number, intake))
                lines.append(Line(line: number, outcome: "taken", sourceRef: ref, messages: []))
            } else {
                lines.append(Line(line: number, outcome: "refused", sourceRef: ref, messages: messages))
            }
        }
        let refused = lines.filter { $0.outcome == "refused" }.count
        let take = refused == 0 || takeValidRows
        if take && !good.isEmpty {
            let good = good
            let numbers = try await ctx.commit { tx in
                var checked: [RequestActions.Checked] = []
                for (_, intake) in good {
                    let route = try await RequestQueries.route(category: intake.categoryCode, district: intake.district,
                                                               street: intake.street, on: tx.db)
                    checked.append(.init(intake: intake, suggestedUnit: route?.lead, context: ctx))
                }
                // The platform has told its callers already: no SMS, and one audit entry for the import.
                let records = try await RequestActions.insert(checked, in: tx, announce: false)
                let numbers = Dictionary(uniqueKeysWithValues: zip(good.map(\.0), records.map(\.trackingNumber)))
                try await tx.audit(.requestImport, .request, nil, after: ["taken": String(good.count), "refused": String(refused)])
                return numbers
            }
            for i in lines.indices where lines[i].outcome == "taken" { lines[i].trackingNumber = numbers[lines[i].line] }
        } else if !take {
            for i in lines.indices where lines[i].outcome == "taken" {
                lines[i].outcome = "notTaken"
                lines[i].messages = ["本行无误，但有其他行被拒绝，整批未导入。"]
            }
        }
        return Report(taken: take ? good.count : 0, skipped: lines.filter { $0.outcome == "skipped" }.count, refused: refused,
                      columns: columns, ignoredColumns: ignored, lines: lines, nothingTaken: !take || good.isEmpty)
    }

    /// `2026-11-29 08:30[:00]`, `2026/11/29 8:30`, `2026-11-29T08:30:00+08:00`, `2026年11月29日 8:30`, or
    /// a date alone (an xlsx date cell reads as `2026年11月29日`), in Beijing time.
    static func parseTime(_ text: String) -> Date? {
        let t = text.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-").replacingOccurrences(of: "日", with: "")
        if let iso = ISO8601DateFormatter().date(from: text) { return iso }
        let parts = t.split(separator: " ", maxSplits: 1)
        guard let first = parts.first else { return nil }
        let ymd = first.split(separator: "-").compactMap { Int($0) }
        guard ymd.count == 3, let day = CivilDate(year: ymd[0], month: ymd[1], day: ymd[2]) else { return nil }
        var seconds = 0
        if parts.count == 2 {
            let hms = parts[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(hms.count), hms.allSatisfy({ $0 != nil }) else { return nil }
            let h = hms[0]!, m = hms[1]!, s = hms.count == 3 ? hms[2]! : 0
            guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
            seconds = h * 3600 + m * 60 + s
        }
        return day.startOfDay(in: AppClock.cityTimeZone).addingTimeInterval(TimeInterval(seconds))
    }
}
