// Package irtest builds small IR programs by hand, for the tests and
// benchmarks of ir and exec until the lowering from checked P4 exists for
// every feature.
//
// irtest may import smarttor/p4/ir, smarttor/match and the standard
// library.
package irtest

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// L3 is the hand-built L3 router and the indexes of its objects.
type L3 struct {
	Prog *ir.Program
	// Tables: Hosts (exact on the IPv4 destination) then Routes (LPM).
	Hosts, Routes int
	// Actions.
	SetNhop, Drop int
	// Stats counts by reason: StatParser, StatChecksum, StatForwarded.
	Stats int
}

// Counter indexes of L3.Stats.
const (
	StatParser    = 1
	StatChecksum  = 2
	StatForwarded = 3
)

// EthernetFields and IPv4Fields are the usual header layouts.
var (
	EthernetFields = []ir.FieldSpec{ir.F("dst_addr", 48), ir.F("src_addr", 48), ir.F("ether_type", 16)}
	IPv4Fields     = []ir.FieldSpec{ir.F("version", 4), ir.F("ihl", 4), ir.F("diffserv", 8),
		ir.F("total_len", 16), ir.F("identification", 16), ir.F("flags", 3), ir.F("frag_offset", 13),
		ir.F("ttl", 8), ir.F("protocol", 8), ir.F("hdr_checksum", 16), ir.F("src_addr", 32), ir.F("dst_addr", 32)}
)

// BuildL3 builds an L3 router: parse Ethernet/IPv4, verify the IPv4
// checksum, look the destination up in an exact host table and, on a miss,
// in an LPM route table; set_nhop(port, dmac, smac) rewrites the MACs and
// decrements the TTL; the checksum is recomputed and the headers deparsed.
// Parser and checksum errors are counted and dropped.
//
//	if (std.parser_error != 0) { stats.count(1); mark_to_drop(); exit; }
//	if (std.checksum_error == 1) { stats.count(2); mark_to_drop(); exit; }
//	if (!hdr.ipv4.isValid()) { mark_to_drop(); exit; }
//	if (!hosts.apply().hit) { routes.apply(); }
//	stats.count(3);
func BuildL3() (*L3, error) {
	b := ir.NewBuilder("l3")
	eth := b.Header("ethernet", EthernetFields...)
	ip := b.Header("ipv4", IPv4Fields...)
	f := func(h *ir.Header, n string) ir.Value { return b.HeaderField(h, n) }
	std := b.StdField

	b.Parser("L3Parser")
	start, sc := b.State("start")
	parseIPv4, pc := b.State("parse_ipv4")
	b.SetStart(start)
	sc.Extract(eth)
	sc.Select([]ir.Value{f(eth, "ether_type")}, []ir.SelectCase{
		{Keysets: []ir.Keyset{{Kind: ir.KeysetValue, Value: 0x0800}}, Next: parseIPv4},
		{Keysets: []ir.Keyset{{Kind: ir.KeysetDefault}}, Next: ir.StateAccept},
	})
	pc.Extract(ip)
	pc.Accept()

	csumFields := []ir.Value{}
	for _, n := range []string{"version", "ihl", "diffserv", "total_len", "identification", "flags",
		"frag_offset", "ttl", "protocol", "src_addr", "dst_addr"} {
		csumFields = append(csumFields, f(ip, n))
	}
	verify := b.NewCode("L3VerifyChecksum")
	verify.VerifyChecksum(verify.IsValid(ip), csumFields, f(ip, "hdr_checksum"), ir.HashCsum16, false)

	l := &L3{}
	var ac *ir.CodeBuilder
	l.SetNhop, ac = b.Action("set_nhop", ir.F("port", 9), ir.F("dmac", 48), ir.F("smac", 48))
	ac.Assign(std("egress_spec"), b.Param(l.SetNhop, 0))
	ac.Assign(f(eth, "dst_addr"), b.Param(l.SetNhop, 1))
	ac.Assign(f(eth, "src_addr"), b.Param(l.SetNhop, 2))
	ac.Assign(f(ip, "ttl"), ac.BinK(ir.OpSub, f(ip, "ttl"), 1))
	l.Drop, ac = b.Action("drop")
	ac.MarkToDrop()

	acts := []ir.ActionRef{{Action: l.SetNhop}, {Action: l.Drop}}
	l.Hosts = b.Table(ir.TableSpec{Name: "hosts", Keys: []ir.KeySpec{{Name: "hdr.ipv4.dst_addr", Kind: match.KindExact, Value: f(ip, "dst_addr")}},
		Actions: acts, Default: ir.ActionCall{Action: l.Drop}, Size: 131072})
	l.Routes = b.Table(ir.TableSpec{Name: "routes", Keys: []ir.KeySpec{{Name: "hdr.ipv4.dst_addr", Kind: match.KindLPM, Value: f(ip, "dst_addr")}},
		Actions: acts, Default: ir.ActionCall{Action: l.Drop}, Size: 16384})
	b.DirectCounter("routes_counter", ir.CountPacketsAndBytes, l.Routes)
	l.Stats = b.Counter("stats", 8, ir.CountPacketsAndBytes)

	in := b.NewCode("L3Ingress")
	dropCount := func(reason uint64) {
		in.CountK(l.Stats, reason)
		in.MarkToDrop()
		in.Exit()
	}
	in.If(in.BinK(ir.OpNe, std("parser_error"), 0), func() { dropCount(StatParser) }, nil)
	in.If(in.BinK(ir.OpEq, std("checksum_error"), 1), func() { dropCount(StatChecksum) }, nil)
	in.If(in.Un(ir.OpLNot, in.IsValid(ip)), func() { in.MarkToDrop(); in.Exit() }, nil)
	in.Apply(l.Hosts)
	in.If(in.Un(ir.OpLNot, b.TableHit(l.Hosts)), func() { in.Apply(l.Routes) }, nil)
	in.CountK(l.Stats, StatForwarded)

	compute := b.NewCode("L3ComputeChecksum")
	compute.UpdateChecksum(compute.IsValid(ip), csumFields, f(ip, "hdr_checksum"), ir.HashCsum16, false)

	dep := b.NewCode("L3Deparser")
	dep.EmitHeader(eth)
	dep.EmitHeader(ip)

	b.SetControls(verify, in, nil, compute, dep)
	p, err := b.Build()
	if err != nil {
		return nil, err
	}
	l.Prog = p
	return l, nil
}
