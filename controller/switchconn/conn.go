// Package switchconn keeps a P4Runtime connection to one switch: it dials,
// wins (or waits for) arbitration, makes sure the switch runs our
// pipeline, and turns the stream into events; when the stream breaks it
// reconnects with backoff, which p4runtime-go-client never does on its own.
//
// It uses p4runtime-go-client for the stream and arbitration, and the raw
// P4Runtime stub for what the client does poorly: batched Writes (the
// client sends one update per Write) with per-update errors decoded, and
// streamed wildcard Reads.
//
// It may import the P4Runtime API, gRPC and p4runtime-go-client; it knows
// nothing of VCNs or of smarttor.p4.
package switchconn

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"sync"
	"time"

	p4client "github.com/antoninbas/p4runtime-go-client/pkg/client"
	p4configv1 "github.com/p4lang/p4runtime/go/p4/config/v1"
	p4v1 "github.com/p4lang/p4runtime/go/p4/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// Options configure a connection.
type Options struct {
	Addr       string // host:port of the P4Runtime server
	DeviceID   uint64
	ElectionID uint64 // higher wins; equal ids are refused by the switch
	// P4Info and DeviceConfig are the pipeline the switch must run. The
	// connection pushes them when the switch runs another pipeline (or
	// none, after a restart).
	P4Info       *p4configv1.P4Info
	DeviceConfig []byte
	// MaxBatch caps the updates per WriteRequest (default 5000).
	MaxBatch int
	// Backoff between reconnection attempts: starts at MinBackoff and
	// doubles up to MaxBackoff (defaults 50 ms and 2 s).
	MinBackoff, MaxBackoff time.Duration

	Logger *slog.Logger
}

// EventKind tells events apart.
type EventKind int

// Kinds of events.
const (
	// Ready: this connection is primary and the switch runs our pipeline.
	// Fresh is set when the pipeline was (re)pushed, so the switch's
	// tables are empty: the agent re-programs its state.
	Ready EventKind = iota
	// Backup: connected, but another controller is primary.
	Backup
	// Disconnected: the stream broke; the connection is retrying.
	Disconnected
	// Message: a stream message (digest, idle timeout, packet-in, error).
	Message
)

// Event is what the connection reports.
type Event struct {
	Kind  EventKind
	Fresh bool
	Msg   *p4v1.StreamMessageResponse
	Err   error
}

// Conn is a self-healing connection to one switch.
type Conn struct {
	opts   Options
	cookie uint64
	events chan Event
	log    *slog.Logger

	mu       sync.Mutex
	cc       *grpc.ClientConn
	client   *p4client.Client
	sendCh   chan<- *p4v1.StreamMessageRequest
	election *p4v1.Uint128
	primary  bool
}

