module github.com/ringkit/oura-go/oura/ourasync/sqlitemirror

go 1.26.0

require (
	github.com/ncruces/go-sqlite3 v0.37.0
	github.com/ringkit/oura-go v0.0.0
)

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/ncruces/go-sqlite3-wasm/v6 v6.5.35401 // indirect
	github.com/ncruces/julianday v1.0.0 // indirect
	golang.org/x/oauth2 v0.36.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

// For development in this repository; a released version requires a
// released oura-go instead.
replace github.com/ringkit/oura-go => ../../..
