package ptf

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/stf"
)

var update = flag.Bool("update", false, "rewrite ptf/stf/*.stf from the Go cases in stf_test.go")

// The STF files under stf/ are the Go cases in p4c's STF dialect, for
// BMv2 labs (run-bmv2-test.py) and for our own runner (smarttor/stf).
// They are generated from the same packet builders as the Go tests
// (`go test ./ptf -run TestSTFFiles -update`) so the two never drift;
// TestSTFFiles fails when a file differs from what the cases generate.
//
// STF cannot write a version entry twice, wait for digests or idle
// timeouts, or read the stream, so: staleness is set up with the
// current version ahead of the entry's; digests and idle timeouts are
// covered by the Go tests only.

// stfScript builds one STF file.
type stfScript struct{ b strings.Builder }

func (w *stfScript) comment(format string, args ...any) {
	for _, l := range strings.Split(fmt.Sprintf(format, args...), "\n") {
		w.b.WriteString(strings.TrimRight("# "+l, " ") + "\n")
	}
}

func (w *stfScript) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format+"\n", args...)
}

func (w *stfScript) blank() { w.b.WriteString("\n") }

func (w *stfScript) packet(port uint32, frame []byte) {
	w.line("packet %d %s", port, stfHex(frame, nil))
}

// expect expects frame on port, exactly ('$'); mask zero nibbles become
// '*' wildcards.
func (w *stfScript) expect(port uint32, frame, mask []byte) {
	w.line("expect %d %s $", port, stfHex(frame, mask))
}

func (w *stfScript) counter(index int64, packets int) {
	w.line("check_counter stats(%d) packets == %d", index, packets)
}

// stfHex writes frame in hex, in 16-byte groups for readability, with a
// '*' for every nibble mask clears.
func stfHex(frame, mask []byte) string {
	var b strings.Builder
	for i, c := range frame {
		if i > 0 && i%16 == 0 {
			b.WriteByte(' ')
		}
		h := hex.EncodeToString([]byte{c})
		if mask != nil && mask[i]&0xf0 == 0 {
			h = "*" + h[1:]
		}
		if mask != nil && mask[i]&0x0f == 0 {
			h = h[:1] + "*"
		}
		b.WriteString(h)
	}
	return b.String()
}

func stfMAC(m net.HardwareAddr) string { return m.String() }

// configure is tswitch.configure in STF, with the current version of each
// kind given.
func (w *stfScript) configure(policy, mapping, route int) {
	w.comment("The ToR: VTEP %v, router MAC %v, NIS %v; the substrate behind port %d;", vtep, routerMAC, nisAddr, substratePort)
	w.comment("VNIC %d (%v, %v) untagged on port %d; version slot %d of every kind.", vnic, vnicMAC, vnicIP, hostPort, slot)
	w.line("setdefault tor_config set_tor_config(vtep:%v, router_mac:%s, nis_addr:%v)", vtep, stfMAC(routerMAC), nisAddr)
	w.line("add port_role ingress_port:%d set_substrate_port()", substratePort)
	w.line("add underlay_route dst_addr:192.0.2.0/24 set_next_hop(port:%d, dmac:%s)", substratePort, stfMAC(spineMAC))
	w.placeVNIC(vnic, hostPort, 0, vnicMAC, vnicIP)
	for _, kv := range []struct {
		kind string
		v    int
	}{{"policy", policy}, {"mapping", mapping}, {"route", route}} {
		w.line("add %s_check.versions slot:%d set_current_version(current_version:%d)", kv.kind, slot, kv.v)
	}
	w.blank()
}

func (w *stfScript) placeVNIC(n uint64, port, vlan uint64, mac net.HardwareAddr, addr netip.Addr) {
	w.line("add host_vnic ingress_port:%d vlan_id:%d set_host_vnic(vnic:%d, vni:%d, mac:%s, ip:%v)", port, vlan, n, vni, stfMAC(mac), addr)
	w.line("add vnic_by_overlay vni:%d overlay_ip:%v set_local_vnic(vnic:%d)", vni, addr, n)
	w.line("add vnic_delivery vnic:%d deliver_to_port(port:%d, vlan:%d, mac:%s)", n, port, vlan, stfMAC(mac))
}

func (k flowKey) stf() string {
	return fmt.Sprintf("vnic:%d direction:%d src_addr:%v dst_addr:%v protocol:%d src_port:%d dst_port:%d",
		k.vnic, k.dir, k.src, k.dst, k.proto, k.sport, k.dport)
}

