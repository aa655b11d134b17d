// Only the header matters: it declares libFuzzer's driver for Swift. SwiftPM wants a source file.
#include "CLibFuzzer.h"
