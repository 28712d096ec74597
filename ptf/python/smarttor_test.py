# Classic PTF tests of p4src/smarttor.p4, for labs that run p4c + BMv2
# (simple_switch_grpc) + ptf. They are the same cases as the Go packet
# tests in ptf/ (which run on our own target in CI); see README.md here.
#
# Run (after compiling the program with p4c, see p4src/README.md):
#   simple_switch_grpc --device-id 0 -i 1@veth1 -i 2@veth3 -i 3@veth5 \
#       --cpu-port 510 --no-p4 -- --grpc-server-addr 127.0.0.1:9559 &
#   ptf --test-dir ptf/python --interface 1@veth0 --interface 2@veth2 \
#       --interface 3@veth4 --test-params="p4info='p4src/build/p4info.txtpb';config='p4src/build/smarttor.json'"

import ptf
import ptf.testutils as tu
from ptf.base_tests import BaseTest
from scapy.layers.inet import IP, TCP, UDP, ICMP
from scapy.layers.l2 import Ether, Dot1Q
from scapy.layers.vxlan import VXLAN

import p4runtime_sh.shell as sh

# Ports: 1 is a host port (instance VNIC 7 untagged), 2 a substrate port,
# 3 a second host port.
HOST_PORT = 1
SUBSTRATE_PORT = 2
HOST_PORT_2 = 3

ROUTER_MAC = "02:00:00:00:01:00"
SPINE_MAC = "02:00:00:00:02:00"
VTEP = "192.0.2.1"
PEER_VTEP = "192.0.2.2"
NIS_ADDR = "192.0.2.100"

VNIC = 7
VNIC_MAC = "02:00:00:00:00:07"
VNIC_IP = "10.0.0.7"
VNI = 100
REMOTE_IP = "10.0.1.9"

POLICY_SLOT, MAPPING_SLOT, ROUTE_SLOT = 1, 1, 1

STAT_DROP_PARSER = 16
STAT_DROP_SPOOF = 18
STAT_DROP_BAD_RETURN = 25
DIR_EGRESS, DIR_INGRESS = 0, 1
VXLAN_FLAG_I = 0x08
# The slow-path mark in the last reserved byte before the VNI (p4src/README.md).
MARK_PUNT_EGRESS, MARK_PUNT_INGRESS, MARK_NIS_RETURN = 0x01, 0x02, 0x80