// New returns a connection; Run drives it.
func New(opts Options) (*Conn, error) {
	if opts.P4Info == nil {
		return nil, errors.New("switchconn: a P4Info is required")
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 5000
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 50 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 2 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	info, err := proto.MarshalOptions{Deterministic: true}.Marshal(opts.P4Info)
	if err != nil {
		return nil, fmt.Errorf("switchconn: marshal P4Info: %w", err)
	}
	h := fnv.New64a()
	h.Write(info)
	h.Write(opts.DeviceConfig)
	return &Conn{opts: opts, cookie: h.Sum64(), events: make(chan Event, 1024),
		log: opts.Logger.With("switch", opts.Addr)}, nil
}

// Events delivers the connection's events. The agent must keep reading:
// stream messages are not dropped, so a slow reader slows the stream
// (back-pressure to the switch, which batches digests meanwhile).
func (c *Conn) Events() <-chan Event { return c.events }

// Cookie identifies our pipeline on the switch.
func (c *Conn) Cookie() uint64 { return c.cookie }

// Run connects and reconnects until ctx ends.
func (c *Conn) Run(ctx context.Context) {
	backoff := c.opts.MinBackoff
	for ctx.Err() == nil {
		err := c.session(ctx)
		if ctx.Err() != nil {
			break
		}
		c.setClient(nil, nil, nil, false)
		c.emit(ctx, Event{Kind: Disconnected, Err: err})
		c.log.Warn("switch connection lost", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		if backoff *= 2; backoff > c.opts.MaxBackoff {
			backoff = c.opts.MaxBackoff
		}
	}
	c.setClient(nil, nil, nil, false)
}

func (c *Conn) emit(ctx context.Context, ev Event) {
	select {
	case c.events <- ev:
	case <-ctx.Done():
	}
}

func (c *Conn) setClient(cc *grpc.ClientConn, cl *p4client.Client, send chan<- *p4v1.StreamMessageRequest, primary bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cc != nil && c.cc != cc {
		c.cc.Close()
	}
	c.cc, c.client, c.sendCh, c.primary = cc, cl, send, primary
}

// session runs one connection until its stream breaks. It runs the
// stream itself rather than through p4runtime-go-client's Run, which hides
// the arbitration status and election id: a backup must see "no primary"
// and the highest election id the switch has seen, to take over with an
// id at least as high (P4Runtime §5: the switch names no new primary by
// itself when the primary leaves).
func (c *Conn) session(ctx context.Context) error {
	cc, err := grpc.NewClient(c.opts.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	election := &p4v1.Uint128{Low: c.opts.ElectionID}
	c.setElection(election)
	cl := p4client.NewClient(p4v1.NewP4RuntimeClient(cc), c.opts.DeviceID, election)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := cl.StreamChannel(sctx)
	if err != nil {
		c.setClient(cc, nil, nil, false)
		return fmt.Errorf("stream: %w", err)
	}
	sendCh := make(chan *p4v1.StreamMessageRequest, 1024)
	c.setClient(cc, cl, sendCh, false)
	errc := make(chan error, 2)
	go func() {
		for {
			select {
			case m := <-sendCh:
				if err := stream.Send(m); err != nil {
					errc <- fmt.Errorf("stream send: %w", err)
					return
				}
			case <-sctx.Done():
				stream.CloseSend()
				return
			}
		}
	}()
	msgs := make(chan *p4v1.StreamMessageResponse, 1024)
	go func() {
		for {
			m, err := stream.Recv()
			if err != nil {
				errc <- fmt.Errorf("stream: %w", err)
				return
			}
			select {
			case msgs <- m:
			case <-sctx.Done():
				return
			}
		}
	}()
	arbitrate := func(id *p4v1.Uint128) {
		select {
		case sendCh <- &p4v1.StreamMessageRequest{Update: &p4v1.StreamMessageRequest_Arbitration{
			Arbitration: &p4v1.MasterArbitrationUpdate{DeviceId: c.opts.DeviceID, ElectionId: id}}}:
		case <-sctx.Done():
		}
	}
	arbitrate(election)

	primary, announced := false, false
	for {
		var m *p4v1.StreamMessageResponse
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
			return ctx.Err()
		case m = <-msgs:
		}
		arb := m.GetArbitration()
		if arb == nil {
			c.emit(ctx, Event{Kind: Message, Msg: m})
			continue
		}
		if codes.Code(arb.GetStatus().GetCode()) != codes.OK {
			if primary || !announced {
				c.setPrimary(false)
				c.emit(ctx, Event{Kind: Backup})
				announced = true
			}
			primary = false
			if codes.Code(arb.GetStatus().GetCode()) == codes.NotFound {
				// No primary: take over with an id at least as high as
				// any the switch has seen.
				if hi := arb.GetElectionId(); hi != nil && less128(election, hi) {
					election = &p4v1.Uint128{High: hi.High, Low: hi.Low}
					c.setElection(election)
				}
				c.log.Info("no primary controller: taking over", "election_id", election.Low)
				arbitrate(election)
			}
			continue
		}
		if primary {
			continue // a repeated confirmation (another client came or went)
		}
		primary, announced = true, false
		fresh, err := c.ensurePipeline(sctx, cl)
		if err != nil {
			return fmt.Errorf("pipeline: %w", err)
		}
		c.setPrimary(true)
		c.emit(ctx, Event{Kind: Ready, Fresh: fresh})
	}
}

func less128(a, b *p4v1.Uint128) bool {
	if a.GetHigh() != b.GetHigh() {
		return a.GetHigh() < b.GetHigh()
	}
	return a.GetLow() < b.GetLow()
}

func (c *Conn) setElection(id *p4v1.Uint128) {
	c.mu.Lock()
	c.election = id
	c.mu.Unlock()
}

func (c *Conn) currentElection() *p4v1.Uint128 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.election
}

func (c *Conn) setPrimary(p bool) {
	c.mu.Lock()
	c.primary = p
	c.mu.Unlock()
}

// Primary reports whether this connection currently is primary.
func (c *Conn) Primary() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.primary
}

