import FuzzSupport

/// The process entry: SwiftPM links `main` to `FuzzBytes_main`; libFuzzer runs `FuzzEntry.bytes`.
@_cdecl("FuzzBytes_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, target: FuzzEntry.bytes)
}
