package irtest

import (
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/ir"
)

// Features is a program that exercises the v1model features beyond plain
// forwarding: 128-bit fields, a ternary table over a wide key, a parser
// value_set, multicast, I2E clones, recirculation with a preserved field
// list, digests, registers, hashes, assert and log_msg.
type Features struct {
	Prog *ir.Program
	// Table acl (ternary on ether_type and the IPv6 destination).
	ACL int
	// Actions of acl.
	Fwd, Mcast, CloneIt, Recirc, DigestIt, Drop int
	// Register seen counts packets per ingress port; Digest d carries the
	// source MAC and ingress port; ValueSet vs marks ether types.
	Seen, Digest, ValueSet int
	// Slot of meta.vs (1 when the value_set matched) and meta.hash.
	VS, Hash ir.Value
}

// IPv6Fields is the IPv6 header layout.
var IPv6Fields = []ir.FieldSpec{ir.F("version", 4), ir.F("traffic_class", 8), ir.F("flow_label", 20),
	ir.F("payload_len", 16), ir.F("next_hdr", 8), ir.F("hop_limit", 8), ir.F("src_addr", 128), ir.F("dst_addr", 128)}

// BuildFeatures builds the Features program:
//
//	parser: ethernet; select(ether_type) { 0x86dd: ipv6; vs: mark (meta.vs = 1); default: accept }
//	ingress:
//	  if (meta.pass == 1) { std.egress_spec = 7; exit; }   // second pass of a recirculation
//	  seen[ingress_port] = seen[ingress_port] + 1;
//	  hash(meta.hash, crc16, 0, {ethernet.src_addr, ethernet.dst_addr}, 65536);
//	  if (ipv6.isValid() && ipv6.src_addr == ipv6.dst_addr) { log_msg("loop {}", {ingress_port}); assert(false); }
//	  acl.apply();
//	egress:
//	  if (instance_type == REPLICATION) { ethernet.src_addr = (bit<48>) egress_rid; }
//	  if (instance_type == INGRESS_CLONE) { ethernet.src_addr = 0xc10e; }
//	  if (meta.recirc == 1 && meta.pass == 0) { meta.pass = 1; recirculate_preserving_field_list(1); }
func BuildFeatures() (*Features, error) {
	b := ir.NewBuilder("features")
	eth := b.Header("ethernet", EthernetFields...)
	ip6 := b.Header("ipv6", IPv6Fields...)
	meta := b.Struct("meta", ir.F("pass", 8), ir.F("recirc", 1), ir.F("vs", 1), ir.F("hash", 16))
	f := func(h *ir.Header, n string) ir.Value { return b.HeaderField(h, n) }
	m := func(n string) ir.Value { return b.StructField(meta, n) }
	std := b.StdField
	x := &Features{VS: m("vs"), Hash: m("hash")}

	x.ValueSet = b.ValueSet("vs", 4, 16)
	b.Parser("FeaturesParser")
	start, sc := b.State("start")
	parseIPv6, pc := b.State("parse_ipv6")
	mark, mc := b.State("mark")
	b.SetStart(start)
	sc.Extract(eth)
	sc.Select([]ir.Value{f(eth, "ether_type")}, []ir.SelectCase{
		{Keysets: []ir.Keyset{{Kind: ir.KeysetValue, Value: 0x86dd}}, Next: parseIPv6},
		{Keysets: []ir.Keyset{{Kind: ir.KeysetValueSet, ValueSet: x.ValueSet}}, Next: mark},
		{Keysets: []ir.Keyset{{Kind: ir.KeysetDefault}}, Next: ir.StateAccept},
	})
	pc.Extract(ip6)
	pc.Accept()
	mc.SetConst(m("vs"), 1)
	mc.Accept()

	fl := b.FieldList(1, m("pass"))
	x.Seen = b.Register("seen", 512, 32)
	x.Digest = b.Digest("learn_t", ir.F("src_addr", 48), ir.F("ingress_port", 9))

	var ac *ir.CodeBuilder
	x.Fwd, ac = b.Action("fwd", ir.F("port", 9))
	ac.Assign(std("egress_spec"), b.Param(x.Fwd, 0))
	x.Mcast, ac = b.Action("mcast", ir.F("grp", 16))
	ac.Assign(std("mcast_grp"), b.Param(x.Mcast, 0))
	x.CloneIt, ac = b.Action("clone_it", ir.F("session", 32))
	ac.Clone(ir.CloneI2E, b.Param(x.CloneIt, 0), fl)
	ac.SetConst(std("egress_spec"), 1)
	x.Recirc, ac = b.Action("recirc")
	ac.SetConst(m("recirc"), 1)
	ac.SetConst(std("egress_spec"), 2)
	x.DigestIt, ac = b.Action("digest_it")
	ac.Digest(x.Digest, []ir.Value{f(eth, "src_addr"), std("ingress_port")})
	ac.SetConst(std("egress_spec"), 1)
	x.Drop, ac = b.Action("drop")
	ac.MarkToDrop()

	x.ACL = b.Table(ir.TableSpec{Name: "acl",
		Keys: []ir.KeySpec{
			{Name: "hdr.ethernet.ether_type", Kind: match.KindTernary, Value: f(eth, "ether_type")},
			{Name: "hdr.ipv6.dst_addr", Kind: match.KindTernary, Value: f(ip6, "dst_addr")},
		},
		Actions: []ir.ActionRef{{Action: x.Fwd}, {Action: x.Mcast}, {Action: x.CloneIt}, {Action: x.Recirc},
			{Action: x.DigestIt}, {Action: x.Drop}},
		Default: ir.ActionCall{Action: x.Drop}, Size: 1024})

	in := b.NewCode("FeaturesIngress")
	in.If(in.BinK(ir.OpEq, m("pass"), 1), func() {
		in.SetConst(std("egress_spec"), 7)
		in.Exit()
	}, nil)
	port32 := in.Cast(std("ingress_port"), 32, false)
	cnt := b.Temp(32)
	in.RegisterRead(x.Seen, cnt, port32)
	in.RegisterWrite(x.Seen, port32, in.BinK(ir.OpAdd, cnt, 1))
	in.Hash(m("hash"), ir.HashCRC16, in.Const(16, 0), []ir.Value{f(eth, "src_addr"), f(eth, "dst_addr")}, in.Const(32, 65536))
	loop := in.NewLabel()
	in.JumpIfNot(in.IsValid(ip6), loop)
	in.If(in.Bin(ir.OpEq, f(ip6, "src_addr"), f(ip6, "dst_addr")), func() {
		in.Log("loop on port {}", []ir.Value{std("ingress_port")})
		in.Assert(in.Const(1, 0))
	}, nil)
	in.Bind(loop)
	in.Apply(x.ACL)

	eg := b.NewCode("FeaturesEgress")
	eg.If(eg.BinK(ir.OpEq, std("instance_type"), ir.InstanceReplication), func() {
		eg.Assign(f(eth, "src_addr"), eg.Cast(std("egress_rid"), 48, false))
	}, nil)
	eg.If(eg.BinK(ir.OpEq, std("instance_type"), ir.InstanceIngressClone), func() {
		eg.SetConst(f(eth, "src_addr"), 0xc10e)
	}, nil)
	eg.If(eg.Bin(ir.OpAnd, eg.BinK(ir.OpEq, m("recirc"), 1), eg.BinK(ir.OpEq, m("pass"), 0)), func() {
		eg.SetConst(m("pass"), 1)
		eg.Recirculate(fl)
	}, nil)

	dep := b.NewCode("FeaturesDeparser")
	dep.EmitHeader(eth)
	dep.EmitHeader(ip6)

	b.SetControls(nil, in, eg, nil, dep)
	p, err := b.Build()
	if err != nil {
		return nil, err
	}
	x.Prog = p
	return x, nil
}
