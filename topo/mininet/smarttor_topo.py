#!/usr/bin/env python3
"""The lab of topo/lab.yaml as a Mininet topology (Debian's mininet package).

Two smart ToRs (SmartTorSwitch: our `smarttor run`, or BMv2's
simple_switch_grpc with --target bmv2) with two hosts each; a Linux bridge
as the substrate segment joining each ToR's port 9 and the NIS host; the
control plane and the tor-agents in the root namespace; the NIS in its
host, joined to the root namespace by a management link. Addresses, MACs
and ports are those of topo/lab.yaml (kept in step by hand).

    sudo python3 topo/mininet/smarttor_topo.py --bin bin --p4 p4src/build

See topo/README.md.
"""

import argparse
import os
import re
import shutil
import time

from mininet.cli import CLI
from mininet.log import info, setLogLevel
from mininet.net import Mininet
from mininet.node import Node, Switch
from mininet.nodelib import LinuxBridge
from mininet.topo import Topo

VCN = {"id": "vcn-1", "cidr": "10.0.0.0/16", "vni": 100}
SUBNET = {"id": "sn-1", "cidr": "10.0.1.0/24", "router": "10.0.1.1", "bits": 24}
NIS = {"ip": "192.168.0.254", "mac": "02:00:00:00:fe:01", "bits": 24}
MGMT_ROOT, MGMT_NIS = "10.254.0.1", "10.254.0.2"
SUBSTRATE_PORT = 9
TORS = [
    {"name": "tor1", "vtep": "192.168.0.1", "mac": "02:00:00:00:01:01"},
    {"name": "tor2", "vtep": "192.168.0.2", "mac": "02:00:00:00:01:02"},
]
HOSTS = [
    {"name": "h1", "tor": "tor1", "port": 1, "ip": "10.0.1.11", "mac": "02:00:00:00:00:11"},
    {"name": "h2", "tor": "tor1", "port": 2, "ip": "10.0.1.12", "mac": "02:00:00:00:00:12"},
    {"name": "h3", "tor": "tor2", "port": 1, "ip": "10.0.1.21", "mac": "02:00:00:00:00:21"},
    {"name": "h4", "tor": "tor2", "port": 2, "ip": "10.0.1.22", "mac": "02:00:00:00:00:22"},
]
OFFLOADS = "ethtool -K {} tx off sg off tso off gso off gro off >/dev/null 2>&1"


class SmartTorSwitch(Switch):
    """A P4Runtime switch: `smarttor run` (default) or simple_switch_grpc.

    Ports are bound with -i PORT@INTF from Mininet's port numbers; the
    P4Runtime server listens on 127.0.0.1:grpc_port. The pipeline is pushed
    by the tor-agent (or p4runtime-shell).
    """

    def __init__(self, name, grpc_port=9559, binary="smarttor", target="smarttor",
                 logdir=".lab", device_id=0, **kwargs):
        Switch.__init__(self, name, **kwargs)
        self.grpc_port = grpc_port
        self.binary = binary
        self.target = target
        self.logdir = logdir
        self.device_id = device_id

    def start(self, controllers):
        ifaces = []
        for port, intf in sorted(self.intfs.items()):
            if intf.name == "lo" or port == 0:
                continue
            self.cmd(OFFLOADS.format(intf.name))
            ifaces += ["-i", "%d@%s" % (port, intf.name)]
        addr = "127.0.0.1:%d" % self.grpc_port
        if self.target == "bmv2":
            args = [self.binary, "--device-id", str(self.device_id)] + ifaces + \
                ["--cpu-port", "510", "--", "--grpc-server-addr", addr]
        else:
            args = [self.binary, "run", "--device-id", str(self.device_id),
                    "--grpc-server-addr", addr] + ifaces
        log = os.path.join(self.logdir, "%s.log" % self.name)
        self.cmd(" ".join(args) + " >%s 2>&1 & echo $! >%s.pid" % (log, os.path.join(self.logdir, self.name)))

    def stop(self, deleteIntfs=True):
        pidfile = os.path.join(self.logdir, "%s.pid" % self.name)
        self.cmd("test -f %s && kill $(cat %s); rm -f %s" % (pidfile, pidfile, pidfile))
        Switch.stop(self, deleteIntfs)