// ensurePipeline pushes our pipeline unless the switch already runs it
// (same cookie), and reports whether it pushed.
func (c *Conn) ensurePipeline(ctx context.Context, cl *p4client.Client) (bool, error) {
	resp, err := cl.GetForwardingPipelineConfig(ctx, &p4v1.GetForwardingPipelineConfigRequest{
		DeviceId: c.opts.DeviceID, ResponseType: p4v1.GetForwardingPipelineConfigRequest_COOKIE_ONLY})
	if err == nil && resp.GetConfig().GetCookie().GetCookie() == c.cookie {
		return false, nil
	}
	_, err = cl.SetForwardingPipelineConfig(ctx, &p4v1.SetForwardingPipelineConfigRequest{
		DeviceId: c.opts.DeviceID, ElectionId: c.currentElection(),
		Action: p4v1.SetForwardingPipelineConfigRequest_VERIFY_AND_COMMIT,
		Config: &p4v1.ForwardingPipelineConfig{P4Info: c.opts.P4Info, P4DeviceConfig: c.opts.DeviceConfig,
			Cookie: &p4v1.ForwardingPipelineConfig_Cookie{Cookie: c.cookie}},
	})
	if err != nil {
		return false, err
	}
	return true, nil
}

func (c *Conn) current() (*p4client.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client == nil {
		return nil, ErrNotConnected
	}
	return c.client, nil
}

// ErrNotConnected is returned by calls made while the connection is down.
var ErrNotConnected = errors.New("switchconn: not connected")

// Send sends a stream message (e.g. a DigestListAck or a PacketOut).
func (c *Conn) Send(ctx context.Context, m *p4v1.StreamMessageRequest) error {
	c.mu.Lock()
	ch := c.sendCh
	c.mu.Unlock()
	if ch == nil {
		return ErrNotConnected
	}
	select {
	case ch <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// UpdateError is the failure of one update of a batched Write.
type UpdateError struct {
	Index int // into the updates passed to Write
	Code  codes.Code
	Msg   string
}

// WriteError reports the updates of a Write that failed; the others were
// applied.
type WriteError struct {
	Updates []UpdateError
}

func (e *WriteError) Error() string {
	if len(e.Updates) == 1 {
		u := e.Updates[0]
		return fmt.Sprintf("write: update %d: %v: %s", u.Index, u.Code, u.Msg)
	}
	return fmt.Sprintf("write: %d updates failed, first: update %d: %v: %s",
		len(e.Updates), e.Updates[0].Index, e.Updates[0].Code, e.Updates[0].Msg)
}

// Write sends updates in batches of at most MaxBatch with
// CONTINUE_ON_ERROR. Updates of one batch may be applied in any order
// (P4Runtime §12): callers that need ordering call Write twice. A
// *WriteError lists the updates that failed; any other error means the
// outcome is unknown (connection lost).
func (c *Conn) Write(ctx context.Context, updates []*p4v1.Update) error {
	cl, err := c.current()
	if err != nil {
		return err
	}
	var werr WriteError
	for start := 0; start < len(updates); start += c.opts.MaxBatch {
		end := min(start+c.opts.MaxBatch, len(updates))
		_, err := cl.Write(ctx, &p4v1.WriteRequest{
			DeviceId: c.opts.DeviceID, ElectionId: c.currentElection(),
			Updates: updates[start:end], Atomicity: p4v1.WriteRequest_CONTINUE_ON_ERROR,
		})
		if err == nil {
			continue
		}
		per, ok := perUpdate(err, end-start)
		if !ok {
			return fmt.Errorf("write: %w", err)
		}
		for _, u := range per {
			u.Index += start
			werr.Updates = append(werr.Updates, u)
		}
	}
	if len(werr.Updates) > 0 {
		return &werr
	}
	return nil
}

// perUpdate decodes the per-update errors of a failed Write (P4Runtime
// §12.3: status UNKNOWN with one p4.v1.Error per update in the details).
func perUpdate(err error, n int) ([]UpdateError, bool) {
	st, ok := status.FromError(err)
	if !ok {
		return nil, false
	}
	details := st.Details()
	if len(details) != n {
		if st.Code() == codes.Unavailable || st.Code() == codes.Canceled || st.Code() == codes.DeadlineExceeded || len(details) == 0 {
			return nil, false
		}
	}
	var out []UpdateError
	for i, d := range details {
		pe, ok := d.(*p4v1.Error)
		if !ok {
			return nil, false
		}
		if codes.Code(pe.GetCanonicalCode()) != codes.OK {
			out = append(out, UpdateError{Index: i, Code: codes.Code(pe.GetCanonicalCode()), Msg: pe.GetMessage()})
		}
	}
	return out, true
}

// Read streams the entities matching the given (possibly wildcard)
// entities to fn, in chunks as the switch sends them.
func (c *Conn) Read(ctx context.Context, entities []*p4v1.Entity, fn func(*p4v1.Entity) error) error {
	cl, err := c.current()
	if err != nil {
		return err
	}
	stream, err := cl.P4RuntimeClient.Read(ctx, &p4v1.ReadRequest{DeviceId: c.opts.DeviceID, Entities: entities})
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		for _, e := range resp.GetEntities() {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
}
