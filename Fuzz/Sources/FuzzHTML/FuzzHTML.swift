import FuzzSupport

/// The process entry: SwiftPM links `main` to `FuzzHTML_main`; libFuzzer runs `FuzzEntry.html`.
@_cdecl("FuzzHTML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, target: FuzzEntry.html)
}
