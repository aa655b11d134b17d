import FuzzSupport

/// The process entry: SwiftPM links `main` to `FuzzText_main`; libFuzzer runs `FuzzEntry.text`.
@_cdecl("FuzzText_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, target: FuzzEntry.text)
}
