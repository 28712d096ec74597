package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func open(t *testing.T, dir string) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := Open(ctx, dir, WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCommitReopenWatchCompact(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, dir)
	// A second embedded store in the same process must not collide.
	other := open(t, t.TempDir())
	defer other.Close()

	rev1, ok, err := s.Commit(ctx, "guard", 0, []Op{{Key: "guard", Value: []byte("1")}, {Key: "a/x", Value: []byte("x1")}})
	if err != nil || !ok {
		t.Fatalf("first commit: ok %v err %v", ok, err)
	}
	if _, ok, err := s.Commit(ctx, "guard", 0, []Op{{Key: "a/y", Value: []byte("lost")}}); err != nil || ok {
		t.Fatalf("stale guard committed: ok %v err %v", ok, err)
	}
	rev2, ok, err := s.Commit(ctx, "guard", rev1, []Op{{Key: "guard", Value: []byte("2")}, {Key: "a/x", Delete: true}, {Key: "a/y", Value: []byte("y")}})
	if err != nil || !ok {
		t.Fatalf("second commit: ok %v err %v", ok, err)
	}
	s.Close()

	s = open(t, dir)
	defer s.Close()
	kvs, rev, err := s.Load(ctx, "a/")
	if err != nil {
		t.Fatal(err)
	}
	if rev != rev2 || len(kvs) != 1 || kvs[0].Key != "a/y" || string(kvs[0].Value) != "y" {
		t.Fatalf("after reopen: rev %d (want %d), %+v", rev, rev2, kvs)
	}

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := s.Watch(wctx, "a/", rev1)
	var got []Event
	for len(got) < 3 {
		b := <-ch
		if b.Err != nil {
			t.Fatal(b.Err)
		}
		got = append(got, b.Events...)
	}
	if got[0].Key != "a/x" || got[0].ModRevision != rev1 || !got[1].Delete && !got[2].Delete {
		t.Fatalf("watch events: %+v", got)
	}

	if err := s.Compact(ctx, rev2); err != nil {
		t.Fatal(err)
	}
	b := <-s.Watch(wctx, "a/", rev1)
	if !errors.Is(b.Err, ErrCompacted) {
		t.Fatalf("watch from compacted revision: %v, want ErrCompacted", b.Err)
	}
}
