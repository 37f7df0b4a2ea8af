package oura_test

import "github.com/ringkit/oura-go/oura"

// sideVariants are the client settings the side-by-side benchmarks compare.
var sideVariants = []struct {
	name string
	opts []oura.Option
}{
	{"sequential", nil},
}

func newRSSClient(t interface {
	Fatal(...any)
}, base string, variant int) *oura.Client {
	c, err := oura.NewClient(append([]oura.Option{oura.WithBaseURL(base), oura.WithToken("bench")}, sideVariants[variant].opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