func stfVersions(policy, mapping, route int) string {
	return fmt.Sprintf("policy_slot:%d, policy_version:%d, mapping_slot:%d, mapping_version:%d, route_slot:%d, route_version:%d",
		slot, policy, slot, mapping, slot, route)
}

func (w *stfScript) encap(k flowKey, substrate netip.Addr, id string) {
	w.line("add flow_cache %s fc_encap(substrate:%v, vni:%d, %s)%s", k.stf(), substrate, vni, stfVersions(1, 1, 1), entryID(id))
}

func (w *stfScript) deliver(k flowKey, to uint64, id string) {
	w.line("add flow_cache %s fc_deliver(vnic:%d, %s)%s", k.stf(), to, stfVersions(1, 1, 1), entryID(id))
}

func entryID(id string) string {
	if id == "" {
		return ""
	}
	return " = " + id
}

// stfCases are the STF files: name → script.
func stfCases() map[string]func(w *stfScript) {
	pkt := hostTCP().bytes()
	inner := remoteTCP().bytes()
	wild := func(f []byte) []byte { return maskSourcePort(f) }
	return map[string]func(w *stfScript){
		"outbound_hit": func(w *stfScript) {
			w.comment("Outbound hit: VXLAN to the entry's substrate with its VNI, outer MACs from the\nunderlay route, TTL 64. The outer UDP source port is a flow hash: wildcarded.")
			w.configure(1, 1, 1)
			w.encap(outFlow, peerVTEP, "HIT")
			w.packet(hostPort, pkt)
			out := toSubstrate(peerVTEP, 0, outFlow).wrap(pkt)
			w.expect(substratePort, out, wild(out))
			w.counter(statHitEgress, 1)
			w.line("check_counter flow_cache_counter($HIT) packets == 1")
		},
		"outbound_miss": func(w *stfScript) {
			w.comment("Outbound miss: to the NIS in VXLAN with mark 0x01 (the digest is checked by the Go test).")
			w.configure(1, 1, 1)
			w.packet(hostPort, pkt)
			out := toSubstrate(nisAddr, markPuntEgress, outFlow).wrap(pkt)
			w.expect(substratePort, out, wild(out))
			w.counter(statMiss, 1)
		},
		"stale": func(w *stfScript) {
			w.comment("Stale: the entry was built from policy version 1, the current one is 2 (the\none write the Go test does). The packet goes to the NIS, never to the old substrate.")
			w.configure(2, 1, 1)
			w.encap(outFlow, peerVTEP, "")
			w.packet(hostPort, pkt)
			out := toSubstrate(nisAddr, markPuntEgress, outFlow).wrap(pkt)
			w.expect(substratePort, out, wild(out))
			w.counter(statStale, 1)
			w.counter(statHitEgress, 0)
		},
		"deny": func(w *stfScript) {
			w.comment("Deny: nothing comes out; counted.")
			w.configure(1, 1, 1)
			w.line("add flow_cache %s fc_deny(%s)", outFlow.stf(), stfVersions(1, 1, 1))
			w.packet(hostPort, pkt)
			w.counter(statDropDeny, 1)
		},
		"inbound_hit": func(w *stfScript) {
			w.comment("Inbound hit: decapsulated and delivered to the VNIC's port, MACs rewritten.")
			w.configure(1, 1, 1)
			w.deliver(inFlow, vnic, "")
			w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(inner))
			w.expect(hostPort, rewriteMACs(inner, vnicMAC, routerMAC), nil)
			w.counter(statHitIngress, 1)
		},
		"inbound_miss": func(w *stfScript) {
			w.comment("Inbound miss: readdressed to the NIS with mark 0x02, the rest of the outer header kept.")
			w.configure(1, 1, 1)
			w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(inner))
			out := vxlan{srcMAC: routerMAC, dstMAC: spineMAC, src: vtep, dst: nisAddr, sport: 49152, mark: markPuntIngress, vni: vni}.wrap(inner)
			w.expect(substratePort, out, nil)
			w.counter(statMiss, 1)
		},
		"nis_return": func(w *stfScript) {
			w.comment("NIS return: mark 0x80 from the NIS address is delivered without a cache look-up;\nthe same from another address is dropped and counted.")
			w.configure(1, 1, 1)
			w.packet(substratePort, fromPeer(nisAddr, markNISReturn).wrap(inner))
			w.expect(hostPort, rewriteMACs(inner, vnicMAC, routerMAC), nil)
			w.packet(substratePort, fromPeer(peerVTEP, markNISReturn).wrap(inner))
			w.counter(statNISReturn, 1)
			w.counter(statBadReturn, 1)
			w.counter(statMiss, 0)
		},
		"anti_spoofing": func(w *stfScript) {
			w.comment("Anti-spoofing: a wrong source IP, then a wrong source MAC, from VNIC %d's port.", vnic)
			w.configure(1, 1, 1)
			w.encap(outFlow, peerVTEP, "")
			badIP, badMAC := hostTCP(), hostTCP()
			badIP.src = netip.MustParseAddr("10.0.0.66")
			badMAC.srcMAC = mustMAC("02:00:00:00:00:66")
			w.packet(hostPort, badIP.bytes())
			w.packet(hostPort, badMAC.bytes())
			w.counter(statDropSpoof, 2)
			w.counter(statHitEgress, 0)
		},
		"vlan_host_port": func(w *stfScript) {
			w.comment("VLAN host port: VNIC %d on port %d behind VLAN %d; the tag is stripped on\nencapsulation and pushed on delivery.", vnic3, hostPort2, vlan3)
			w.configure(1, 1, 1)
			w.placeVNIC(vnic3, hostPort2, vlan3, vnic3MAC, vnic3IP)
			out := flowKey{vnic3, dirEgress, vnic3IP, remoteIP, 6, 40000, 80}
			in := flowKey{vnic3, dirIngress, remoteIP, vnic3IP, 6, 80, 40000}
			w.encap(out, peerVTEP, "")
			w.deliver(in, vnic3, "")
			tagged := tcpFrame{srcMAC: vnic3MAC, dstMAC: routerMAC, vlan: vlan3, src: vnic3IP, dst: remoteIP, sport: 40000, dport: 80}
			untagged := tagged
			untagged.vlan = 0
			w.packet(hostPort2, tagged.bytes())
			enc := toSubstrate(peerVTEP, 0, out).wrap(untagged.bytes())
			w.expect(substratePort, enc, wild(enc))
			reply := tcpFrame{srcMAC: remoteMAC, dstMAC: routerMAC, src: remoteIP, dst: vnic3IP, sport: 80, dport: 40000}
			w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(reply.bytes()))
			delivered := reply
			delivered.srcMAC, delivered.dstMAC, delivered.vlan = routerMAC, vnic3MAC, vlan3
			w.expect(hostPort2, delivered.bytes(), nil)
		},
		"proxy_arp": func(w *stfScript) {
			w.comment("Proxy ARP: the VNIC's request for its gateway is answered with the router MAC.")
			w.configure(1, 1, 1)
			gw := netip.MustParseAddr("10.0.0.1")
			w.packet(hostPort, arpFrame(vnicMAC, bcastMAC, 1, vnicMAC, vnicIP, nil, gw))
			w.expect(hostPort, arpFrame(routerMAC, vnicMAC, 2, routerMAC, gw, vnicMAC, vnicIP), nil)
			w.comment("The underlay resolving our VTEP is answered too.")
			w.packet(substratePort, arpFrame(spineMAC, bcastMAC, 1, spineMAC, peerVTEP, nil, vtep))
			w.expect(substratePort, arpFrame(routerMAC, spineMAC, 2, routerMAC, vtep, spineMAC, peerVTEP), nil)
			w.counter(statARPReply, 2)
		},
		"underlay_transit": func(w *stfScript) {
			w.comment("Underlay transit: TTL-1 and the checksum updated; TTL 1 expires (dropped, counted).")
			w.configure(1, 1, 1)
			src, dst := netip.MustParseAddr("192.0.2.50"), netip.MustParseAddr("192.0.2.60")
			w.packet(substratePort, udpFrame(spineMAC, routerMAC, src, dst, 10))
			w.expect(substratePort, udpFrame(routerMAC, spineMAC, src, dst, 9), nil)
			w.packet(substratePort, udpFrame(spineMAC, routerMAC, src, dst, 1))
			w.counter(statTransit, 1)
			w.counter(statDropTTL, 1)
		},
		"hairpin": func(w *stfScript) {
			w.comment("Hairpin: VNIC %d and VNIC %d behind this ToR. Encapsulated to our own VTEP,\nrecirculated, and delivered by the inbound entry.", vnic, vnic2)
			w.configure(1, 1, 1)
			w.placeVNIC(vnic2, hostPort2, 0, vnic2MAC, vnic2IP)
			w.encap(flowKey{vnic, dirEgress, vnicIP, vnic2IP, 6, 40000, 80}, vtep, "")
			w.deliver(flowKey{vnic2, dirIngress, vnicIP, vnic2IP, 6, 40000, 80}, vnic2, "")
			f := tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: vnic2IP, sport: 40000, dport: 80}.bytes()
			w.packet(hostPort, f)
			w.expect(hostPort2, rewriteMACs(f, vnic2MAC, routerMAC), nil)
			w.counter(statHairpin, 1)
		},
		"protocols": func(w *stfScript) {
			w.comment("UDP keys take the transport ports, ICMP keys ports 0; outbound (outer headers)\nand inbound (inner headers).")
			w.configure(1, 1, 1)
			for _, p := range []struct {
				proto        uint8
				sport, dport uint16
			}{{17, 5353, 53}, {1, 0, 0}} {
				out := flowKey{vnic, dirEgress, vnicIP, remoteIP, uint64(p.proto), uint64(p.sport), uint64(p.dport)}
				in := flowKey{vnic, dirIngress, remoteIP, vnicIP, uint64(p.proto), uint64(p.dport), uint64(p.sport)}
				w.encap(out, peerVTEP, "")
				w.deliver(in, vnic, "")
				f := tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: remoteIP, sport: p.sport, dport: p.dport, proto: p.proto}
				reply := tcpFrame{srcMAC: remoteMAC, dstMAC: routerMAC, src: remoteIP, dst: vnicIP, sport: p.dport, dport: p.sport, proto: p.proto}
				w.packet(hostPort, f.bytes())
				enc := toSubstrate(peerVTEP, 0, out).wrap(f.bytes())
				w.expect(substratePort, enc, wild(enc))
				w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(reply.bytes()))
				w.expect(hostPort, rewriteMACs(reply.bytes(), vnicMAC, routerMAC), nil)
			}
			w.counter(statHitEgress, 2)
			w.counter(statHitIngress, 2)
		},
		"unconfigured": func(w *stfScript) {
			w.comment("Until tor_config is set every frame is dropped and counted.")
			w.packet(hostPort, pkt)
			w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(inner))
			w.counter(statUnconfigured, 2)
			w.blank()
			w.configure(1, 1, 1)
			w.packet(hostPort, pkt)
			out := toSubstrate(nisAddr, markPuntEgress, outFlow).wrap(pkt)
			w.expect(substratePort, out, wild(out))
		},
		"controller": func(w *stfScript) {
			w.comment("Packet-out leaves on the port its header names; LLDP and ARP that is not\nproxied go to the CPU port with a packet_in header (ingress port, reason).")
			w.configure(1, 1, 1)
			f := udpFrame(routerMAC, spineMAC, vtep, peerVTEP, 64)
			w.packet(510, append(u16(substratePort<<7), f...))
			w.expect(substratePort, f, nil)
			lldp := make([]byte, 60)
			copy(lldp, []byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e})
			copy(lldp[6:], spineMAC)
			lldp[12], lldp[13] = 0x88, 0xcc
			w.packet(substratePort, lldp)
			w.expect(510, append(packetIn(substratePort, 2), lldp...), nil)
			arp := arpFrame(vnicMAC, bcastMAC, 1, vnicMAC, netip.MustParseAddr("10.0.0.66"), nil, netip.MustParseAddr("10.0.0.1"))
			w.packet(hostPort, arp)
			w.expect(510, append(packetIn(hostPort, 1), arp...), nil)
			w.counter(9, 1) // STAT_PACKET_OUT
			w.counter(statToCPU, 2)
		},
		"unknown_vnic": func(w *stfScript) {
			w.comment("VXLAN for an overlay address with no local VNIC, and a deliver verdict for a\nVNIC with no delivery entry: dropped and counted.")
			w.configure(1, 1, 1)
			stranger := remoteTCP()
			stranger.dst = netip.MustParseAddr("10.0.0.77")
			w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(stranger.bytes()))
			w.deliver(inFlow, 42, "")
			w.packet(substratePort, fromPeer(peerVTEP, 0).wrap(inner))
			w.counter(statDropNoVNIC, 2)
		},
		"vlan_more": func(w *stfScript) {
			w.comment("A tagged VNIC's ARP is answered tagged; its misses reach the NIS untagged; a\nhairpin to it is delivered tagged.")
			w.configure(1, 1, 1)
			w.placeVNIC(vnic3, hostPort2, vlan3, vnic3MAC, vnic3IP)
			gw := netip.MustParseAddr("10.0.0.1")
			w.packet(hostPort2, tagged(arpFrame(vnic3MAC, bcastMAC, 1, vnic3MAC, vnic3IP, nil, gw), vlan3))
			w.expect(hostPort2, tagged(arpFrame(routerMAC, vnic3MAC, 2, routerMAC, gw, vnic3MAC, vnic3IP), vlan3), nil)
			f := tcpFrame{srcMAC: vnic3MAC, dstMAC: routerMAC, vlan: vlan3, src: vnic3IP, dst: remoteIP, sport: 40000, dport: 80}
			plain := f
			plain.vlan = 0
			w.packet(hostPort2, f.bytes())
			nis := toSubstrate(nisAddr, markPuntEgress, flowKey{vnic3, dirEgress, vnic3IP, remoteIP, 6, 40000, 80}).wrap(plain.bytes())
			w.expect(substratePort, nis, wild(nis))
			w.encap(flowKey{vnic, dirEgress, vnicIP, vnic3IP, 6, 40000, 80}, vtep, "")
			w.deliver(flowKey{vnic3, dirIngress, vnicIP, vnic3IP, 6, 40000, 80}, vnic3, "")
			h := tcpFrame{srcMAC: vnicMAC, dstMAC: routerMAC, src: vnicIP, dst: vnic3IP, sport: 40000, dport: 80}
			w.packet(hostPort, h.bytes())
			want := h
			want.srcMAC, want.dstMAC, want.vlan = routerMAC, vnic3MAC, vlan3
			w.expect(hostPort2, want.bytes(), nil)
		},
		"malformed": func(w *stfScript) {
			w.comment("Malformed and truncated frames are dropped and counted; a valid packet after\nthem is forwarded.")
			w.configure(1, 1, 1)
			w.encap(outFlow, peerVTEP, "")
			parser := 0
			for _, m := range malformedCases() {
				if m.counter != statDropParser || len(m.frame) == 0 {
					// STF (and a veth) cannot send an empty frame.
					continue
				}
				w.comment("%s", m.name)
				w.packet(m.port, m.frame)
				parser++
			}
			w.comment("bad IPv4 checksum")
			w.packet(hostPort, badChecksum(pkt))
			w.counter(statDropParser, parser)
			w.counter(statDropCsum, 1)
			w.comment("The switch keeps working.")
			w.packet(hostPort, pkt)
			out := toSubstrate(peerVTEP, 0, outFlow).wrap(pkt)
			w.expect(substratePort, out, wild(out))
		},
	}
}

