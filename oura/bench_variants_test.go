package oura_test

import "github.com/ringkit/oura-go/oura"

// sideVariants are the client settings the side-by-side benchmarks compare.
var sideVariants = []struct {
	name string
	opts []oura.Option
}{
	{"sequential", []oura.Option{oura.WithConcurrency(1)}},
	{"concurrency-2", []oura.Option{oura.WithConcurrency(2)}},
	{"concurrency-4", []oura.Option{oura.WithConcurrency(4)}},
	{"concurrency-8", []oura.Option{oura.WithConcurrency(8)}},
	{"concurrency-16", []oura.Option{oura.WithConcurrency(16)}},
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
