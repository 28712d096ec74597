package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/vcn-flowcache/vcn-flowcache/controlplane/api"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/client"
	"github.com/vcn-flowcache/vcn-flowcache/controlplane/store"
	cpv1 "github.com/vcn-flowcache/vcn-flowcache/proto/controlplane/v1"
	"github.com/vcn-flowcache/vcn-flowcache/vcn"
)

// start runs the daemon with args and returns its address and a stop
// function that cancels it (as SIGTERM does) and returns run's error.
func start(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, append([]string{"--listen", "127.0.0.1:0"}, args...), ready) }()
	select {
	case addr := <-ready:
		return addr, func() error { cancel(); return <-errc }
	case err := <-errc:
		cancel()
		t.Fatalf("run: %v", err)
	case <-time.After(time.Minute):
		cancel()
		t.Fatal("not ready after a minute")
	}
	return "", nil
}

func TestRestartKeepsData(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	addr, stop := start(t, "--data-dir", dir)
	c, err := client.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	v := vcn.VCN{ID: "vcn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, VNI: 7}
	if _, err := c.Create(ctx, v); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := stop(); err != nil {
		t.Fatalf("clean shutdown: %v", err)
	}

	addr, stop = start(t, "--data-dir", dir)
	defer stop()
	c, err = client.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := c.Get(ctx, api.Ref{Kind: api.KindVCN, ID: "vcn-1"})
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	if got.(vcn.VCN).VNI != 7 {
		t.Errorf("after restart: %+v", got)
	}
}

func TestMutualTLS(t *testing.T) {
	dir := t.TempDir()
	files := writeCerts(t, dir)
	addr, stop := start(t, "--data-dir", filepath.Join(dir, "data"),
		"--tls-cert", files["server.crt"], "--tls-key", files["server.key"], "--tls-ca", files["ca.crt"])
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	tlsCfg, err := client.TLSConfig(files["client.crt"], files["client.key"], files["ca.crt"], "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.Dial(addr, client.WithTLS(tlsCfg))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, _, err := c.Versions(ctx); err != nil {
		t.Fatalf("with a client certificate: %v", err)
	}

	noCert, err := client.TLSConfig("", "", files["ca.crt"], "")
	if err != nil {
		t.Fatal(err)
	}
	c2, err := client.Dial(addr, client.WithTLS(noCert))
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, _, err := c2.Versions(ctx); err == nil {
		t.Fatal("without a client certificate: no error")
	}
	plain, err := client.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if _, _, err := plain.Versions(ctx); err == nil {
		t.Fatal("plaintext: no error")
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--tls-cert", "x.crt"},
		{"--no-such-flag"},
	} {
		err := run(context.Background(), args, nil)
		if err == nil {
			t.Errorf("run(%q): no error", args)
		}
	}
}

// writeCerts writes a CA, a server certificate for 127.0.0.1 and a client
// certificate, all signed by the CA, and returns their paths by name.
func writeCerts(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	write := func(name, typ string, der []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		files[name] = p
	}
	newKey := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	now := time.Now()
	caKey := newKey()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	write("ca.crt", "CERTIFICATE", caDER)
	for i, name := range []string{"server", "client"} {
		k := newKey()
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(int64(i + 2)), Subject: pkix.Name{CommonName: name},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
		if name == "server" {
			tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		} else {
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		write(name+".crt", "CERTIFICATE", der)
		kd, err := x509.MarshalECPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		write(name+".key", "EC PRIVATE KEY", kd)
	}
	if len(files) != 5 {
		t.Fatal(errors.New("missing files"))
	}
	return files
}

// TestShutdownEndsWatches stops the daemon while a client watches: the
// server must end the stream itself (not leave GracefulStop waiting until
// it gives up and kills the connection).
func TestShutdownEndsWatches(t *testing.T) {
	addr, stop := start(t, "--data-dir", t.TempDir())
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stream, err := cpv1.NewControlPlaneClient(conn).Watch(ctx, &cpv1.WatchRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil { // the start event: the stream is open
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- stop() }()
	_, err = stream.Recv()
	if st := status.Convert(err); st.Code() != codes.Unavailable || !strings.Contains(st.Message(), "server stopping") {
		t.Errorf("watch ended with %v, want UNAVAILABLE server stopping", err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

// TestExternalEtcd runs two daemons on one external etcd cluster (here an
// embedded one the test starts): a change through one is seen by the other.
func TestExternalEtcd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := store.Open(ctx, t.TempDir(), store.WithoutFsync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	eps := strings.Join(st.Endpoints(), ",")
	addrA, stopA := start(t, "--etcd-endpoints", eps)
	defer stopA()
	addrB, stopB := start(t, "--etcd-endpoints", eps)
	defer stopB()
	a, err := client.Dial(addrA)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := client.Dial(addrB)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	v := vcn.VCN{ID: "vcn-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}, VNI: 7}
	if _, err := a.Create(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(ctx, vcn.RouteTable{ID: "rt-1", VCNID: "vcn-1"}); err != nil {
		t.Fatalf("through the other daemon: %v", err)
	}
	got, _, err := a.Versions(ctx, vcn.RoutePart("rt-1"))
	if err != nil || got[vcn.RoutePart("rt-1")] != 1 {
		t.Errorf("versions through the first daemon: %v, %v", got, err)
	}
}
