package stf

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/match"
)

// command runs one of simple_switch_CLI's pass-through commands. The
// parser has checked the number and form of the arguments.
func (r *run) command(s *Direct) error {
	n := func(i int) uint64 { v, _ := parseUint(s.Args[i]); return v }
	switch s.Name {
	case "mirroring_add":
		return r.cloneSession(uint32(n(0)), []exec.Replica{{Port: uint32(n(1))}})
	case "mirroring_add_mc":
		// The group's replicas as they are now: later changes to the
		// group do not reach the session.
		return r.cloneSession(uint32(n(0)), r.replicas(uint32(n(1))))
	case "mirroring_delete":
		return r.sw.WriteCloneSession(exec.Delete, uint32(n(0)), exec.CloneSession{})
	case "mc_mgrp_create":
		g := uint32(n(0))
		if _, ok := r.groups[g]; ok {
			return fmt.Errorf("multicast group %d exists", g)
		}
		r.groups[g] = nil
		return r.sw.WriteMulticastGroup(exec.Insert, g, nil)
	case "mc_mgrp_destroy":
		g := uint32(n(0))
		delete(r.groups, g)
		return r.sw.WriteMulticastGroup(exec.Delete, g, nil)
	case "mc_node_create", "mc_node_update":
		var ports []uint32
		for i := 1; i < len(s.Args); i++ {
			ports = append(ports, uint32(n(i)))
		}
		// BMv2 keeps a node's ports in a bitmap: copies go out in port order.
		slices.Sort(ports)
		if s.Name == "mc_node_create" {
			// BMv2 hands out node handles from 0 and prints them; STF
			// files use them in order.
			h := r.next
			r.next++
			r.nodes[h] = mcNode{rid: uint32(n(0)), ports: ports}
			r.logf("    node handle %d\n", h)
			return nil
		}
		h := n(0)
		node, ok := r.nodes[h]
		if !ok {
			return fmt.Errorf("no multicast node with handle %d", h)
		}
		node.ports = ports
		r.nodes[h] = node
		return r.syncGroups()
	case "mc_node_associate", "mc_node_dissociate":
		g, h := uint32(n(0)), n(1)
		if _, ok := r.groups[g]; !ok {
			return fmt.Errorf("no multicast group %d", g)
		}
		if _, ok := r.nodes[h]; !ok {
			return fmt.Errorf("no multicast node with handle %d", h)
		}
		if s.Name == "mc_node_associate" {
			r.groups[g] = append(r.groups[g], h)
		} else {
			var keep []uint64
			for _, x := range r.groups[g] {
				if x != h {
					keep = append(keep, x)
				}
			}
			r.groups[g] = keep
		}
		return r.sw.WriteMulticastGroup(exec.Modify, g, r.replicas(g))
	case "mc_node_destroy":
		delete(r.nodes, n(0))
		for g, hs := range r.groups {
			var keep []uint64
			for _, x := range hs {
				if x != n(0) {
					keep = append(keep, x)
				}
			}
			r.groups[g] = keep
		}
		return r.syncGroups()
	case "counter_read":
		c, err := findByName("counter", s.Args[0], &r.t.index.Counters)
		if err != nil {
			return err
		}
		d, err := r.sw.ReadCounter(c.GetPreamble().GetId(), n(1))
		if err != nil {
			return err
		}
		r.logf("    %s[%d]= (%d bytes, %d packets)\n", s.Args[0], n(1), d.Bytes, d.Packets)
	case "counter_write":
		c, err := findByName("counter", s.Args[0], &r.t.index.Counters)
		if err != nil {
			return err
		}
		return r.sw.WriteCounter(c.GetPreamble().GetId(), n(1), exec.CounterData{Packets: n(2), Bytes: n(3)})
	case "counter_reset":
		c, err := findByName("counter", s.Args[0], &r.t.index.Counters)
		if err != nil {
			return err
		}
		for i := int64(0); i < c.GetSize(); i++ {
			if err := r.sw.WriteCounter(c.GetPreamble().GetId(), uint64(i), exec.CounterData{}); err != nil {
				return err
			}
		}
	case "register_read":
		reg, err := findByName("register", s.Args[0], &r.t.index.Registers)
		if err != nil {
			return err
		}
		v, err := r.sw.ReadRegister(reg.GetPreamble().GetId(), n(1))
		if err != nil {
			return err
		}
		r.logf("    %s[%d]= %#x\n", s.Args[0], n(1), v)
		if len(s.Args) == 4 {
			want, err := valueBytes(s.Args[3], len(v)*8)
			if err != nil {
				return err
			}
			if !bytes.Equal(v, want) {
				return fmt.Errorf("register %s[%d] is 0x%x, want 0x%x", s.Args[0], n(1), v, want)
			}
		}
	case "register_write":
		reg, err := findByName("register", s.Args[0], &r.t.index.Registers)
		if err != nil {
			return err
		}
		v, err := valueBytes(s.Args[2], -1)
		if err != nil {
			return err
		}
		return r.sw.WriteRegister(reg.GetPreamble().GetId(), n(1), v)
	case "register_reset":
		reg, err := findByName("register", s.Args[0], &r.t.index.Registers)
		if err != nil {
			return err
		}
		for i := int32(0); i < reg.GetSize(); i++ {
			if err := r.sw.WriteRegister(reg.GetPreamble().GetId(), uint64(i), []byte{0}); err != nil {
				return err
			}
		}
	case "pvs_add", "pvs_remove", "pvs_clear":
		return r.valueSet(s)
	case "meter_set_rates", "meter_array_set_rates":
		rates := s.Args[1:]
		if s.Name == "meter_set_rates" {
			rates = s.Args[2:]
		}
		// BMv2 lists the committed rate first, then the peak rate.
		cir, cburst, _ := meterRate(rates[0])
		pir, pburst, _ := meterRate(rates[1])
		cfg := &exec.MeterConfig{CIR: cir, CBurst: cburst, PIR: pir, PBurst: pburst}
		if id, ok := strings.CutPrefix(s.Args[1], "$"); ok && s.Name == "meter_set_rates" {
			// A direct meter: the cell of the entry added with "= ID"
			// (simple_switch_CLI takes the entry's handle).
			if _, err := findByName("direct meter", s.Args[0], &r.t.index.DirectMeters); err != nil {
				return err
			}
			e, found := r.ids[id]
			if !found {
				return fmt.Errorf("meter_set_rates: no entry added with id %q", id)
			}
			return r.sw.SetDirectMeter(e, cfg)
		}
		m, err := findByName("meter", s.Args[0], &r.t.index.Meters)
		if err != nil {
			return err
		}
		first, last := uint64(0), uint64(m.GetSize())
		if s.Name == "meter_set_rates" {
			first, last = n(1), n(1)+1
		}
		for i := first; i < last; i++ {
			if err := r.sw.SetMeter(m.GetPreamble().GetId(), i, cfg); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unsupported command %q", s.Name)
	}
	return nil
}

func (r *run) cloneSession(id uint32, reps []exec.Replica) error {
	cs := exec.CloneSession{Replicas: reps}
	err := r.sw.WriteCloneSession(exec.Insert, id, cs)
	if errors.Is(err, match.ErrExists) {
		err = r.sw.WriteCloneSession(exec.Modify, id, cs)
	}
	return err
}

// replicas returns the copies group g makes: its nodes in association
// order, each node's ports in the order given.
func (r *run) replicas(g uint32) []exec.Replica {
	var reps []exec.Replica
	for _, h := range r.groups[g] {
		node := r.nodes[h]
		for _, p := range node.ports {
			reps = append(reps, exec.Replica{Port: p, Instance: node.rid})
		}
	}
	return reps
}

func (r *run) syncGroups() error {
	for g := range r.groups {
		if err := r.sw.WriteMulticastGroup(exec.Modify, g, r.replicas(g)); err != nil {
			return err
		}
	}
	return nil
}

// valueSet runs simple_switch_CLI's parser value set commands: pvs_add
// and pvs_remove take a member VALUE[&&&MASK] (comma-separated values
// for a set of several fields), pvs_clear empties the set.
func (r *run) valueSet(s *Direct) error {
	vs, err := findByName("value_set", s.Args[0], &r.t.index.ValueSets)
	if err != nil {
		return err
	}
	id := vs.GetPreamble().GetId()
	members := r.pvs[id]
	switch s.Name {
	case "pvs_clear":
		members = nil
	default:
		fields := vs.GetMatch()
		vals := strings.Split(s.Args[1], ",")
		if len(vals) != len(fields) {
			return fmt.Errorf("value_set %q has %d fields, got %d values", vs.GetPreamble().GetName(), len(fields), len(vals))
		}
		var m exec.ValueSetMember
		for i, v := range vals {
			fm, err := matchValue(v, kindTernary, int(fields[i].GetBitwidth()))
			if err != nil {
				return fmt.Errorf("value_set %q field %d: %w", vs.GetPreamble().GetName(), i, err)
			}
			if fm.Wildcard {
				fm = match.FieldMatch{Value: []byte{0}, Mask: []byte{0}}
			}
			m.Match = append(m.Match, match.FieldMatch{Value: fm.Value, Mask: fm.Mask})
		}
		if s.Name == "pvs_add" {
			members = append(members, m)
		} else {
			var keep []exec.ValueSetMember
			for _, x := range members {
				if !sameMember(x, m) {
					keep = append(keep, x)
				}
			}
			if len(keep) == len(members) {
				return fmt.Errorf("value_set %q has no member %s", vs.GetPreamble().GetName(), s.Args[1])
			}
			members = keep
		}
	}
	if err := r.sw.SetValueSet(id, members); err != nil {
		return err
	}
	r.pvs[id] = members
	return nil
}

func sameMember(a, b exec.ValueSetMember) bool {
	if len(a.Match) != len(b.Match) {
		return false
	}
	for i := range a.Match {
		if !bytes.Equal(a.Match[i].Value, b.Match[i].Value) || !bytes.Equal(a.Match[i].Mask, b.Match[i].Mask) {
			return false
		}
	}
	return true
}
