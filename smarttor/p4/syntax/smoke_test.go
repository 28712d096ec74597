package syntax

import (
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	src, _ := os.ReadFile("testdata/programs/basic.p4")
	fset := NewFileSet()
	prog, err := ParseProgram(fset, "testdata/programs/basic.p4", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(len(prog.Decls))
	for _, d := range prog.Decls {
		t.Log(fset.Position(d.Pos()))
	}
}
