package gnmi

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gpb "github.com/openconfig/gnmi/proto/gnmi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/smarttor/ports"
)

// subscribe opens a Subscribe stream and sends sl.
func (f *fixture) subscribe(t *testing.T, sl *gpb.SubscriptionList) gpb.GNMI_SubscribeClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	st, err := f.client.Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Send(&gpb.SubscribeRequest{Request: &gpb.SubscribeRequest_Subscribe{Subscribe: sl}}); err != nil {
		t.Fatal(err)
	}
	return st
}

// untilSync receives notifications up to and including a sync response.
func untilSync(t *testing.T, st gpb.GNMI_SubscribeClient) map[string]string {
	t.Helper()
	var ns []*gpb.Notification
	for {
		r, err := st.Recv()
		if err != nil {
			t.Fatalf("recv: %v", err)
		}
		if r.GetSyncResponse() {
			return flat(ns...)
		}
		ns = append(ns, r.GetUpdate())
	}
}

// next receives one notification.
func next(t *testing.T, st gpb.GNMI_SubscribeClient) map[string]string {
	t.Helper()
	r, err := st.Recv()
	if err != nil {
		t.Fatalf("recv: %v", err)
	}
	if r.GetUpdate() == nil {
		t.Fatalf("got %v, want a notification", r)
	}
	return flat(r.GetUpdate())
}

func subs(mode gpb.SubscriptionMode, interval time.Duration, paths ...string) []*gpb.Subscription {
	var ss []*gpb.Subscription
	for _, s := range paths {
		ss = append(ss, &gpb.Subscription{Path: p(s), Mode: mode, SampleInterval: uint64(interval)})
	}
	return ss
}

func TestSubscribeOnce(t *testing.T) {
	f := newFixture(t)
	f.inject(t, f.eth2, 2)
	st := f.subscribe(t, &gpb.SubscriptionList{
		Mode:         gpb.SubscriptionList_ONCE,
		Encoding:     gpb.Encoding_PROTO,
		Subscription: subs(0, 0, "/interfaces/interface[name=*]/state/counters/in-pkts", eth2+"/state/oper-status"),
	})
	want := map[string]string{
		eth1 + "/state/counters/in-pkts": "0",
		eth2 + "/state/counters/in-pkts": "2",
		eth2 + "/state/oper-status":      "UP",
	}
	if diff := cmp.Diff(want, untilSync(t, st)); diff != "" {
		t.Errorf("updates (-want +got):\n%s", diff)
	}
	if _, err := st.Recv(); !errors.Is(err, io.EOF) {
		t.Errorf("after sync: %v, want end of stream", err)
	}
}

