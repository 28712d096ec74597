package p4rt

import (
	"testing"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/exec"
	"github.com/vcn-flowcache/vcn-flowcache/smarttor/p4/p4info"
)

// TestExecActionProfiles writes action profile members, a selector group
// and table entries that name them to the interpreter through P4Runtime,
// then deletes them in the order the references allow.
func TestExecActionProfiles(t *testing.T) {
	const path = "../p4/syntax/testdata/programs/meters.p4"
	b, p, err := NewBundle(path, nil)
	if err != nil {
		t.Fatalf("front-end: %v", err)
	}
	tgt := NewExecTarget(exec.New(), SmartTorCompiler(nil), DefaultCPUPort, func(uint32, []byte) {})
	e := startEnv(t, tgt, p.P4Info)
	if e.bundle, err = b.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	c := e.controller(1)
	e.setPipeline(c)

	idx, err := p4info.NewIndex(p.P4Info)
	if err != nil {
		t.Fatal(err)
	}
	flows, _ := idx.Tables.Name("flows")
	ecmp, _ := idx.Tables.Name("ecmp")
	police, _ := idx.Actions.Name("flow_police")
	nhop, _ := idx.Actions.Name("set_nhop")
	if flows == nil || ecmp == nil || police == nil || nhop == nil {
		t.Fatal("meters.p4 lacks the tables or actions this test uses")
	}
	action := func(id uint32, n int) *p4v1.Action {
		a := &p4v1.Action{ActionId: id}
		for i := 1; i <= n; i++ {
			a.Params = append(a.Params, &p4v1.Action_Param{ParamId: uint32(i), Value: []byte{1}})
		}
		return a
	}
	member := func(prof, id uint32, a *p4v1.Action) *p4v1.Entity {
		return &p4v1.Entity{Entity: &p4v1.Entity_ActionProfileMember{ActionProfileMember: &p4v1.ActionProfileMember{
			ActionProfileId: prof, MemberId: id, Action: a}}}
	}
	up := func(tp p4v1.Update_Type, e *p4v1.Entity) *p4v1.Update { return &p4v1.Update{Type: tp, Entity: e} }
	flowsProf, ecmpProf := flows.GetImplementationId(), ecmp.GetImplementationId()
	if flowsProf == 0 || ecmpProf == 0 {
		t.Fatal("tables without an implementation")
	}
	ups := []*p4v1.Update{
		up(p4v1.Update_INSERT, member(flowsProf, 1, action(police.GetPreamble().GetId(), len(police.GetParams())))),
		up(p4v1.Update_INSERT, member(ecmpProf, 1, action(nhop.GetPreamble().GetId(), len(nhop.GetParams())))),
		up(p4v1.Update_INSERT, member(ecmpProf, 2, action(nhop.GetPreamble().GetId(), len(nhop.GetParams())))),
	}
	if err := e.write(1, ups...); err != nil {
		t.Fatalf("members: %v", err)
	}
	group := &p4v1.Entity{Entity: &p4v1.Entity_ActionProfileGroup{ActionProfileGroup: &p4v1.ActionProfileGroup{
		ActionProfileId: ecmpProf, GroupId: 7, Members: []*p4v1.ActionProfileGroup_Member{{MemberId: 1, Weight: 1}, {MemberId: 2, Weight: 2}}}}}
	if err := e.write(1, up(p4v1.Update_INSERT, group)); err != nil {
		t.Fatalf("group: %v", err)
	}
	entry := &p4v1.Entity{Entity: &p4v1.Entity_TableEntry{TableEntry: &p4v1.TableEntry{TableId: flows.GetPreamble().GetId(),
		Match:  []*p4v1.FieldMatch{{FieldId: 1, FieldMatchType: &p4v1.FieldMatch_Exact_{Exact: &p4v1.FieldMatch_Exact{Value: []byte{10, 0, 0, 1}}}}},
		Action: &p4v1.TableAction{Type: &p4v1.TableAction_ActionProfileMemberId{ActionProfileMemberId: 1}}}}}
	if err := e.write(1, up(p4v1.Update_INSERT, entry)); err != nil {
		t.Fatalf("table entry naming a member: %v", err)
	}
	if err := e.write(1, up(p4v1.Update_DELETE, entry)); err != nil {
		t.Errorf("delete the entry: %v", err)
	}
	// A member in a group cannot go.
	if err := e.write(1, up(p4v1.Update_DELETE, member(ecmpProf, 2, nil))); err == nil {
		t.Error("deleting a member of a group succeeded")
	}
	if err := e.write(1, up(p4v1.Update_DELETE, group), up(p4v1.Update_DELETE, member(ecmpProf, 2, nil))); err != nil {
		t.Errorf("delete group then member: %v", err)
	}
}