class SmartTorTest(BaseTest):
    """Connects to the switch, pushes the pipeline and the ToR's static
    state; each test adds the entries it needs."""

    def setUp(self):
        BaseTest.setUp(self)
        self.dataplane = ptf.dataplane_instance
        self.dataplane.flush()
        params = tu.test_params_get()
        sh.setup(device_id=0, grpc_addr=params.get("grpcaddr", "127.0.0.1:9559"),
                 election_id=(0, 1), config=sh.FwdPipeConfig(params["p4info"], params["config"]))
        self.entries = []
        te = sh.TableEntry("SmartTorIngress.tor_config")(action="SmartTorIngress.set_tor_config")
        te.is_default = True
        te.action["vtep"] = VTEP
        te.action["router_mac"] = ROUTER_MAC
        te.action["nis_addr"] = NIS_ADDR
        te.modify()
        self.add("SmartTorIngress.port_role", "SmartTorIngress.set_substrate_port",
                 {"ingress_port": str(SUBSTRATE_PORT)}, {})
        self.add("SmartTorIngress.underlay_route", "SmartTorIngress.set_next_hop",
                 {"dst_addr": "192.0.2.0/24"}, {"port": str(SUBSTRATE_PORT), "dmac": SPINE_MAC})
        self.add("SmartTorIngress.host_vnic", "SmartTorIngress.set_host_vnic",
                 {"ingress_port": str(HOST_PORT), "vlan_id": "0"},
                 {"vnic": str(VNIC), "vni": str(VNI), "mac": VNIC_MAC, "ip": VNIC_IP})
        self.add("SmartTorIngress.vnic_by_overlay", "SmartTorIngress.set_local_vnic",
                 {"vni": str(VNI), "overlay_ip": VNIC_IP}, {"vnic": str(VNIC)})
        self.add("SmartTorIngress.vnic_delivery", "SmartTorIngress.deliver_to_port",
                 {"vnic": str(VNIC)}, {"port": str(HOST_PORT), "vlan": "0", "mac": VNIC_MAC})
        for kind in ("policy", "mapping", "route"):
            self.set_version(kind, 1, 1, insert=True)

    def tearDown(self):
        for te in reversed(self.entries):
            try:
                te.delete()
            except Exception:  # the test may have deleted it already
                pass
        sh.teardown()
        BaseTest.tearDown(self)

    def add(self, table, action, match, params, **kw):
        te = sh.TableEntry(table)(action=action)
        for k, v in match.items():
            te.match[k] = v
        for k, v in params.items():
            te.action[k] = v
        for k, v in kw.items():
            setattr(te, k, v)
        te.insert()
        self.entries.append(te)
        return te

    def set_version(self, kind, slot, version, insert=False):
        table = "SmartTorIngress.%s_check.versions" % kind
        te = sh.TableEntry(table)(action="SmartTorIngress.%s_check.set_current_version" % kind)
        te.match["slot"] = str(slot)
        te.action["current_version"] = str(version)
        if insert:
            te.insert()
            self.entries.append(te)
        else:
            te.modify()

    def versions(self, policy=1, mapping=1, route=1):
        return {"policy_slot": str(POLICY_SLOT), "policy_version": str(policy),
                "mapping_slot": str(MAPPING_SLOT), "mapping_version": str(mapping),
                "route_slot": str(ROUTE_SLOT), "route_version": str(route)}

    def flow_match(self, direction, src, dst, proto, sport, dport):
        return {"vnic": str(VNIC), "direction": str(direction), "src_addr": src, "dst_addr": dst,
                "protocol": str(proto), "src_port": str(sport), "dst_port": str(dport)}

    def host_packet(self, src_mac=VNIC_MAC, src_ip=VNIC_IP, ttl=64):
        return (Ether(src=src_mac, dst=ROUTER_MAC) / IP(src=src_ip, dst=REMOTE_IP, ttl=ttl) /
                TCP(sport=40000, dport=80) / ("x" * 32))

    def vxlan(self, inner, outer_src, outer_dst, mark=0, sport=49152):
        return (Ether(src=SPINE_MAC, dst=ROUTER_MAC) / IP(src=outer_src, dst=outer_dst, ttl=64, id=0, flags=0) /
                UDP(sport=sport, dport=4789, chksum=0) / VXLAN(flags=VXLAN_FLAG_I, reserved1=mark, vni=VNI) / inner)

    def verify_vxlan_out(self, inner, outer_dst, mark=0):
        """Expect inner wrapped towards outer_dst on the substrate port; the
        outer UDP source port is a hash, so it is masked."""
        exp = self.vxlan(inner, VTEP, outer_dst, mark=mark)
        exp[Ether].src = ROUTER_MAC
        exp[Ether].dst = SPINE_MAC
        m = ptf.mask.Mask(exp)
        m.set_do_not_care_scapy(UDP, "sport")
        m.set_do_not_care_scapy(IP, "chksum")
        tu.verify_packet(self, m, SUBSTRATE_PORT)
        tu.verify_no_other_packets(self)


class OutboundHitTest(SmartTorTest):
    def runTest(self):
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_encap",
                 self.flow_match(DIR_EGRESS, VNIC_IP, REMOTE_IP, 6, 40000, 80),
                 dict(substrate=PEER_VTEP, vni=str(VNI), **self.versions()))
        pkt = self.host_packet()
        tu.send_packet(self, HOST_PORT, pkt)
        self.verify_vxlan_out(pkt, PEER_VTEP)


class OutboundMissTest(SmartTorTest):
    def runTest(self):
        pkt = self.host_packet()
        tu.send_packet(self, HOST_PORT, pkt)
        # The packet goes to the NIS; the digest goes to the controller.
        self.verify_vxlan_out(pkt, NIS_ADDR, mark=MARK_PUNT_EGRESS)


