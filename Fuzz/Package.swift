// swift-tools-version:6.0
// Coverage-guided fuzzers (libFuzzer) for the document readers and the plan parser: a package of
// its own, so that a plain `swift build` / `swift test` of the main package never sees an
// executable without `main`. Build and run with `Scripts/fuzz.sh [seconds]`; by hand:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// Each executable is one libFuzzer target. SwiftPM links an executable with `main` set to
// `<Module>_main`, so each defines that symbol and hands its target to libFuzzer's driver
// (`LLVMFuzzerRunDriver`, declared in CLibFuzzer); FuzzSupport holds the entry points and the checks,
// the same ones `Tests/PolicyParserTests/FuzzCorpusTests.swift` runs over the kept corpus.
import PackageDescription

let package = Package(
    name: "minsheng-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "minsheng", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "PolicyParser", package: "minsheng")]),
        .executableTarget(name: "FuzzXlsx", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzDocx", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzHTML", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzBytes", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzText", dependencies: ["FuzzSupport"]),
    ]
)
