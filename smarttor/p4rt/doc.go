// Package p4rt is the P4Runtime v1 gRPC service (p4.v1.P4Runtime, P4Runtime
// spec v1.4) of the smart-ToR target: a drop-in for what PI provides to
// BMv2's simple_switch_grpc, so that any P4Runtime client (p4runtime-shell,
// p4runtime-go-client, our controller) works against smarttor unchanged.
//
// Split of work. Like PI in front of BMv2, the server keeps the
// P4Runtime-level state and does all validation against the P4Info; the
// data plane behind it is a Target (target.go), a small Go interface in
// terms of ids and canonical, width-padded byte strings, which never sees a
// protobuf message except the P4Info. For every update the server:
//
//   - checks arbitration: the request's (role, election id) must be the
//     primary's, else PERMISSION_DENIED;
//   - resolves every id against the P4Info of the running pipeline (unknown
//     table, action, counter... → NOT_FOUND; unknown match field or action
//     param → INVALID_ARGUMENT) and checks the shape rules of the spec
//     (exact fields present, priority > 0 exactly for ternary/range/optional
//     tables, masks with value bits outside the mask, LPM trailing bits,
//     action scope → PERMISSION_DENIED, const tables → PERMISSION_DENIED,
//     idle_timeout_ns only on tables with idle timeout support);
//   - decodes byte strings as §8.4 says: any length is accepted as long as
//     the value fits the P4Info bitwidth, an empty string or a value that
//     does not fit is OUT_OF_RANGE; values are stored canonically (shortest
//     string) so reads are symmetric, and handed to the target padded to
//     ceil(bits/8) bytes;
//   - keeps the entry (for reads, existence checks and idle timeouts) and
//     calls the target.
//
// A Write with several updates answers, when any of them fails, UNKNOWN with
// one p4.v1.Error per update in the google.rpc.Status details, as the spec
// says. Only CONTINUE_ON_ERROR atomicity is implemented. Table updates of one
// request are handed to the target in batches per table, which is what makes
// 100k-entry writes fast.
//
// Arbitration follows §5 of the spec: per (device, role) the controller
// with the highest election id ever seen is primary; when it leaves, the
// others are told there is no primary (NOT_FOUND) and one of them becomes
// primary by sending an election id at least as high as the highest seen.
//
// The StreamChannel carries packet-out (the @controller_header "packet_out"
// metadata are bit-packed in front of the payload, as BMv2 expects on its
// CPU port), packet-in (the target hands the frame with the "packet_in"
// header in front; the server unpacks it into PacketMetadata), digest lists
// (batched by max_list_size and max_timeout_ns, duplicates suppressed until
// acknowledged or ack_timeout_ns expires, as BMv2 does) and idle timeout
// notifications (an entry is reported once its TTL has elapsed without a
// hit, and again at most once per further TTL while it stays idle, instead
// of BMv2's fixed 2 s re-notification).
//
// SetForwardingPipelineConfig passes the P4Info and the device config bytes
// to the target, which checks that they belong together. smarttor's device
// config is a Bundle (bundle.go: the P4 sources and the P4Info, or just the
// text of one P4 file); ExecTarget compiles it with a CompileFunc —
// SmartTorCompiler runs the front-end and the lowering — and refuses the
// config (INVALID_ARGUMENT) when the P4Info it generates differs from the
// one sent. RECONCILE_AND_COMMIT keeps the entries, PRE entries and digest
// configs that still fit the new P4Info and replays them into the new
// pipeline.
//
// Targets. ExecTarget (exectarget.go) adapts the interpreter, exec.Switch:
// frames the pipeline sends to the CPU port become packet-ins, packet-outs
// enter the pipeline on the CPU port, digests come from its DigestSink.
// Wiring, as cmd/smarttor does it:
//
//	sw := exec.New()
//	tgt := p4rt.NewExecTarget(sw, p4rt.SmartTorCompiler(nil), p4rt.DefaultCPUPort, sendToPort)
//	srv := p4rt.NewServer(tgt, p4rt.WithDeviceID(1))
//	go srv.Serve(lis)      // or srv.Register(grpcServer) next to gNMI
//	tgt.Process(port, frame) // for every received frame
//
// After a commit the server lists the entries the program installed itself
// (const entries) from targets that implement EntryLister, so reads return
// them and writes to const tables are refused with PERMISSION_DENIED.
// NewBundle builds the device config of a P4 program for `smarttor
// compile`.
//
// Spec choices worth knowing: a byte string that does not fit its bitwidth
// (or is empty) is OUT_OF_RANGE as §8.4 says, although the match-format
// section says INVALID_ARGUMENT; GetForwardingPipelineConfig before any
// pipeline answers OK without a config; a failover needs the backup to send an
// election id at least as high as the highest seen (§5), there is no
// automatic promotion.
//
// p4rt may import the standard library, gRPC, protobuf, the P4Runtime API
// (github.com/p4lang/p4runtime), smarttor/p4/p4info and, for the adapter to
// the interpreter, smarttor/exec and smarttor/p4/...; never anything
// VCN-specific.
package p4rt
