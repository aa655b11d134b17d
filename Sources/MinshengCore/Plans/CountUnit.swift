import Foundation

/// Units that count whole things (量词: 个、座、张…), as against measures (公里、平方米、万元).
///
/// An expected amount of counted things is shown as a whole number: the schedule's share of 60
/// 座 on 10 July is 39.9, but nobody builds 0.9 of a 公厕, so the page says 约40座.
public enum CountUnit {
    /// Classifiers for things counted one by one, as plans write them.
    static let classifiers: Set<String> = [
        "个", "座", "张", "所", "家", "处", "台", "辆", "套", "户", "人", "名", "间", "条", "块", "项", "场",
        "次", "只", "部", "栋", "幢", "盏", "根", "棵", "株", "口", "眼", "支", "批", "件", "宗", "片", "层",
        "对", "位", "例", "人次", "户次", "场次", "个次", "所次",
    ]

    /// Whether `unit` counts whole things. Example: `isCount("座")` → true, `isCount("公里")` → false.
    public static func isCount(_ unit: String) -> Bool {
        classifiers.contains(unit.trimmingCharacters(in: .whitespaces))
    }

    /// An expected amount as shown: whole for counted things, one decimal otherwise.
    /// Example: `expected(39.93, unit: "个")` → 40; `expected(39.93, unit: "公里")` → 39.9.
    public static func expected(_ value: Double, unit: String) -> Double {
        isCount(unit) ? value.rounded() : (value * 10).rounded() / 10
    }
}
