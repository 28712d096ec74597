package api

import (
	"crypto/x509"
	"fmt"
	"os"
)

// CertPool reads the PEM certificates of a CA file, for either side of
// the control plane's (mutual) TLS.
func CertPool(caFile string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("tls: no certificate in %q", caFile)
	}
	return pool, nil
}
