package ouratest_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ringkit/oura-go/oura/ouratest"
)

func TestClientOrFakeSaysWhichServerInBothCases(t *testing.T) {
	t.Parallel()
	var real, fake bytes.Buffer
	c, done, err := ouratest.ClientOrFake("tok-not-printed", &real)
	if err != nil {
		t.Fatal(err)
	}
	done()
	if got := real.String(); got != "OURA_TOKEN is set: using Oura's API (https://api.ouraring.com).\n" ||
		!strings.Contains(fmt.Sprint(c), "https://api.ouraring.com") {
		t.Errorf("with a token: said %q, client %v", got, c)
	}
	c, done, err = ouratest.ClientOrFake("", &fake)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if got := fake.String(); !strings.Contains(got, "OURA_TOKEN is not set: using the built-in fake server") ||
		strings.Contains(fmt.Sprint(c), "api.ouraring.com") {
		t.Errorf("without a token: said %q, client %v", got, c)
	}
}
