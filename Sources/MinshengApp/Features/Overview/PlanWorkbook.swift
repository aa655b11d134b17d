import Foundation
import MinshengCore

/// The 项目汇总表: a plan as the one-row-per-project workbook coordinators keep and cities
/// publish. Its header row is the one the parser reads tables by, so importing the file gives the
/// same plan back (numbers, sections, titles, leaders, units, deadlines, and the targets read from
/// each project's text).
enum PlanWorkbook {
    static let header: [XlsxCell] = ["序号", "编号", "领域", "项目名称", "建设内容", "牵头领导", "牵头单位", "配合单位", "完成时限"]

    /// Pure: a plan's facts → the workbook's one sheet. Goals (总体目标) are not projects and are left out.
    static func sheet(_ facts: PlanFacts) -> XlsxSheet {
        var rows: [[XlsxCell]] = [[.text(facts.plan.title)], header]
        var serial = 0
        for f in facts.commitments where f.commitment.kind == .task {
            serial += 1
            let c = f.commitment
            rows.append([.number(Double(serial)), .text(c.number), .text(c.section), .text(c.title), .text(f.record.text),
                         .text(c.leaders.joined(separator: "、")), .text(c.leadUnits.names.joined(separator: "、")),
                         .text(c.supportUnits.names.joined(separator: "、")), .text(f.record.deadline ?? "")])
        }
        return XlsxSheet(name: "项目汇总表", rows: rows, columnWidths: [6, 10, 14, 36, 60, 12, 22, 30, 12], boldHeader: false)
    }

    static func data(_ facts: PlanFacts) throws -> Data {
        try XlsxWriter.data(sheets: [sheet(facts)])
    }
}
