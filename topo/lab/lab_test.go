package lab

import (
	"context"
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	l, err := Start(ctx, Topology{ToRs: 2, VNICsPerToR: 2, VCNs: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tctx, tcancel := context.WithTimeout(ctx, 2*time.Second)
	l.RunTraffic(tctx, TrafficOptions{Rate: 500, Flows: 8})
	tcancel()
	time.Sleep(200 * time.Millisecond)
	t.Logf("%+v", l.Stats(ctx))
	t.Logf("%+v", l.Verdict())
}
