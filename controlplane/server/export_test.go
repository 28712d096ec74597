package server_test

import (
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/proto/convert"
)

var convertObject = convert.ObjectToProto

// clientError is the error the client returns for a status error.
var clientError = client.ErrorFromStatus
