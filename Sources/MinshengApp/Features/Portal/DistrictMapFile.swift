import Foundation
import MinshengCore
import Vapor

/// Where the city's district map comes from: `districts.json` in the data directory when the
/// city has put its own there, else the demo city's (`Resources/Maps/districts.json`, ours).
enum DistrictMapFile {
    static func load(dataDirectory: String, resources: String, logger: Logger) -> DistrictMap? {
        let own = URL(fileURLWithPath: dataDirectory).appendingPathComponent("districts.json")
        let demo = URL(fileURLWithPath: resources).appendingPathComponent("Maps/districts.json")
        for url in [own, demo] where FileManager.default.fileExists(atPath: url.path) {
            do {
                return try JSONDecoder().decode(DistrictMap.self, from: Data(contentsOf: url))
            } catch {
                logger.warning("district map \(url.path) unreadable: \(error)")
            }
        }
        return nil
    }
}

extension Application {
    private struct DistrictMapKey: StorageKey { typealias Value = DistrictMap }

    /// The city's districts for the citizens' form (nil: no map, coordinates typed only).
    var districtMap: DistrictMap? {
        get { storage[DistrictMapKey.self] }
        set { storage[DistrictMapKey.self] = newValue }
    }
}
