package oura

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// ListOption refines a listing; pass it after the range:
//
//	client.DailySleep(ctx, start, end, oura.Fields("day", "score"))
type ListOption func(*listOptions) error

type listOptions struct {
	fields []string
	latest bool
}

// Fields asks Oura for only the named fields of each document (their JSON
// names, such as "score"); the others are left zero or nil. The fields the
// SDK reads are always added: the id, the field the range is filtered on
// (day, start_day or timestamp), a period's end_day and a heart-rate
// sample's source. An unknown name is an error before any request.
func Fields(names ...string) ListOption {
	return func(o *listOptions) error {
		if len(names) == 0 {
			return fmt.Errorf("Fields: no field names: %w", ErrInvalidArgument)
		}
		o.fields = append(o.fields, names...)
		return nil
	}
}

// Latest asks a time series (HeartRate, RingBatteryLevel) for only its
// latest sample in the range.
func Latest() ListOption {
	return func(o *listOptions) error { o.latest = true; return nil }
}

// applyListOptions checks opts for a listing of T and sets its filters on
// q. need holds the JSON fields the SDK reads (range and key), added to
// Fields; series tells whether Latest is allowed.
func applyListOptions[T any](op string, q url.Values, need []string, series bool, opts []ListOption) error {
	var o listOptions
	for _, f := range opts {
		if f == nil {
			return fmt.Errorf("oura: %s: nil ListOption: %w", op, ErrInvalidArgument)
		}
		if err := f(&o); err != nil {
			return fmt.Errorf("oura: %s: %w", op, err)
		}
	}
	if o.latest {
		if !series {
			return fmt.Errorf("oura: %s: Latest applies to time series only: %w", op, ErrInvalidArgument)
		}
		q.Set("latest", "true")
	}
	if len(o.fields) > 0 {
		known := jsonFields[T]()
		fields := make([]string, 0, len(o.fields)+1)
		for _, f := range o.fields {
			if !known[f] {
				return fmt.Errorf("oura: %s: unknown field %q: %w", op, f, ErrInvalidArgument)
			}
			if !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
		for _, f := range need {
			if known[f] && !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
		q.Set("fields", strings.Join(fields, ","))
	}
	return nil
}

var jsonFieldCache sync.Map // reflect.Type -> map[string]bool

// jsonFields returns the JSON field names of the struct T.
func jsonFields[T any]() map[string]bool {
	t := reflect.TypeFor[T]()
	if m, ok := jsonFieldCache.Load(t); ok {
		return m.(map[string]bool)
	}
	m := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			m[name] = true
		}
	}
	jsonFieldCache.Store(t, m)
	return m
}
