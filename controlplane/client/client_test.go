package client

import (
	"errors"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

func TestErrorFromStatus(t *testing.T) {
	withField := func(code codes.Code) error {
		st, err := status.New(code, "x").WithDetails(&errdetails.ErrorInfo{
			Reason: api.ErrorReasonField, Domain: api.ErrorDomain,
			Metadata: map[string]string{"object": `subnet "s"`, "field": "cidr", "message": "bad"},
		})
		if err != nil {
			t.Fatal(err)
		}
		return st.Err()
	}
	tests := []struct {
		name  string
		in    error
		is    error
		field string
		code  codes.Code
	}{
		{"not found", status.Error(codes.NotFound, "vnic/x: not found"), api.ErrNotFound, "", codes.Unknown},
		{"exists", status.Error(codes.AlreadyExists, "x"), api.ErrAlreadyExists, "", codes.Unknown},
		{"in use", withField(codes.FailedPrecondition), api.ErrInUse, "cidr", codes.Unknown},
		{"invalid with field", withField(codes.InvalidArgument), nil, "cidr", codes.Unknown},
		{"invalid without field", status.Error(codes.InvalidArgument, "object: no kind set"), nil, "", codes.InvalidArgument},
		{"other", status.Error(codes.Unavailable, "down"), nil, "", codes.Unavailable},
		{"not a status", errors.New("plain"), nil, "", codes.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ErrorFromStatus(tt.in)
			if tt.is != nil && !errors.Is(got, tt.is) {
				t.Errorf("%v is not %v", got, tt.is)
			}
			var fe *vcn.FieldError
			if tt.field != "" && (!errors.As(got, &fe) || fe.Field != tt.field || fe.Object != `subnet "s"`) {
				t.Errorf("%v: want field error on %q", got, tt.field)
			}
			if tt.code != codes.Unknown && status.Code(got) != tt.code {
				t.Errorf("%v: code %v, want %v", got, status.Code(got), tt.code)
			}
		})
	}
}
