package ouraapi

import "fmt"

// The webhook request bodies carry the verification token: printing them
// with any verb hides it.

// Format prints r with its verification token hidden.
func (r CreateWebhookSubscriptionRequest) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "{CallbackURL: %s, VerificationToken: [hidden], EventType: %s, DataType: %s}",
		r.CallbackURL, r.EventType, r.DataType)
}

// Format prints r with its verification token hidden.
func (r UpdateWebhookSubscriptionRequest) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "{VerificationToken: [hidden], CallbackURL: %s, EventType: %s, DataType: %s}",
		deref(r.CallbackURL), deref(r.EventType), deref(r.DataType))
}

func deref[T any](p *T) any {
	if p == nil {
		return "<nil>"
	}
	return *p
}
