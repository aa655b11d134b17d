import FuzzSupport

/// The process entry: SwiftPM links `main` to `FuzzXlsx_main`; libFuzzer runs `FuzzEntry.xlsx`.
@_cdecl("FuzzXlsx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, target: FuzzEntry.xlsx)
}
