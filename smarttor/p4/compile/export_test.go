package compile

// For the external tests (package compile_test) that read p4c's samples.
var (
	P4cDir    = p4cDir
	OtherArch = otherArch
)
