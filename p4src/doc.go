// Package p4src holds the smart-ToR P4_16 program (smarttor.p4, v1model,
// BMv2-compatible) and its build outputs under build/ (`make p4`; `make
// test` checks they match the source). The Go package embeds the build
// outputs so that binaries and tests load the same bytes wherever they run.
//
// It imports nothing of this project.
package p4src

import (
	_ "embed"
)

// P4InfoText is build/p4info.txtpb: the P4Info of smarttor.p4 as text.
//
//go:embed build/p4info.txtpb
var P4InfoText []byte

// DeviceConfig is build/smarttor.bundle: the device config the smarttor
// target loads (on BMv2 it would be p4c's JSON instead).
//
//go:embed build/smarttor.bundle
var DeviceConfig []byte
