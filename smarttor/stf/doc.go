// Package stf runs p4c's "simple test framework" (.stf) packet tests
// against a P4 program on the smarttor interpreter, in the dialect that
// p4c's backends/bmv2/run-bmv2-test.py and bmv2stf.py accept, so that the
// .stf files written for BMv2 run here unchanged.
//
// An STF file is a list of line statements ('#' starts a comment):
//
//	packet PORT HEX...                      send a frame
//	expect PORT HEX... [$]                  expect a frame ('*' any nibble, '$' exact length)
//	expect PORT                             accept any packets on PORT
//	add TABLE [PRIO] FIELD:VALUE... ACTION(ARG:VALUE, ...) [= ID]
//	setdefault TABLE ACTION(ARG:VALUE, ...)
//	check_counter NAME(INDEX|$ID) [packets|bytes OP N]
//	mirroring_add SESSION PORT, mirroring_add_mc SESSION GROUP, mirroring_delete SESSION
//	mc_mgrp_create GROUP, mc_node_create RID PORT..., mc_node_associate GROUP HANDLE, ...
//	counter_read/counter_write/counter_reset, register_read/register_write/register_reset
//	meter_set_rates METER INDEX|$ID RATE:BURST RATE:BURST, meter_array_set_rates METER RATE:BURST RATE:BURST
//	pvs_add VALUE_SET V[&&&M][,...], pvs_remove VALUE_SET V[&&&M][,...], pvs_clear VALUE_SET
//	remove all, wait
//
// Names resolve as bmv2stf resolves them, on the P4Info: tables and
// actions by full name, alias or unique suffix ("ingress.t" or "t"); key
// fields by their P4Info names ("hdr.ethernet.dstAddr"), a unique suffix,
// "$N" for "[N]" and "valid" for "$valid$". Values are decimal, 0x, 0b or
// 0o numbers, IPv4 and MAC literals; a ternary key takes "v&&&m", '*'
// digits (the mask covers the written digits, as bmv2stf's makeMask) or
// '*'; an LPM key "v/len" or hex digits (the prefix is the written
// digits); a range key "lo->hi". Omitted keys are wildcards (zero for
// exact keys), as bmv2stf fills them. Priorities: larger wins (bmv2stf
// reverses them for BMv2), and of two overlapping entries with the same
// priority the one added first wins; entries of a ternary table added
// without a priority rank above all others, the first added first.
//
// An add to a table with an action profile or selector makes the action a
// new member of the profile (member handles count from 0 per profile) and
// adds an entry referring to it, as bmv2stf does.
//
// Differences from bmv2stf, which ignores what BMv2's CLI does not do:
// check_counter is checked (indexed counters by index, direct counters by
// entry id), "register_read R I == V" checks the value, "remove all"
// clears every table, and simple_switch_CLI's parser value set commands
// (pvs_*) are run.
//
// Packets are processed synchronously, in file order, on a switch whose
// clock is frozen (meters drain and never refill, random() is seeded the
// same way every run), so a run is reproducible; "wait" has nothing to
// wait for. At the end the frames received on every port are compared
// with the expectations of that port in order (bmv2stf's rule): a
// missing, extra or different frame fails the run with a Mismatch whose
// report shows expected and received hex with the differing nibbles
// marked. Only ports that some packet or expect statement names count:
// bmv2stf gives simple_switch an interface for each of those and no
// other, so a frame sent to another port is lost (the log says so).
//
// stf may import the standard library, smarttor/p4/compile,
// smarttor/p4/lower, smarttor/p4/p4info, smarttor/exec, smarttor/match
// (the table entry values exec takes), the P4Runtime P4Info API and cobra
// (Command).
package stf
