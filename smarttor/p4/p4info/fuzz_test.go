package p4info

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzNewIndex feeds NewIndex P4Infos in wire format, as a P4Runtime
// SetForwardingPipelineConfig delivers them: it must never panic.
func FuzzNewIndex(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txtpb"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		info, err := UnmarshalText(b)
		if err != nil {
			continue // p4c output with fields newer than the pinned API
		}
		bin, err := MarshalBinary(info)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bin)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := UnmarshalBinary(b)
		if err != nil {
			return
		}
		x, err := NewIndex(info)
		if err != nil {
			return
		}
		for _, tb := range x.Tables.All() {
			FindMatchField(tb, 1)
			FindActionRef(tb, 1)
			x.Tables.Name(tb.GetPreamble().GetAlias())
		}
		for _, a := range x.Actions.All() {
			FindParam(a, 1)
		}
		MarshalText(info)
	})
}

// FuzzUnmarshalText feeds UnmarshalText P4Infos in text format: it must
// never panic, and what it reads MarshalText writes back readably and
// unchanged (newer fields included).
func FuzzUnmarshalText(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txtpb"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("tables { preamble { id: 1 name: \"t\" } is_const_table: true has_initial_entries: true }\n" +
		"action_profiles { preamble { id: 2 } with_selector: true sum_of_members { max_member_weight: 4 } }\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := UnmarshalText(b)
		if err != nil {
			return
		}
		text := MarshalText(info)
		back, err := UnmarshalText(text)
		if err != nil {
			t.Fatalf("MarshalText wrote what UnmarshalText cannot read: %v\n%s", err, text)
		}
		if again := MarshalText(back); string(again) != string(text) {
			t.Fatalf("text changed on a round trip:\n%s\nthen\n%s", text, again)
		}
	})
}
