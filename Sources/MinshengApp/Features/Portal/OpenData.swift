import Fluent
import Foundation
import MinshengCore
import PolicyParser
import Vapor
import MinshengStore

/// 开放数据: every published plan, commitment, target, monthly figure and the units' request
/// statistics as CSV, JSON and xlsx at stable addresses (`/public/data/commitments.csv`), each
/// month's figures also as their own file (`monthly-2026-10.json`, the archive as published),
/// with a data dictionary page. Never a requester: the request statistics are per unit and month.
enum OpenData {
    /// One column: its key (JSON and the CSV header), its Chinese description, its type.
    struct Field: Encodable, Sendable {
        var key: String
        var label: String
        var type: String
    }

    struct Dataset: Encodable, Sendable {
        var name: String
        var title: String
        var description: String
        var fields: [Field]
        /// Whether the dataset comes per month (`name-YYYY-MM.ext`) as well as whole.
        var monthly: Bool
    }

    static let datasets: [Dataset] = [
        Dataset(name: "plans", title: "民生实事计划", description: "已公开的计划，每个计划一行，含任务数与三色统计。", fields: [
            .init(key: "plan_id", label: "计划编号", type: "text"), .init(key: "title", label: "计划名称", type: "text"),
            .init(key: "document_number", label: "文号", type: "text"), .init(key: "period_from", label: "起始年度", type: "integer"),
            .init(key: "period_to", label: "终止年度", type: "integer"), .init(key: "tasks", label: "任务数", type: "integer"),
            .init(key: "done", label: "已完成", type: "integer"), .init(key: "green", label: "正常推进", type: "integer"),
            .init(key: "yellow", label: "滞后", type: "integer"), .init(key: "red", label: "严重滞后", type: "integer"),
        ], monthly: false),
        Dataset(name: "commitments", title: "民生实事项目", description: "已公开计划中的每个任务，含责任分工与当日进度。", fields: [
            .init(key: "commitment_id", label: "项目编号", type: "text"), .init(key: "plan_id", label: "计划编号", type: "text"),
            .init(key: "number", label: "序号（文件中的编号）", type: "text"), .init(key: "section", label: "所属类别", type: "text"),
            .init(key: "title", label: "项目名称", type: "text"), .init(key: "leaders", label: "牵头领导（顿号分隔）", type: "text"),
            .init(key: "lead_units", label: "牵头单位", type: "text"), .init(key: "support_units", label: "责任单位", type: "text"),
            .init(key: "planned_investment_wan", label: "计划投资（万元）", type: "number"),
            .init(key: "expected_percent", label: "序时进度（%）", type: "number"), .init(key: "actual_percent", label: "实际进度（%）", type: "number"),
            .init(key: "status", label: "状态（done/green/yellow/red）", type: "text"),
        ], monthly: false),
        Dataset(name: "targets", title: "目标指标", description: "每个项目的量化指标与最新报送的实际值。", fields: [
            .init(key: "commitment_id", label: "项目编号", type: "text"), .init(key: "metric", label: "指标", type: "text"),
            .init(key: "op", label: "比较方式（equal 达到、atLeast 以上、atMost 以内、about 左右、increaseBy 增加、decreaseBy 下降）", type: "text"), .init(key: "value", label: "目标值", type: "number"),
            .init(key: "unit", label: "单位", type: "text"), .init(key: "baseline", label: "基数", type: "number"),
            .init(key: "latest_actual", label: "最新实际值", type: "number"),
        ], monthly: false),
        Dataset(name: "monthly", title: "月度进展", description: "各项目每月报送并公开的累计进度与工作进展。", fields: [
            .init(key: "commitment_id", label: "项目编号", type: "text"), .init(key: "period", label: "月份（YYYY-MM）", type: "text"),
            .init(key: "percent", label: "累计进度（%）", type: "number"), .init(key: "investment_wan", label: "累计完成投资（万元）", type: "number"),
            .init(key: "narrative", label: "工作进展", type: "text"), .init(key: "published_on", label: "公开日期", type: "date"),
        ], monthly: true),
        Dataset(name: "requests", title: "诉求办理统计", description: "各承办单位每月的诉求件数与三率（不含任何个人信息）。", fields: [
            .init(key: "period", label: "月份（YYYY-MM）", type: "text"), .init(key: "unit", label: "承办单位", type: "text"),
            .init(key: "dispatched", label: "派单件数", type: "integer"), .init(key: "response_rate", label: "响应率（%）", type: "number"),
            .init(key: "resolution_rate", label: "解决率（%）", type: "number"), .init(key: "satisfaction_rate", label: "满意率（%）", type: "number"),
            .init(key: "on_time_rate", label: "按时办结率（%）", type: "number"),
        ], monthly: true),
    ]

