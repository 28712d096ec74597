package p4rt

import (
	"fmt"
	"io"
	"sync"

	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/genproto/googleapis/rpc/code"
	rpcstatus "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
)

// arbiter implements §5 of the spec: per role, the highest election id ever
// seen, the live controllers and the primary.
type arbiter struct {
	s     *Server
	mu    sync.Mutex
	roles map[string]*roleState
}

type roleState struct {
	name    string
	streams map[*stream]struct{}
	primary *stream
	highest *p4v1.Uint128 // nil until a primary was ever chosen
	config  *anypb.Any
}

// stream is one StreamChannel.
type stream struct {
	ctrl     chan *p4v1.StreamMessageResponse // arbitration, sent first
	out      chan *p4v1.StreamMessageResponse // data
	done     chan struct{}
	role     string
	election *p4v1.Uint128
	armed    bool
}

func newArbiter(s *Server) *arbiter { return &arbiter{s: s, roles: map[string]*roleState{}} }

// cmp128 compares two election ids; nil is below everything.
func cmp128(a, b *p4v1.Uint128) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	case a.High != b.High:
		if a.High < b.High {
			return -1
		}
		return 1
	case a.Low != b.Low:
		if a.Low < b.Low {
			return -1
		}
		return 1
	}
	return 0
}

// isPrimary reports whether (role, election id) is the role's primary.
func (a *arbiter) isPrimary(role string, id *p4v1.Uint128) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.roles[role]
	return r != nil && r.primary != nil && id != nil && cmp128(r.primary.election, id) == 0
}

// primaries returns the primary streams of every role.
func (a *arbiter) primaries() []*stream {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []*stream
	for _, r := range a.roles {
		if r.primary != nil {
			out = append(out, r.primary)
		}
	}
	return out
}

func (a *arbiter) isPrimaryStream(st *stream) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.roles[st.role]
	return r != nil && r.primary == st
}

// notice builds the arbitration message for st.
func (a *arbiter) notice(r *roleState, st *stream) *p4v1.StreamMessageResponse {
	m := &p4v1.MasterArbitrationUpdate{DeviceId: a.s.opts.deviceID, ElectionId: r.highest}
	if r.name != "" || r.config != nil {
		m.Role = &p4v1.Role{Name: r.name, Config: r.config}
	}
	switch {
	case r.primary == st:
		m.Status = &rpcstatus.Status{Code: int32(code.Code_OK), Message: "primary"}
	case r.primary != nil:
		m.Status = &rpcstatus.Status{Code: int32(code.Code_ALREADY_EXISTS), Message: "backup: another controller is primary"}
	default:
		m.Status = &rpcstatus.Status{Code: int32(code.Code_NOT_FOUND), Message: "backup: there is no primary"}
	}
	return &p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Arbitration{Arbitration: m}}
}

func (a *arbiter) notifyAll(r *roleState) {
	for st := range r.streams {
		st.send(a.notice(r, st), true)
	}
}

// update handles a MasterArbitrationUpdate from st.
func (a *arbiter) update(st *stream, m *p4v1.MasterArbitrationUpdate) error {
	roleName := m.GetRole().GetName()
	a.mu.Lock()
	defer a.mu.Unlock()
	if m.GetDeviceId() != a.s.opts.deviceID {
		if st.armed {
			return status.Errorf(codes.FailedPrecondition, "device id changed to %d", m.GetDeviceId())
		}
		return status.Errorf(codes.NotFound, "unknown device id %d", m.GetDeviceId())
	}
	if st.armed && roleName != st.role {
		return status.Errorf(codes.FailedPrecondition, "role cannot change on a stream (%q to %q)", st.role, roleName)
	}
	r := a.roles[roleName]
	if r == nil {
		r = &roleState{name: roleName, streams: map[*stream]struct{}{}}
		a.roles[roleName] = r
	}
	id := m.GetElectionId()
	if id != nil {
		for o := range r.streams {
			if o != st && cmp128(o.election, id) == 0 {
				return status.Errorf(codes.InvalidArgument, "election id %d:%d is used by another controller", id.High, id.Low)
			}
		}
	}
	st.armed, st.role, st.election = true, roleName, id
	r.streams[st] = struct{}{}
	wasPrimary := r.primary == st
	if id != nil && (r.highest == nil || cmp128(id, r.highest) >= 0) {
		r.primary, r.highest = st, id
		if cfg := m.GetRole().GetConfig(); cfg != nil || r.config == nil {
			r.config = cfg
		}
		a.notifyAll(r)
		return nil
	}
	if wasPrimary {
		r.primary = nil
		a.notifyAll(r)
		return nil
	}
	st.send(a.notice(r, st), true)
	return nil
}

