package p4rt

import (
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// statusError is an error with a gRPC status code.
type statusError struct {
	code codes.Code
	msg  string
}

func (e *statusError) Error() string { return e.msg }

// GRPCStatus lets status.FromError and status.Code see the code.
func (e *statusError) GRPCStatus() *status.Status { return status.New(e.code, e.msg) }

// Errorf returns an error carrying a gRPC status code; targets use it to
// report NOT_FOUND, RESOURCE_EXHAUSTED, OUT_OF_RANGE and the like.
func Errorf(code codes.Code, format string, args ...any) error {
	return &statusError{code: code, msg: fmt.Sprintf(format, args...)}
}

// codeOf returns the status code of err: its own if it has one, INTERNAL
// otherwise, OK for nil.
func codeOf(err error) codes.Code {
	if err == nil {
		return codes.OK
	}
	if s, ok := status.FromError(err); ok {
		return s.Code()
	}
	return codes.Internal
}

// byteLen is the length of a padded byte string of bits.
func byteLen(bits int) int { return (bits + 7) / 8 }

// padBits decodes a P4Runtime byte string (§8.4) for an unsigned value of
// bits: any length is accepted if the value fits; the result is padded to
// ceil(bits/8) bytes. An empty string or a value too wide is OUT_OF_RANGE.
func padBits(b []byte, bits int, what string) ([]byte, error) {
	if len(b) == 0 {
		return nil, Errorf(codes.OutOfRange, "%s: empty byte string", what)
	}
	n := byteLen(bits)
	i := 0
	for i < len(b)-1 && b[i] == 0 {
		i++
	}
	v := b[i:]
	if len(v) > n || (len(v) == n && bits%8 != 0 && v[0]>>(bits%8) != 0) {
		return nil, Errorf(codes.OutOfRange, "%s: value %#x does not fit in %d bits", what, b, bits)
	}
	if len(v) == n {
		return v, nil
	}
	out := make([]byte, n)
	copy(out[n-len(v):], v)
	return out, nil
}

// canonical returns the shortest byte string for the value in b (at least
// one byte), sharing b's memory.
func canonical(b []byte) []byte {
	i := 0
	for i < len(b)-1 && b[i] == 0 {
		i++
	}
	return b[i:]
}

// isZero reports whether every byte of b is zero.
func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// allOnes returns the all-ones value of bits in ceil(bits/8) bytes.
func allOnes(bits int) []byte {
	n := byteLen(bits)
	b := make([]byte, n)
	for i := range b {
		b[i] = 0xff
	}
	if r := bits % 8; r != 0 {
		b[0] = byte(1<<r) - 1
	}
	return b
}

// prefixMask returns the mask of the top plen bits of a bits-wide field.
func prefixMask(bits int, plen int) []byte {
	n := byteLen(bits)
	b := make([]byte, n)
	pad := n*8 - bits
	for bit := pad; bit < pad+plen; bit++ {
		b[bit/8] |= 0x80 >> (bit % 8)
	}
	return b
}
