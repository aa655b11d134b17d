import PolicyParser
public enum MinshengCoreVersion { public static let value = "0.1" }