// leave removes st; if it was primary, everyone else learns there is none.
func (a *arbiter) leave(st *stream) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.roles[st.role]
	if r == nil || !st.armed {
		return
	}
	delete(r.streams, st)
	if r.primary == st {
		r.primary = nil
		a.notifyAll(r)
	}
}

// send queues m without blocking (the arbiter calls it under its lock).
// Control messages (arbitration) have their own queue, drained first; data
// (packet-in, digests, idle notifications, stream errors) are dropped when
// the client is too slow, as a switch drops on a congested CPU port.
func (st *stream) send(m *p4v1.StreamMessageResponse, control bool) {
	q := st.out
	if control {
		q = st.ctrl
	}
	select {
	case q <- m:
	default:
	}
}

// StreamChannel runs one controller session.
func (s *Server) StreamChannel(srv p4v1.P4Runtime_StreamChannelServer) error {
	st := &stream{ctrl: make(chan *p4v1.StreamMessageResponse, 256), out: make(chan *p4v1.StreamMessageResponse, s.opts.streamBuffer), done: make(chan struct{})}
	sendErr := make(chan error, 1)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			var m *p4v1.StreamMessageResponse
			select {
			case m = <-st.ctrl:
			default:
				select {
				case m = <-st.ctrl:
				case m = <-st.out:
				case <-st.done:
					return
				}
			}
			if err := srv.Send(m); err != nil {
				sendErr <- err
				return
			}
		}
	}()
	defer func() {
		s.arb.leave(st)
		close(st.done)
		wg.Wait()
	}()
	recv := make(chan *p4v1.StreamMessageRequest)
	recvErr := make(chan error, 1)
	go func() {
		for {
			m, err := srv.Recv()
			if err != nil {
				recvErr <- err
				return
			}
			select {
			case recv <- m:
			case <-st.done:
				return
			}
		}
	}()
	for {
		var m *p4v1.StreamMessageRequest
		select {
		case m = <-recv:
		case err := <-recvErr:
			if err == io.EOF {
				return nil
			}
			return err
		case err := <-sendErr:
			return err
		case <-s.stop:
			return status.Error(codes.Unavailable, "server stopping")
		}
		if err := s.handleStream(st, m); err != nil {
			return err
		}
	}
}

func (s *Server) handleStream(st *stream, m *p4v1.StreamMessageRequest) error {
	switch x := m.GetUpdate().(type) {
	case *p4v1.StreamMessageRequest_Arbitration:
		return s.arb.update(st, x.Arbitration)
	case *p4v1.StreamMessageRequest_Packet:
		if !st.armed || !s.arb.isPrimaryStream(st) {
			st.send(packetOutError(codes.PermissionDenied, "packet-out from a controller that is not primary", x.Packet), false)
			return nil
		}
		if err := s.packetOut(x.Packet); err != nil {
			st.send(packetOutError(codeOf(err), err.Error(), x.Packet), false)
		}
	case *p4v1.StreamMessageRequest_DigestAck:
		if !s.arb.isPrimaryStream(st) {
			return nil
		}
		s.mu.RLock()
		_, known := s.pipe.digestKnown(x.DigestAck.GetDigestId())
		s.mu.RUnlock()
		if !known {
			st.send(&p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Error{Error: &p4v1.StreamError{
				CanonicalCode: int32(codes.InvalidArgument), Message: fmt.Sprintf("unknown digest id %d", x.DigestAck.GetDigestId()),
				Details: &p4v1.StreamError_DigestListAck{DigestListAck: &p4v1.DigestListAckError{DigestListAck: x.DigestAck}}}}}, false)
			return nil
		}
		s.digests.ack(x.DigestAck.GetDigestId(), x.DigestAck.GetListId())
	default:
		st.send(&p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Error{Error: &p4v1.StreamError{
			CanonicalCode: int32(codes.Unimplemented), Message: "unsupported stream message",
			Details: &p4v1.StreamError_Other{Other: &p4v1.StreamOtherError{}}}}}, false)
	}
	return nil
}

func packetOutError(c codes.Code, msg string, p *p4v1.PacketOut) *p4v1.StreamMessageResponse {
	return &p4v1.StreamMessageResponse{Update: &p4v1.StreamMessageResponse_Error{Error: &p4v1.StreamError{
		CanonicalCode: int32(c), Message: msg,
		Details: &p4v1.StreamError_PacketOut{PacketOut: &p4v1.PacketOutError{PacketOut: p}}}}}
}

// broadcast sends a data message to the primary of every role.
func (s *Server) broadcast(m *p4v1.StreamMessageResponse) {
	for _, st := range s.arb.primaries() {
		st.send(m, false)
	}
}