// packetIn is the packet_in header: ingress_port (9 bits), reason (8),
// 7 bits of padding.
func packetIn(port, reason uint32) []byte {
	v := port<<15 | reason<<7
	return []byte{byte(v >> 16), byte(v >> 8), byte(v)}
}

// TestSTFFiles checks that stf/*.stf are what stfCases generate (-update
// rewrites them).
func TestSTFFiles(t *testing.T) {
	cases := stfCases()
	for name, gen := range cases {
		var w stfScript
		w.comment("%s.stf: generated by `go test ./ptf -run TestSTFFiles -update` from ptf/stf_test.go.", name)
		w.comment("Ports: %d host (VNIC %d), %d substrate, %d second host port.", hostPort, vnic, substratePort, hostPort2)
		w.blank()
		gen(&w)
		path := filepath.Join("stf", name+".stf")
		if *update {
			if err := os.WriteFile(path, []byte(w.b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (run with -update)", err)
			continue
		}
		if diff := cmp.Diff(w.b.String(), string(got)); diff != "" {
			t.Errorf("%s differs from its case (-want +got), run with -update:\n%s", path, diff)
		}
	}
	files, _ := filepath.Glob("stf/*.stf")
	for _, f := range files {
		if _, ok := cases[strings.TrimSuffix(filepath.Base(f), ".stf")]; !ok {
			t.Errorf("%s has no case in stf_test.go", f)
		}
	}
}

// TestSTF runs every stf/*.stf against p4src/smarttor.p4 with the STF
// runner (smarttor/stf), each on a fresh switch.
func TestSTF(t *testing.T) {
	files, err := filepath.Glob("stf/*.stf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no STF files: %v", err)
	}
	tg, err := stf.NewTarget("../p4src/smarttor.p4", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := stf.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			if err := tg.Run(f, &log); err != nil {
				if os.Getenv("STF_LOG") != "" {
					t.Logf("log:\n%s", log.String())
				}
				t.Fatal(err)
			}
		})
	}
}
