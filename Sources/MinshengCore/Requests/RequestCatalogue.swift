import Foundation

/// 诉求分类目录: categories with codes, two levels (`01` 城乡建设 → `0102` 道路桥梁). Ours, written
/// for Minsheng (not a copy of any platform's catalogue); admins add, rename and retire entries.
public struct RequestCategory: Sendable, Equatable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// The parent's code (`0102` → `01`), nil for a top-level entry.
    public var parentCode: String? { code.count > 2 ? String(code.prefix(code.count - 2)) : nil }

    /// Codes are 2, 4 or 6 ASCII digits.
    public static func isValidCode(_ code: String) -> Bool {
        [2, 4, 6].contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

public enum RequestCatalogue {
    /// The catalogue a new installation starts with.
    public static let standard: [RequestCategory] = [
        ("01", "城乡建设"), ("0101", "市政设施"), ("0102", "道路桥梁"), ("0103", "路灯照明"), ("0104", "供水排水"),
        ("0105", "燃气供热"), ("0106", "老旧小区改造"), ("0107", "违法建设"),
        ("02", "环境保护"), ("0201", "噪声扰民"), ("0202", "大气污染"), ("0203", "水体污染"), ("0204", "垃圾清运"),
        ("03", "交通运输"), ("0301", "公交线路"), ("0302", "出租网约车"), ("0303", "停车管理"), ("0304", "交通信号"),
        ("04", "社会保障"), ("0401", "就业创业"), ("0402", "社会保险"), ("0403", "养老服务"), ("0404", "社会救助"),
        ("0405", "劳动权益"),
        ("05", "教育文化"), ("0501", "学前教育"), ("0502", "义务教育"), ("0503", "校外培训"), ("0504", "文体设施"),
        ("06", "卫生健康"), ("0601", "医疗服务"), ("0602", "医保报销"), ("0603", "疾病防控"),
        ("07", "市场监管"), ("0701", "食品安全"), ("0702", "消费维权"), ("0703", "价格收费"),
        ("08", "住房物业"), ("0801", "物业服务"), ("0802", "保障性住房"), ("0803", "房屋质量"),
        ("09", "公共安全"), ("0901", "消防安全"), ("0902", "治安管理"), ("0903", "安全生产"),
        ("10", "农业农村"), ("1001", "农村道路"), ("1002", "农村饮水"), ("1003", "农业补贴"),
        ("11", "政务服务"), ("1101", "办事效率"), ("1102", "政策咨询"), ("1103", "工作作风"),
        ("99", "其他"),
    ].map { RequestCategory(code: $0.0, name: $0.1) }

    /// The questions some categories ask beyond the text and place (Open311's service
    /// attributes, also on the citizens' form), by category code.
    public static let standardAttributes: [String: [ServiceAttribute]] = [
        "0103": [ServiceAttribute(code: "pole_number", datatype: .string, required: false,
                                  description: "灯杆编号（灯杆上的喷涂编号，如有）", order: 1)],
        "0201": [ServiceAttribute(code: "period", datatype: .singlevaluelist, required: true, description: "噪声发生时段", order: 1,
                                  values: [.init(key: "day", name: "白天（6时至22时）"), .init(key: "night", name: "夜间（22时至次日6时）")]),
                 ServiceAttribute(code: "source", datatype: .string, required: false, description: "噪声来源（如工地、商铺、车辆）", order: 2)],
        "0303": [ServiceAttribute(code: "plate", datatype: .string, required: false, description: "涉及车辆的车牌号", order: 1)],
    ]
}
