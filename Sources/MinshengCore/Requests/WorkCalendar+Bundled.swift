import Foundation

extension WorkCalendar {
    /// The years shipped with Minsheng (`Requests/Holidays/YYYY.txt`, from the State Council's
    /// notices), read once. A file that does not parse is a build defect; the tests read every one.
    public static let bundled: WorkCalendar = {
        var calendar = WorkCalendar()
        for (year, text) in bundledFiles() {
            if let days = try? parseYear(year, text: text) { calendar.set(year: year, days) }
        }
        return calendar
    }()

    /// The bundled year files' texts by year.
    public static func bundledFiles() -> [(year: Int, text: String)] {
        guard let folder = Bundle.module.url(forResource: "Holidays", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().compactMap { name -> (Int, String)? in
            guard name.hasSuffix(".txt"), let year = Int(name.dropLast(4)),
                  let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return (year, text)
        }
    }
}