class StaleAfterVersionWriteTest(SmartTorTest):
    def runTest(self):
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_encap",
                 self.flow_match(DIR_EGRESS, VNIC_IP, REMOTE_IP, 6, 40000, 80),
                 dict(substrate=PEER_VTEP, vni=str(VNI), **self.versions()))
        self.set_version("policy", POLICY_SLOT, 2)  # the one write
        pkt = self.host_packet()
        tu.send_packet(self, HOST_PORT, pkt)
        self.verify_vxlan_out(pkt, NIS_ADDR, mark=MARK_PUNT_EGRESS)  # to the NIS, never to the peer


class DenyTest(SmartTorTest):
    def runTest(self):
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_deny",
                 self.flow_match(DIR_EGRESS, VNIC_IP, REMOTE_IP, 6, 40000, 80), self.versions())
        tu.send_packet(self, HOST_PORT, self.host_packet())
        tu.verify_no_other_packets(self)


class InboundHitTest(SmartTorTest):
    def runTest(self):
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_deliver",
                 self.flow_match(DIR_INGRESS, REMOTE_IP, VNIC_IP, 6, 80, 40000),
                 dict(vnic=str(VNIC), **self.versions()))
        inner = Ether(src="02:00:00:00:00:99", dst=ROUTER_MAC) / IP(src=REMOTE_IP, dst=VNIC_IP) / TCP(sport=80, dport=40000)
        tu.send_packet(self, SUBSTRATE_PORT, self.vxlan(inner, PEER_VTEP, VTEP))
        exp = inner.copy()
        exp[Ether].src = ROUTER_MAC
        exp[Ether].dst = VNIC_MAC
        tu.verify_packet(self, exp, HOST_PORT)
        tu.verify_no_other_packets(self)


class InboundMissTest(SmartTorTest):
    def runTest(self):
        inner = Ether(src="02:00:00:00:00:99", dst=ROUTER_MAC) / IP(src=REMOTE_IP, dst=VNIC_IP) / TCP(sport=80, dport=40000)
        tu.send_packet(self, SUBSTRATE_PORT, self.vxlan(inner, PEER_VTEP, VTEP))
        exp = self.vxlan(inner, VTEP, NIS_ADDR, mark=MARK_PUNT_INGRESS)
        exp[Ether].src = ROUTER_MAC
        exp[Ether].dst = SPINE_MAC
        m = ptf.mask.Mask(exp)
        m.set_do_not_care_scapy(IP, "chksum")
        tu.verify_packet(self, m, SUBSTRATE_PORT)
        tu.verify_no_other_packets(self)


class NISReturnTest(SmartTorTest):
    def runTest(self):
        inner = Ether(src="02:00:00:00:00:99", dst=ROUTER_MAC) / IP(src=REMOTE_IP, dst=VNIC_IP) / TCP(sport=80, dport=40000)
        pkt = self.vxlan(inner, NIS_ADDR, VTEP, mark=MARK_NIS_RETURN)
        tu.send_packet(self, SUBSTRATE_PORT, pkt)
        exp = inner.copy()
        exp[Ether].src = ROUTER_MAC
        exp[Ether].dst = VNIC_MAC
        tu.verify_packet(self, exp, HOST_PORT)
        tu.verify_no_other_packets(self)


class AntiSpoofingTest(SmartTorTest):
    def runTest(self):
        tu.send_packet(self, HOST_PORT, self.host_packet(src_ip="10.0.0.66"))
        tu.send_packet(self, HOST_PORT, self.host_packet(src_mac="02:00:00:00:00:66"))
        tu.verify_no_other_packets(self)
        c = sh.CounterEntry("SmartTorIngress.stats")
        c.index = STAT_DROP_SPOOF
        for entry in c.read():
            self.assertEqual(entry.data.packet_count, 2)


