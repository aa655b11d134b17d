import FuzzSupport

/// The process entry: SwiftPM links `main` to `FuzzDocx_main`; libFuzzer runs `FuzzEntry.docx`.
@_cdecl("FuzzDocx_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, target: FuzzEntry.docx)
}