func TestSubscribePoll(t *testing.T) {
	f := newFixture(t)
	st := f.subscribe(t, &gpb.SubscriptionList{
		Mode:         gpb.SubscriptionList_POLL,
		Encoding:     gpb.Encoding_PROTO,
		Subscription: subs(0, 0, eth1+"/state/counters/in-pkts"),
	})
	for i, want := range []string{"0", "4"} {
		if i > 0 {
			f.inject(t, f.eth1, 4)
			if err := st.Send(&gpb.SubscribeRequest{Request: &gpb.SubscribeRequest_Poll{Poll: &gpb.Poll{}}}); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(map[string]string{eth1 + "/state/counters/in-pkts": want}, untilSync(t, st)); diff != "" {
			t.Errorf("poll %d (-want +got):\n%s", i, diff)
		}
	}
}

func TestSubscribeStreamSample(t *testing.T) {
	f := newFixture(t, WithMinSampleInterval(10*time.Millisecond))
	st := f.subscribe(t, &gpb.SubscriptionList{
		Mode:         gpb.SubscriptionList_STREAM,
		Encoding:     gpb.Encoding_JSON_IETF,
		Subscription: subs(gpb.SubscriptionMode_SAMPLE, 20*time.Millisecond, eth1+"/state/counters/out-pkts"),
	})
	key := eth1 + "/state/counters/out-pkts"
	if diff := cmp.Diff(map[string]string{key: `ietf:"0"`}, untilSync(t, st)); diff != "" {
		t.Errorf("initial (-want +got):\n%s", diff)
	}
	for range 5 {
		if err := f.set.Send(1, frame()); err != nil {
			t.Fatal(err)
		}
	}
	// Samples keep coming whether or not the value changed; wait for the
	// one that sees the five frames.
	for {
		got := next(t, st)
		if got[key] == `ietf:"5"` {
			break
		}
		if got[key] != `ietf:"0"` {
			t.Fatalf("sample %v, want 0 or 5", got)
		}
	}
}

func TestSubscribeStreamOnChange(t *testing.T) {
	f := newFixture(t, WithChangeRecheck(time.Hour))
	st := f.subscribe(t, &gpb.SubscriptionList{
		Mode:         gpb.SubscriptionList_STREAM,
		Encoding:     gpb.Encoding_PROTO,
		Subscription: subs(gpb.SubscriptionMode_ON_CHANGE, 0, "/interfaces/interface[name=*]/state/oper-status"),
	})
	want := map[string]string{eth1 + "/state/oper-status": "UP", eth2 + "/state/oper-status": "UP"}
	if diff := cmp.Diff(want, untilSync(t, st)); diff != "" {
		t.Errorf("initial (-want +got):\n%s", diff)
	}
	f.eth2.SetLinkUp(false)
	if diff := cmp.Diff(map[string]string{eth2 + "/state/oper-status": "DOWN"}, next(t, st)); diff != "" {
		t.Errorf("after eth2 down (-want +got):\n%s", diff)
	}
	f.eth2.SetLinkUp(true)
	if diff := cmp.Diff(map[string]string{eth2 + "/state/oper-status": "UP"}, next(t, st)); diff != "" {
		t.Errorf("after eth2 up (-want +got):\n%s", diff)
	}
}

func TestSubscribeStreamTargetDefinedAndDelete(t *testing.T) {
	// Port additions and removals are events: no recheck needed.
	f := newFixture(t, WithMinSampleInterval(10*time.Millisecond), WithChangeRecheck(time.Hour))
	st := f.subscribe(t, &gpb.SubscriptionList{
		Mode:         gpb.SubscriptionList_STREAM,
		Encoding:     gpb.Encoding_PROTO,
		UpdatesOnly:  true,
		Subscription: subs(gpb.SubscriptionMode_TARGET_DEFINED, 0, eth2+"/state/oper-status", eth2+"/state/name"),
	})
	if got := untilSync(t, st); len(got) != 0 {
		t.Errorf("updates_only sent %v before sync", got)
	}
	if err := f.set.Remove(2); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{eth2 + "/state/oper-status": "<deleted>", eth2 + "/state/name": "<deleted>"}
	if diff := cmp.Diff(want, next(t, st)); diff != "" {
		t.Errorf("after removing eth2 (-want +got):\n%s", diff)
	}
	again, _ := ports.NewMemPort(5, "eth2")
	if err := f.set.Add(again); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{eth2 + "/state/oper-status": "UP", eth2 + "/state/name": "eth2"}
	if diff := cmp.Diff(want, next(t, st)); diff != "" {
		t.Errorf("after adding eth2 again (-want +got):\n%s", diff)
	}
}

func TestSubscribeErrors(t *testing.T) {
	f := newFixture(t)
	stream := gpb.SubscriptionList_STREAM
	tests := []struct {
		name  string
		first *gpb.SubscribeRequest
		then  *gpb.SubscribeRequest // sent after the sync response
		want  codes.Code
	}{
		{"poll first", &gpb.SubscribeRequest{Request: &gpb.SubscribeRequest_Poll{Poll: &gpb.Poll{}}}, nil, codes.InvalidArgument},
		{"no subscriptions", subReq(&gpb.SubscriptionList{Mode: stream}), nil, codes.InvalidArgument},
		{"unknown path", subReq(&gpb.SubscriptionList{Mode: stream, Subscription: subs(0, 0, "/bogus")}), nil, codes.NotFound},
		{"interval too short", subReq(&gpb.SubscriptionList{Mode: stream, Subscription: subs(gpb.SubscriptionMode_SAMPLE, time.Microsecond, eth1)}), nil, codes.InvalidArgument},
		{"bytes encoding", subReq(&gpb.SubscriptionList{Mode: stream, Encoding: gpb.Encoding_BYTES, Subscription: subs(0, 0, eth1)}), nil, codes.Unimplemented},
		{"poll on stream", subReq(&gpb.SubscriptionList{Mode: stream, Subscription: subs(gpb.SubscriptionMode_ON_CHANGE, 0, eth1+"/state/name")}),
			&gpb.SubscribeRequest{Request: &gpb.SubscribeRequest_Poll{Poll: &gpb.Poll{}}}, codes.InvalidArgument},
		{"subscribe on poll", subReq(&gpb.SubscriptionList{Mode: gpb.SubscriptionList_POLL, Subscription: subs(0, 0, eth1+"/state/name")}),
			subReq(&gpb.SubscriptionList{}), codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			st, err := f.client.Subscribe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Send(tt.first); err != nil {
				t.Fatal(err)
			}
			if tt.then != nil {
				untilSync(t, st)
				if err := st.Send(tt.then); err != nil {
					t.Fatal(err)
				}
			}
			for {
				_, err := st.Recv()
				if err != nil {
					if got := status.Code(err); got != tt.want {
						t.Errorf("code = %v (%v), want %v", got, err, tt.want)
					}
					return
				}
			}
		})
	}
}

func subReq(sl *gpb.SubscriptionList) *gpb.SubscribeRequest {
	return &gpb.SubscribeRequest{Request: &gpb.SubscribeRequest_Subscribe{Subscribe: sl}}
}
