import Foundation

extension ScheduleRule {
    /// The annual schedule a plan states in its own words (文件明确的序时进度), or nil when it states none.
    ///
    /// Reads a midyear share (`半年度完成全年任务的60%`, `6月底前完成年度任务的60%`, `上半年完成…50%`)
    /// and a finishing month (`11月底前完成年度目标任务`, `10月底前全面完成年度目标任务`); whichever is
    /// missing takes the default of ``annual(year:midyearPercent:finishMonth:)`` (60%, November).
    /// Example, 锡政发〔2023〕5号: "原则上半年度完成全年任务的60%、11月底前完成年度目标任务" →
    /// 60% by 06-30, 100% by 11-30. Expects simplified text, as the parser gives.
    public static func stated(in text: String, year: Int) -> ScheduleRule? {
        let midyear = firstMatch(#"(?:半年度?|上半年|6月底前?|6月30日前?)[^。;；\n]{0,12}?(?:完成|达到)[^。;；\n]{0,12}?(\d{1,3}(?:\.\d+)?)[%％]"#, in: text)
            .flatMap(Double.init).flatMap { (1...100).contains($0) ? $0 : nil }
        let finish = firstMatch(#"(\d{1,2})月底前[^。;；\n]{0,6}?(?:全面|全部|基本)?完成(?:全年|年度)(?:目标)?任务"#, in: text)
            .flatMap(Int.init).flatMap { (7...12).contains($0) ? $0 : nil }
        guard midyear != nil || finish != nil else { return nil }
        return annual(year: year, midyearPercent: midyear ?? annualMidyearPercent, finishMonth: finish ?? 11)
    }

    private static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
