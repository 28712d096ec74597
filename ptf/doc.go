// Package ptf holds packet tests of p4src/smarttor.p4 on the smarttor
// target: send a packet on a port, expect exact packets on exact ports and
// nothing else.
//
// It may import smarttor, the vcn domain package and gopacket.
package ptf