class LabTopo(Topo):
    """Hosts, ToRs and the substrate bridge of topo/lab.yaml."""

    def build(self, target="smarttor", binary="smarttor", logdir=".lab"):
        sub = self.addSwitch("sub0", cls=LinuxBridge)
        for i, t in enumerate(TORS):
            self.addSwitch(t["name"], cls=SmartTorSwitch, grpc_port=9559 + i, binary=binary,
                           target=target, logdir=logdir, dpid="%016x" % (i + 1))
            self.addLink(t["name"], sub, port1=SUBSTRATE_PORT)
        for h in HOSTS:
            self.addHost(h["name"], ip="%s/%d" % (h["ip"], SUBNET["bits"]), mac=h["mac"],
                         defaultRoute="via " + SUBNET["router"])
            self.addLink(h["name"], h["tor"], port2=h["port"])
        self.addHost("nis", ip="%s/%d" % (NIS["ip"], NIS["bits"]), mac=NIS["mac"])
        self.addLink("nis", sub)


def vcn_config():
    """The control plane's configuration, as vcnlab-netns generates it."""
    lines = ["vcn: {id: %s, name: lab, cidrs: [%s], vni: %d}" % (VCN["id"], VCN["cidr"], VCN["vni"]), "---",
             "- securityList:", "    id: sl-lab", "    vcnId: " + VCN["id"], "    rules:",
             "      - {direction: DIRECTION_EGRESS, cidr: 0.0.0.0/0}",
             "      - {direction: DIRECTION_INGRESS, cidr: %s}" % VCN["cidr"],
             "- routeTable:", "    id: rt-lab", "    vcnId: " + VCN["id"], "    rules:",
             "      - {dest: %s, target: {kind: ROUTE_TARGET_KIND_LOCAL}}" % VCN["cidr"],
             "- subnet: {id: %s, vcnId: %s, cidr: %s, routeTableId: rt-lab, securityListIds: [sl-lab]}"
             % (SUBNET["id"], VCN["id"], SUBNET["cidr"])]
    vteps = {t["name"]: t["vtep"] for t in TORS}
    for i, h in enumerate(HOSTS):
        lines.append('- vnic: {id: vnic-%s, subnetId: %s, num: %d, ip: %s, mac: "%s", attach: {tor: %s, port: %d}}'
                     % (h["name"], SUBNET["id"], i + 1, h["ip"], h["mac"], h["tor"], h["port"]))
    for h in HOSTS:
        lines.append("- mapping: {vcnId: %s, overlayIp: %s, substrate: %s, vni: %d}"
                     % (VCN["id"], h["ip"], vteps[h["tor"]], VCN["vni"]))
    return "\n".join(lines) + "\n"


