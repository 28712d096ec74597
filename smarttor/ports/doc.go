// Package ports is the I/O side of the smarttor switch: the ports frames enter
// and leave by, independent of the P4 interpreter.
//
// A [Port] has a number (the P4 ingress_port/egress_spec value), a name, an
// operational status, openconfig-style [Counters], a Send method, and a
// receive path started with [Port.Start] that hands every received frame to
// a [Handler] together with the ingress port number. A [Set] holds the ports
// of one switch keyed by number, reserves the CPU port (default 510; frames
// sent to it go to the packet-in handler) and the drop port 511, and fans
// operational-status changes out to watchers such as the gNMI server.
//
// # Frame ownership
//
// Frames cross this package as borrowed []byte, never copied more than once:
//
//   - A Handler's frame is valid only until the Handler returns. A Handler
//     that needs the bytes later copies them; [Ring.Deliver] does exactly that
//     into a reusable slot, so a switch can run one receive loop that pulls
//     batches with [Ring.Receive] without allocating per frame.
//   - A frame returned by [Ring.Receive] is valid until the next call to
//     Receive (which recycles the batch's slots) or [Ring.Close].
//   - [Port.Send] never retains the frame: the port copies it or writes it to
//     the kernel before returning, so the caller may reuse its buffer.
//
// In-memory links deliver synchronously, in the sender's goroutine. A
// switch whose Handler processes a frame and sends it on directly would,
// through wires and segments, run the next switch's pipeline in the same
// goroutine, and recurse without end around a loop. Switches connected to
// other switches therefore receive through a Ring (or another Handler that
// queues); a Handler that processes inline is for a switch whose ports all
// end in MemEnds or AF_PACKET sockets.
//
// # Implementations
//
// [MemPort] is an in-memory port in the spirit of gVisor's link/channel:
// [NewMemPort] returns the switch side and a [MemEnd] that tests and the
// embedded lab use to inject frames and capture what the switch sends.
// [NewWire] connects two switch ports back to back, and a [Segment] is an
// in-memory L2 segment (hub or learning bridge) joining many switch ports and
// host ends. None of these need root.
//
// [AFPacketPort] is a port bound to a named Linux interface through an
// AF_PACKET raw socket (promiscuous, own transmissions ignored); see
// [OpenAFPacket] and [ParseInterfaceFlag] for simple_switch style
// "-i 1@veth1" flags.
//
// # Debugging
//
// [Set.SetTap] shows every frame received and sent to a [Tap]; a
// [PcapDir]'s Tap writes them to <port>_in.pcap and <port>_out.pcap files
// like simple_switch --pcap, through [PcapWriter].
//
// # Imports
//
// ports may import the standard library and golang.org/x/sys only. It knows
// nothing of P4, gRPC or VCNs; the gNMI server (smarttor/gnmi) imports ports,
// never the other way round.
package ports