class UnderlayTransitTest(SmartTorTest):
    def runTest(self):
        pkt = Ether(src=SPINE_MAC, dst=ROUTER_MAC) / IP(src="192.0.2.50", dst="192.0.2.60", ttl=10) / UDP(sport=1, dport=2)
        tu.send_packet(self, SUBSTRATE_PORT, pkt)
        exp = pkt.copy()
        exp[Ether].src = ROUTER_MAC
        exp[Ether].dst = SPINE_MAC
        exp[IP].ttl = 9
        del exp[IP].chksum
        tu.verify_packet(self, exp, SUBSTRATE_PORT)
        tu.verify_no_other_packets(self)


class TTLExpiryTest(SmartTorTest):
    def runTest(self):
        pkt = Ether(src=SPINE_MAC, dst=ROUTER_MAC) / IP(src="192.0.2.50", dst="192.0.2.60", ttl=1) / UDP(sport=1, dport=2)
        tu.send_packet(self, SUBSTRATE_PORT, pkt)
        tu.verify_no_other_packets(self)


class TruncatedPacketTest(SmartTorTest):
    def runTest(self):
        raw = bytes(self.host_packet())[:20]  # Ethernet + a piece of IPv4
        tu.send_packet(self, HOST_PORT, raw)
        tu.verify_no_other_packets(self)


class NISReturnForgedTest(SmartTorTest):
    """Mark 0x80 from an address other than the NIS: dropped and counted."""

    def runTest(self):
        inner = Ether(src="02:00:00:00:00:99", dst=ROUTER_MAC) / IP(src=REMOTE_IP, dst=VNIC_IP) / TCP(sport=80, dport=40000)
        tu.send_packet(self, SUBSTRATE_PORT, self.vxlan(inner, PEER_VTEP, VTEP, mark=MARK_NIS_RETURN))
        tu.verify_no_other_packets(self)
        c = sh.CounterEntry("SmartTorIngress.stats")
        c.index = STAT_DROP_BAD_RETURN
        for entry in c.read():
            self.assertEqual(entry.data.packet_count, 1)


class VLANHostPortTest(SmartTorTest):
    """VNIC 9 on port 3 behind VLAN 10: the tag is stripped on encap and
    pushed on delivery."""

    def runTest(self):
        ip9, mac9 = "10.0.0.9", "02:00:00:00:00:09"
        self.add("SmartTorIngress.host_vnic", "SmartTorIngress.set_host_vnic",
                 {"ingress_port": str(HOST_PORT_2), "vlan_id": "10"},
                 {"vnic": "9", "vni": str(VNI), "mac": mac9, "ip": ip9})
        self.add("SmartTorIngress.vnic_by_overlay", "SmartTorIngress.set_local_vnic",
                 {"vni": str(VNI), "overlay_ip": ip9}, {"vnic": "9"})
        self.add("SmartTorIngress.vnic_delivery", "SmartTorIngress.deliver_to_port",
                 {"vnic": "9"}, {"port": str(HOST_PORT_2), "vlan": "10", "mac": mac9})
        out = {"vnic": "9", "direction": str(DIR_EGRESS), "src_addr": ip9, "dst_addr": REMOTE_IP,
               "protocol": "6", "src_port": "40000", "dst_port": "80"}
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_encap", out,
                 dict(substrate=PEER_VTEP, vni=str(VNI), **self.versions()))
        inb = {"vnic": "9", "direction": str(DIR_INGRESS), "src_addr": REMOTE_IP, "dst_addr": ip9,
               "protocol": "6", "src_port": "80", "dst_port": "40000"}
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_deliver", inb,
                 dict(vnic="9", **self.versions()))
        payload = "x" * 32
        tu.send_packet(self, HOST_PORT_2, Ether(src=mac9, dst=ROUTER_MAC) / Dot1Q(vlan=10) /
                       IP(src=ip9, dst=REMOTE_IP) / TCP(sport=40000, dport=80) / payload)
        self.verify_vxlan_out(Ether(src=mac9, dst=ROUTER_MAC) / IP(src=ip9, dst=REMOTE_IP) /
                              TCP(sport=40000, dport=80) / payload, PEER_VTEP)
        inner = Ether(src="02:00:00:00:00:99", dst=ROUTER_MAC) / IP(src=REMOTE_IP, dst=ip9) / TCP(sport=80, dport=40000) / payload
        tu.send_packet(self, SUBSTRATE_PORT, self.vxlan(inner, PEER_VTEP, VTEP))
        exp = Ether(src=ROUTER_MAC, dst=mac9) / Dot1Q(vlan=10) / IP(src=REMOTE_IP, dst=ip9) / TCP(sport=80, dport=40000) / payload
        tu.verify_packet(self, exp, HOST_PORT_2)
        tu.verify_no_other_packets(self)