def background(node, logdir, name, args):
    """Runs args on node in the background, logging to logdir/name.log."""
    log = os.path.join(logdir, name + ".log")
    out = node.cmd(" ".join(args) + " >%s 2>&1 & echo $! >%s" % (log, os.path.join(logdir, name + ".pid")))
    if out.strip() and not re.fullmatch(r"(\[\d+\] \d+\s*)+", out.strip()):
        info("%s: %s\n" % (name, out.strip()))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default="bin", help="directory of the project's binaries")
    p.add_argument("--p4", default="p4src/build", help="P4Info and device config for the agents")
    p.add_argument("--device-config", default="", help="device config (default P4/smarttor.bundle; BMv2: p4c's JSON)")
    p.add_argument("--target", choices=["smarttor", "bmv2"], default="smarttor")
    p.add_argument("--logdir", default=".lab/mininet")
    p.add_argument("--no-cli", action="store_true", help="ping all, then stop")
    a = p.parse_args()
    a.bin, a.p4, a.logdir = os.path.abspath(a.bin), os.path.abspath(a.p4), os.path.abspath(a.logdir)
    binary = os.path.join(a.bin, "smarttor") if a.target == "smarttor" else "simple_switch_grpc"
    devcfg = os.path.abspath(a.device_config or os.path.join(a.p4, "smarttor.bundle"))
    os.makedirs(a.logdir, exist_ok=True)
    shutil.rmtree(os.path.join(a.logdir, "controlplane.data"), ignore_errors=True)  # a fresh configuration
    setLogLevel("info")

    net = Mininet(topo=LabTopo(target=a.target, binary=binary, logdir=a.logdir), controller=None,
                  autoSetMacs=False)
    root = Node("root", inNamespace=False)
    nis = net.get("nis")
    link = net.addLink(root, nis)
    root.setIP(MGMT_ROOT + "/30", intf=link.intf1)
    nis.setIP(MGMT_NIS + "/30", intf=link.intf2)
    net.start()
    try:
        for h in HOSTS + [{"name": "nis"}]:
            node = net.get(h["name"])
            node.cmd(OFFLOADS.format(node.defaultIntf().name))
            node.cmd("sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
        for t in TORS:  # the VTEPs exist only in the P4 program
            nis.cmd("ip neigh replace %s lladdr %s dev %s nud permanent" % (t["vtep"], t["mac"], nis.defaultIntf().name))
        cfg = os.path.join(a.logdir, "vcn.yaml")
        with open(cfg, "w") as f:
            f.write(vcn_config())
        b = lambda name: os.path.join(a.bin, name)
        cp = "%s:50051" % MGMT_ROOT
        background(root, a.logdir, "controlplane",
                   [b("vcn-controlplane"), "--listen", cp, "--data-dir", os.path.join(a.logdir, "controlplane.data")])
        for _ in range(100):
            log = os.path.join(a.logdir, "controlplane.log")
            if os.path.exists(log) and "serving" in open(log).read():
                break
            time.sleep(0.2)
        info(root.cmd("%s --server %s create -f %s" % (b("vcnctl"), cp, cfg)))
        background(nis, a.logdir, "nisvc", [b("nisvc"), "--listen", MGMT_NIS + ":50052", "--controlplane", cp,
                                            "--vxlan-listen", NIS["ip"] + ":4789"])
        for i, t in enumerate(TORS):
            args = [b("tor-agent"), "--switch", "127.0.0.1:%d" % (9559 + i),
                    "--p4info", os.path.join(a.p4, "p4info.txtpb"), "--device-config", devcfg,
                    "--nis", MGMT_NIS + ":50052", "--controlplane", cp, "--tor", t["name"],
                    "--vtep", t["vtep"], "--router-mac", t["mac"], "--nis-addr", NIS["ip"],
                    "--admin-listen", "127.0.0.1:%d" % (50060 + i), "--metrics-listen", "127.0.0.1:%d" % (9100 + i),
                    "--underlay", "%s/32,%d,%s" % (NIS["ip"], SUBSTRATE_PORT, NIS["mac"])]
            for o in TORS:
                if o is not t:
                    args += ["--underlay", "%s/32,%d,%s" % (o["vtep"], SUBSTRATE_PORT, o["mac"])]
            background(root, a.logdir, "agent-" + t["name"], args)
        time.sleep(3)
        if a.no_cli:
            # The first round takes the NIS path while the agents install
            # entries; the second must find every pair on the fast path.
            net.ping([net.get(h["name"]) for h in HOSTS], timeout="1")
            net.ping([net.get(h["name"]) for h in HOSTS], timeout="1")
        else:
            info("*** torctl: %s --agent 127.0.0.1:50060 cache ls\n" % b("torctl"))
            CLI(net)
    finally:
        for name in ["agent-tor1", "agent-tor2", "nisvc", "controlplane"]:
            pid = os.path.join(a.logdir, name + ".pid")
            root.cmd("test -f %s && kill $(cat %s); rm -f %s" % (pid, pid, pid))
        net.stop()


if __name__ == "__main__":
    main()