    /// `commitments.csv` → (commitments, nil, csv); `monthly-2026-10.json` → (monthly, 2026-10, json).
    static func parse(_ file: String) -> (Dataset, YearMonth?, String)? {
        guard let dot = file.lastIndex(of: ".") else { return nil }
        let ext = String(file[file.index(after: dot)...]), stem = String(file[..<dot])
        guard ["csv", "json", "xlsx"].contains(ext) else { return nil }
        if let set = datasets.first(where: { $0.name == stem }) { return (set, nil, ext) }
        for set in datasets where set.monthly && stem.hasPrefix(set.name + "-") {
            if let month = YearMonth(String(stem.dropFirst(set.name.count + 1))) { return (set, month, ext) }
        }
        return nil
    }

    /// The dataset's rows (cells in the order of its fields).
    static func rows(_ set: Dataset, month: YearMonth?, req: Request) async throws -> [[XlsxCell]] {
        func n(_ v: Double?) -> XlsxCell { v.map { .number(($0 * 10).rounded() / 10) } ?? .empty }
        let snapshots = try await WebQueries.publishedSnapshots(req: req)
        switch set.name {
        case "plans":
            return snapshots.map { s in
                let c = WebPlanSnapshot.counts(s.tasks)
                return [.text(s.planID.uuidString), .text(s.title), .text(s.documentNumber ?? ""), .number(Double(s.period.from)),
                        .number(Double(s.period.to)), .number(Double(s.tasks.count)), .number(Double(c[.done])),
                        .number(Double(c[.green])), .number(Double(c[.yellow])), .number(Double(c[.red]))]
            }
        case "commitments":
            return snapshots.flatMap { s in
                s.tasks.map { r in
                    [.text(r.id.uuidString), .text(s.planID.uuidString), .text(r.number), .text(r.section), .text(r.title),
                     .text(r.leaders.joined(separator: "、")), .text(r.leadUnits.names.joined(separator: "、")),
                     .text(r.supportUnits.names.joined(separator: "、")), n(r.plannedInvestment), n(r.expected), n(r.actual), .text(r.health.rawValue)]
                }
            }
        case "targets":
            var out: [[XlsxCell]] = []
            for s in snapshots {
                let facts = try await PlanQueries.facts(planID: s.planID, on: req.db)
                for f in facts.commitments where f.commitment.kind == .task {
                    for t in f.targetRecords.sorted(by: { $0.position < $1.position }) {
                        out.append([.text(f.commitment.id.uuidString), .text(t.metric), .text(TargetOp(rawValue: t.op).map { String(describing: $0) } ?? t.op), .number(t.value), .text(t.unit),
                                    n(t.baseline), n(t.id.flatMap { f.latestActuals[$0] })])
                    }
                }
            }
            return out
        case "monthly":
            let ids = Set(snapshots.flatMap { $0.tasks.map(\.id) })
            var query = ProgressReportRecord.query(on: req.db).filter(\.$commitment.$id ~~ ids).sort(\.$period)
            if let month { query = query.filter(\.$period == month.description) }
            return try await query.all().map { r in
                [.text(r.$commitment.id.uuidString), .text(r.period), n(r.percent), n(r.investment), .text(r.narrative), .text(r.submittedOn)]
            }
        default: // requests
            let months = month.map { [$0] } ?? (0..<12).map { req.today.yearMonth.adding(months: -$0) }.reversed()
            var out: [[XlsxCell]] = []
            for m in months {
                for u in try await RequestQueries.monthScores(m, on: req.db).sorted(by: { $0.unit < $1.unit }) {
                    out.append([.text(m.description), .text(u.unit), .number(Double(u.dispatched)), n(u.responseRate.map { $0 * 100 }),
                                n(u.resolutionRate.map { $0 * 100 }), n(u.satisfactionRate.map { $0 * 100 }), n(u.onTimeRate.map { $0 * 100 })])
                }
            }
            return out
        }
    }

    /// The file in its format: CSV (UTF-8 with BOM, for Excel), JSON (an array of objects), xlsx.
    static func encode(_ set: Dataset, rows: [[XlsxCell]], ext: String) throws -> (Data, HTTPMediaType) {
        switch ext {
        case "csv":
            return (CSVWriter.data(rows: [set.fields.map { .text($0.key) }] + rows),
                    HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]))
        case "json":
            var out = "["
            for (i, row) in rows.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                let fields = zip(set.fields, row).map { field, cell -> (String, GeoReportNode) in
                    switch cell {
                    case .text(let s): (field.key, .text(s))
                    case .number(let v): (field.key, .number(v))
                    case .empty: (field.key, .text(nil))
                    }
                }
                GeoReportNode.object(fields).writeJSON(into: &out)
            }
            out += rows.isEmpty ? "]" : "\n]"
            return (Data(out.utf8), .json)
        default:
            let header: [XlsxCell] = set.fields.map { .text($0.label) }
            return (try XlsxWriter.data(sheets: [XlsxSheet(name: set.title, rows: [header] + rows)]), Response.xlsxType)
        }
    }
}