class ProxyARPTest(SmartTorTest):
    def runTest(self):
        from scapy.layers.l2 import ARP
        req = Ether(src=VNIC_MAC, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=VNIC_MAC, psrc=VNIC_IP, pdst="10.0.0.1")
        tu.send_packet(self, HOST_PORT, req)
        exp = Ether(src=ROUTER_MAC, dst=VNIC_MAC) / ARP(op=2, hwsrc=ROUTER_MAC, psrc="10.0.0.1",
                                                         hwdst=VNIC_MAC, pdst=VNIC_IP)
        tu.verify_packet(self, exp, HOST_PORT)
        tu.verify_no_other_packets(self)


class HairpinTest(SmartTorTest):
    """VNIC 7 to VNIC 8, both behind this ToR: encap to our own VTEP,
    recirculated, delivered by the inbound entry."""

    def runTest(self):
        ip8, mac8 = "10.0.0.8", "02:00:00:00:00:08"
        self.add("SmartTorIngress.host_vnic", "SmartTorIngress.set_host_vnic",
                 {"ingress_port": str(HOST_PORT_2), "vlan_id": "0"},
                 {"vnic": "8", "vni": str(VNI), "mac": mac8, "ip": ip8})
        self.add("SmartTorIngress.vnic_by_overlay", "SmartTorIngress.set_local_vnic",
                 {"vni": str(VNI), "overlay_ip": ip8}, {"vnic": "8"})
        self.add("SmartTorIngress.vnic_delivery", "SmartTorIngress.deliver_to_port",
                 {"vnic": "8"}, {"port": str(HOST_PORT_2), "vlan": "0", "mac": mac8})
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_encap",
                 self.flow_match(DIR_EGRESS, VNIC_IP, ip8, 6, 40000, 80),
                 dict(substrate=VTEP, vni=str(VNI), **self.versions()))
        m = {"vnic": "8", "direction": str(DIR_INGRESS), "src_addr": VNIC_IP, "dst_addr": ip8,
             "protocol": "6", "src_port": "40000", "dst_port": "80"}
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_deliver", m, dict(vnic="8", **self.versions()))
        pkt = Ether(src=VNIC_MAC, dst=ROUTER_MAC) / IP(src=VNIC_IP, dst=ip8) / TCP(sport=40000, dport=80) / ("x" * 32)
        tu.send_packet(self, HOST_PORT, pkt)
        exp = pkt.copy()
        exp[Ether].src = ROUTER_MAC
        exp[Ether].dst = mac8
        tu.verify_packet(self, exp, HOST_PORT_2)
        tu.verify_no_other_packets(self)


class MalformedThenValidTest(SmartTorTest):
    """Broken frames are dropped (parser drops); a valid one after them
    still forwards."""

    def runTest(self):
        self.add("SmartTorIngress.flow_cache", "SmartTorIngress.fc_encap",
                 self.flow_match(DIR_EGRESS, VNIC_IP, REMOTE_IP, 6, 40000, 80),
                 dict(substrate=PEER_VTEP, vni=str(VNI), **self.versions()))
        good = self.host_packet()
        raw = bytes(good)
        options = bytearray(raw)
        options[14] = 0x46  # IHL 6: IPv4 options, not parsed
        for bad in (raw[:20], raw[:42], bytes(options)):
            tu.send_packet(self, HOST_PORT, bad)
        tu.verify_no_other_packets(self)
        c = sh.CounterEntry("SmartTorIngress.stats")
        c.index = STAT_DROP_PARSER
        for entry in c.read():
            self.assertEqual(entry.data.packet_count, 3)
        tu.send_packet(self, HOST_PORT, good)
        self.verify_vxlan_out(good, PEER_VTEP)
